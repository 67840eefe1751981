// `cc-wt [claude args…]`: one IDE server and lock for this worktree, for exactly as long as claude runs.
import { openDebugLog, type Log } from "../debuglog.ts";
import { CliError, Exit, statusOf } from "../errors.ts";
import { findWorkspace, type Workspace } from "../git.ts";
import { newToken } from "../ide/auth.ts";
import { instructionsFor } from "../ide/instructions.ts";
import { startIdeServer, type IdeServer } from "../ide/server.ts";
import { removeLock, sweepLocks, writeLock } from "../lockfile.ts";
import { logger } from "../logger.ts";
import { claudeConfigDir, ideLockDir } from "../paths.ts";
import { descendsFrom } from "../proc.ts";
import { deriveStatus, readSessionRecord, type InstanceState } from "../status.ts";
import { type InstanceInfo } from "../control/instances.ts";
import { eventStream } from "../alerts/stream.ts";
import { STATUS_EVENT } from "../control/routes.ts";
import { startSupervisor, type Supervisor } from "../alerts/supervisor.ts";
import { loadConfig, type Config } from "../config.ts";
import { lazyDiagnostics } from "../diagnostics/lazy.ts";
import type { DiagnosticsSource } from "../ide/ports.ts";
import { lazyDiffViews } from "../diff/choose.ts";
import { warnIfAlreadyRunning } from "./already.ts";
import { claudeArgs, claudeEnv, findClaude, INSTALL_HINT } from "./claude.ts";
import { keepServingOnCrash } from "./crash.ts";
import { follower } from "./follow.ts";
import { printable } from "../text/untrusted.ts";
import { ideNameFor } from "../control/ideName.ts";
import { Signals } from "./signals.ts";
import type { Env } from "../env.ts";

export interface RunOptions {
  claudeArgs: string[];
  cwd: string;
  env: Env;
  debugLog?: string;
}

/** CC_WT_PING_INTERVAL=seconds: how often peers are pinged (default 30); a peer silent for two intervals is dropped. */
export function parsePingInterval(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (!(seconds >= 0.1 && seconds <= 3600)) throw new CliError(`CC_WT_PING_INTERVAL=${value} is not a number of seconds between 0.1 and 3600`, Exit.Usage);
  return seconds;
}

/** CC_WT_PORT_RANGE=LO-HI restricts the ports cc-wt binds (for firewalls); any free port otherwise. */
export function parsePortRange(value: string | undefined): [number, number] | undefined {
  if (!value) return undefined;
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
  const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(lo >= 1 && hi <= 65535 && lo <= hi)) {
    throw new CliError(`CC_WT_PORT_RANGE=${value} is not a port range: use LO-HI, e.g. 40000-40999`, Exit.Usage);
  }
  return [lo, hi];
}

