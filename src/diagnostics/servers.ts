// Which language servers give diagnostics for a worktree: found from its marker files and what is
// installed (the project's node_modules/.bin first, then PATH), or declared in the configuration.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Env } from "../env.ts";

export interface ServerSpec {
  name: string;
  command: string[];
  /** File extensions it checks, with the dot. */
  extensions: string[];
  initOptions?: Record<string, unknown>;
}

/** A server as declared in [[diagnostics.server]]; found like the built-in ones. */
export interface DeclaredServer {
  name: string;
  command: string[];
  extensions: string[];
  rootMarkers: string[];
  initOptions?: Record<string, unknown>;
}

interface Known {
  name: string;
  markers: string[];
  extensions: string[];
  /** Candidate commands, best first; the first whose program is installed wins. */
  commands: (workspace: string) => string[][];
}

const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** TypeScript 7 (the native compiler) is its own language server; older ones need tsserver's wrapper. */
function typescriptMajor(workspace: string): number {
  try {
    return Number(JSON.parse(readFileSync(join(workspace, "node_modules", "typescript", "package.json"), "utf8")).version.split(".")[0]);
  } catch {
    return 0;
  }
}

const KNOWN: Known[] = [
  {
    name: "typescript",
    markers: ["tsconfig.json", "jsconfig.json", "package.json"],
    extensions: TS_EXTENSIONS,
    commands: (workspace) => [...(typescriptMajor(workspace) >= 7 ? [["tsc", "--lsp", "--stdio"]] : []), ["typescript-language-server", "--stdio"]],
  },
  {
    name: "python",
    markers: ["pyproject.toml", "setup.py", "setup.cfg", "pyrightconfig.json"],
    extensions: [".py", ".pyi"],
    commands: () => [["basedpyright-langserver", "--stdio"], ["pyright-langserver", "--stdio"]],
  },
  { name: "rust", markers: ["Cargo.toml"], extensions: [".rs"], commands: () => [["rust-analyzer"]] },
  { name: "go", markers: ["go.mod"], extensions: [".go"], commands: () => [["gopls"]] },
];

/** A program in the project's node_modules/.bin (only in a project the user trusts), else on PATH. */
export function findProgram(name: string, workspace: string, env: Env, trusted: boolean): string | undefined {
  const local = join(workspace, "node_modules", ".bin", name);
  if (trusted && existsSync(local)) return local;
  return Bun.which(name, { PATH: env.PATH ?? "" }) ?? undefined;
}

export interface Detected {
  specs: ServerSpec[];
  /** What was looked for and not found, for --doctor. */
  missing: string[];
}

/**
 * trusted: Claude trusts this folder (trust.ts). Until then only the user's own declared servers,
 * from PATH, are started: every detected one can run the project's code.
 */
export function detectServers(workspace: string, env: Env, declared: readonly DeclaredServer[], trusted: boolean): Detected {
  const specs: ServerSpec[] = [];
  const missing: string[] = [];
  const has = (markers: readonly string[]) => markers.some((m) => existsSync(join(workspace, m)));
  for (const d of declared) {
    if (d.rootMarkers.length && !has(d.rootMarkers)) continue;
    const program = findProgram(d.command[0]!, workspace, env, trusted);
    if (program) specs.push({ name: d.name, command: [program, ...d.command.slice(1)], extensions: d.extensions, initOptions: d.initOptions });
    else missing.push(`${d.name}: ${d.command[0]} is not installed`);
  }
  for (const k of KNOWN) {
    if (!has(k.markers) || specs.some((s) => s.extensions.some((e) => k.extensions.includes(e)))) continue;
    if (!trusted) {
      missing.push(`${k.name}: not started, because Claude has not been trusted in this folder yet (accept its trust dialog) and the server would run the project's code`);
      continue;
    }
    const candidates = k.commands(workspace);
    const found = candidates.map((c) => [findProgram(c[0]!, workspace, env, trusted), ...c.slice(1)]).find((c) => c[0]);
    if (found) specs.push({ name: k.name, command: found as string[], extensions: k.extensions });
    else missing.push(`${k.name}: none of ${candidates.map((c) => c[0]).join(", ")} is installed`);
  }
  return { specs, missing };
}
