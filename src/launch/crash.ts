// While claude runs, cc-wt's stderr is claude's screen and its server is claude's IDE: an error
// nobody caught must neither print there nor end the process. It goes to the debug log instead.
import type { Log } from "../debuglog.ts";

/** Installs the handlers; returns their removal (for when claude has exited and cc-wt cleans up). */
export function keepServingOnCrash(log: Log): () => void {
  const survive = (e: unknown) => log(`uncaught error, still serving: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.on("uncaughtException", survive);
  process.on("unhandledRejection", survive);
  return () => {
    process.off("uncaughtException", survive);
    process.off("unhandledRejection", survive);
  };
}