/** Runs claude with its IDE server; resolves to the status cc-wt should exit with. */
export async function runClaude(opts: RunOptions): Promise<number> {
  const { env, cwd } = opts;
  const portRange = parsePortRange(env.CC_WT_PORT_RANGE);
  const pingInterval = parsePingInterval(env.CC_WT_PING_INTERVAL);
  const claude = findClaude(env);
  if (!claude) {
    throw new CliError(
      env.CC_WT_CLAUDE
        ? `CC_WT_CLAUDE=${printable(env.CC_WT_CLAUDE)} does not name an executable. Fix or unset it.`
        : `claude is not installed or not on PATH. Install it with:\n  ${INSTALL_HINT}\nor point CC_WT_CLAUDE at it.`,
      Exit.NotFound,
    );
  }

  const log: Log = openDebugLog(opts.debugLog);
  if (opts.debugLog) logger.info(`debug log: ${printable(opts.debugLog)}`);
  const workspace = await findWorkspace(cwd);
  if (!workspace.inGit) logger.info(`Not in a git repository: using ${printable(cwd)} as the workspace.`);

  const { config, warnings } = loadConfig(workspace.root, env);
  warnings.forEach((w) => logger.warn(w));
  const notify: Config["notify"] = config.notify;
  const diffViews = lazyDiffViews(config, env, () => workspace.root, log);
  // A server that appears later (installed, configured) adds the diagnostics tool: tell the client.
  const diagnostics: DiagnosticsSource | undefined = lazyDiagnostics(workspace.root, config, env, log, () =>
    void server?.notify("notifications/tools/list_changed", undefined, 10_000),
  );

  const dir = ideLockDir(env);
  const locks = sweepLocks(dir);
  for (const { path, lock } of locks.stale) log(`swept stale lock ${path} (pid ${lock.pid} is gone)`);
  warnIfAlreadyRunning(locks.live, workspace.root);

  const token = newToken();
  const state: InstanceState = { startedAt: Date.now() };
  let stopping = false;
  const supervised = {
    configDir: claudeConfigDir(env),
    worktree: workspace.root,
    branch: workspace.branch ?? null,
    env,
    notify,
    log,
    claudePid: () => state.clientPid ?? state.claudePid,
  };
  const supervisor = startSupervisor(supervised);
  const lockFor = (ws: Workspace) => ({
    pid: process.pid,
    workspaceFolders: [ws.root],
    ideName: ideNameFor(ws.branch),
    transport: "ws" as const,
    authToken: token,
    runningInWindows: false,
  });
  // Claude's own -w NAME moves the client into another worktree: the instance follows it there.
  const follow = follower({
    workspace,
    launchedIn: cwd,
    configDir: claudeConfigDir(env),
    log,
    moved(ws) {
      if (stopping) return; // the lock is going: never write it back
      writeLock(dir, server.port, lockFor(ws));
      server.moveTo(ws.root);
      Object.assign(supervised, { worktree: ws.root, branch: ws.branch ?? null });
      supervisor.hub.emit(STATUS_EVENT, undefined); // live views show the new worktree
    },
  });
  let server: IdeServer;
  try {
    server = startIdeServer({
      workspace: workspace.root,
      token,
      log,
      portRange,
      pingInterval,
      // One Claude per instance: the one it launched (or a process under it, when claude is a wrapper).
      ownsClient: (pid) => state.claudePid !== undefined && descendsFrom(pid, state.claudePid),
      onClientPid(pid) {
        state.clientPid = pid;
        state.connectedAt ??= Date.now();
        void follow(pid);
        supervisor.hub.emit(STATUS_EVENT, undefined); // "starting" is over: live views hear it now
      },
      // Asked when the client connects, by which time a client given -w NAME has moved.
      instructions: async () => (await follow(state.claudePid), instructionsFor(workspace)),
      status: () => describe(server, state, workspace, claudeConfigDir(env), supervisor),
      events: () => eventStream(supervisor.hub, () => describe(server, state, workspace, claudeConfigDir(env), supervisor)),
      diffViews,
      diagnostics,
    });
  } catch (e) {
    supervisor.stop();
    throw new CliError(`Cannot start the IDE server: ${printable((e as Error).message)}`, Exit.CantCreate);
  }

  // From here until the lock is gone, no signal may end cc-wt without cleaning up.
  const signals = new Signals(log);
  let lock: string;
  try {
    lock = writeLock(dir, server.port, lockFor(workspace));
  } catch (e) {
    signals.dispose();
    supervisor.stop();
    await server.stop();
    // The directory's owner and mode were checked (a CliError says which is wrong); anything else is the file system's.
    throw new CliError(
      e instanceof CliError
        ? `Refusing to write the IDE lock file (it holds the key to this Claude session): ${e.message}. ` +
            "Make the directory yours and private (chmod 700), or point CLAUDE_CONFIG_DIR at one that is."
        : `Cannot write the IDE lock file in ${printable(dir)}: ${printable((e as Error).message)}. Check that the directory is writable.`,
      Exit.CantCreate,
    );
  }
  // A last resort for exits that skip the finally below (process.exit from elsewhere).
  const removeOnExit = () => removeLock(lock);
  process.on("exit", removeOnExit);
  const uninstallCrashHandler = keepServingOnCrash(log);
  const args = claudeArgs(opts.claudeArgs, env);
  log(`lock ${lock} written; starting ${claude} ${JSON.stringify(args)}`);

  try {
    const status = await superviseClaude(claude, args, cwd, claudeEnv(env, server.port), state, signals, log);
    supervisor.hub.emit(STATUS_EVENT, undefined); // "exited", while cc-wt cleans up
    // A claude stopped because cc-wt was told to stop (its pane closed, a kill) did not fail: no alert.
    if (!signals.forwarded) supervisor.exited(status);
    // The "exited" alert is handed over before cc-wt goes (its programs outlive us), but never holds the exit long.
    await Promise.race([supervisor.settled(), Bun.sleep(1000)]);
    return status;
  } finally {
    stopping = true;
    supervisor.stop();
    await server.stop();
    await diagnostics?.stop();
    removeLock(lock);
    process.off("exit", removeOnExit);
    uninstallCrashHandler();
    // The signal handlers stay until the process exits: a stop signal during these last steps (a
    // pane closing twice, a second kill) must not end cc-wt with any status but claude's.
    log("stopped; lock removed");
  }
}

/** What GET /cc-wt/status answers: the instance's identity and Claude's status as Claude reports it. */
function describe(server: IdeServer, state: InstanceState, workspace: Workspace, configDir: string, supervisor: Supervisor): InstanceInfo {
  const pid = state.clientPid ?? state.claudePid;
  return {
    pid: process.pid,
    port: server.port,
    workspace: workspace.root,
    branch: workspace.branch ?? null,
    repo: workspace.repo ?? null,
    claudePid: pid ?? null,
    connected: [...server.peers].some((p) => p.connectedAt !== undefined),
    connectedAt: state.connectedAt ?? null,
    startedAt: state.startedAt,
    ...deriveStatus(state, pid === undefined ? undefined : readSessionRecord(configDir, pid)),
    ...supervisor.state(),
  };
}

async function superviseClaude(
  claude: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  state: InstanceState,
  signals: Signals,
  log: Log,
) {
  if (signals.cancelledBy) return statusOf(null, signals.cancelledBy);
  let child;
  try {
    child = Bun.spawn([claude, ...args], { cwd, env, stdio: ["inherit", "inherit", "inherit"] });
  } catch (e) {
    const code = (e as { code?: string }).code;
    // The caller's finally still removes the lock and stops the server.
    throw new CliError(`Cannot run ${printable(claude)}: ${printable((e as Error).message)}`, code === "ENOENT" ? Exit.NotFound : Exit.NotExecutable);
  }
  state.claudePid = child.pid;
  signals.attach(child);
  await child.exited;
  state.exitedAt = Date.now();
  signals.childExited();
  log(`claude exited: code=${child.exitCode} signal=${child.signalCode}`);
  return statusOf(child.exitCode, child.signalCode);
}
