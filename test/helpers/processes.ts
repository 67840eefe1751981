import { constants } from "node:os";

/** Signal 0 probes without sending anything. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A pid that certainly belonged to a process and just as certainly has no process now. */
export async function deadPid(): Promise<number> {
  const p = Bun.spawn(["true"], { stdio: ["ignore", "ignore", "ignore"] });
  await p.exited;
  return p.pid;
}

/** The status a shell reports for a process killed by signal: 128 + its number. */
export const signalStatus = (signal: NodeJS.Signals): number => 128 + constants.signals[signal];
