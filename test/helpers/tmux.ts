// A private tmux server per test: its own socket file, its own environment, killed at the end,
// so tests never see the user's tmux or each other.
import { join } from "node:path";
import { waitFor } from "./wait.ts";

export class Tmux {
  readonly socket: string;
  /** The pane start() made: where screen(), type() and keys() act, whatever else opens beside it. */
  pane = "";

  constructor(
    dir: string,
    private readonly env: Record<string, string>,
  ) {
    this.socket = join(dir, "tmux.sock");
  }

  run(...args: string[]): string {
    const proc = Bun.spawnSync(["tmux", "-S", this.socket, ...args], { env: this.env, stdout: "pipe", stderr: "pipe" });
    if (!proc.success) throw new Error(`tmux ${args.join(" ")}: ${proc.stderr.toString().trim()}`);
    return proc.stdout.toString();
  }

  /** Starts a detached session running `command` (a shell command line) in `cwd`. */
  start(command: string, cwd: string): void {
    this.pane = this.run("new-session", "-d", "-x", "160", "-y", "45", "-c", cwd, "-P", "-F", "#{pane_id}", command).trim();
    // Keep the pane after the command exits, so its last screen can still be read.
    this.run("set-option", "-g", "remain-on-exit", "on");
  }

  /** Types text, then Enter as a separate key press: claude's input treats a pasted newline as text. */
  async type(text: string): Promise<void> {
    this.run("send-keys", "-t", this.pane, "-l", text);
    await Bun.sleep(300);
    this.run("send-keys", "-t", this.pane, "Enter");
  }

  keys(...keys: string[]): void {
    this.run("send-keys", "-t", this.pane, ...keys);
  }

  /**
   * Presses a key until `done` holds. A dialog can be drawn a moment before it reads input, and a
   * key press in that moment is lost; only use it with keys that are harmless once done.
   */
  async pressUntil(key: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      async () => {
        if (done()) return true;
        this.keys(key);
        await Bun.sleep(1000);
        return done();
      },
      timeoutMs,
      () => `pressing ${key} never had its effect; screen:\n${this.screen()}`,
    );
  }

  screen(): string {
    return this.run("capture-pane", "-p", "-J", "-t", this.pane);
  }

  async waitForScreen(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    let last = "";
    await waitFor(
      () => pattern.test((last = this.screen())),
      timeoutMs,
      () => `screen never matched ${pattern}; last screen:\n${last}`,
    );
    return last;
  }

  /**
   * A real client attached to the server, in a terminal of its own (script(1)), as the user
   * would be: what the focus rule, --jump and --watch act on. It ends with the server. `type`
   * presses keys on that terminal (a popup reads them there); `output` is everything the client
   * has drawn so far (a popup cannot be captured like a pane).
   */
  attachClient(rows = 45, cols = 160): { type(keys: string): void; output(): string } {
    const p = Bun.spawn(["script", "-qfc", `stty rows ${rows} cols ${cols}; tmux -S ${this.socket} attach`, "/dev/null"], {
      env: this.env,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "ignore",
    });
    let drawn = "";
    const decoder = new TextDecoder();
    void (async () => {
      for await (const chunk of p.stdout) drawn += decoder.decode(chunk, { stream: true });
    })();
    return {
      type(keys) {
        p.stdin.write(keys);
        p.stdin.flush();
      },
      output: () => drawn,
    };
  }

  /** The pane each attached client is looking at, one per line. */
  clientPanes(): string {
    return this.run("list-clients", "-F", "#{pane_id}").trim();
  }

  kill(): void {
    Bun.spawnSync(["tmux", "-S", this.socket, "kill-server"], { env: this.env, stdout: "ignore", stderr: "ignore" });
  }
}
