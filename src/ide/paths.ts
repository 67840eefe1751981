import { isAbsolute, resolve } from "node:path";

/** The client sends absolute paths; anything relative is taken against the workspace, as an editor would. */
export function resolveInWorkspace(workspace: string, filePath: string): string {
  return isAbsolute(filePath) ? filePath : resolve(workspace, filePath);
}

/** `file://` + the raw absolute path, not percent-encoded: the client matches URIs byte for byte (docs/protocol.md, "`getDiagnostics`' answer"). */
export const fileUri = (absPath: string): string => `file://${absPath}`;

/** The path in a uri the client sent: file:// and the raw path (docs/protocol.md, "`getDiagnostics`' answer"). */
export const pathOf = (uri: string): string => (uri.startsWith("file://") ? uri.slice("file://".length) : uri);
