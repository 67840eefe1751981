// A tiny language server for the diagnostics tests, speaking LSP over stdio with the same library
// cc-wt uses. Every line holding "ERROR" is an error. FAKE_LSP_DELAY_MS delays each publish;
// a document containing "CRASH" makes it exit (once per FAKE_LSP_CRASH_FILE marker); FAKE_LSP_LOG
// records each start; FAKE_LSP_SILENT_OPEN=1 says nothing about a file until it changes (a server
// that has not got round to a file yet).
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";

const delay = Number(process.env.FAKE_LSP_DELAY_MS ?? 0);
if (process.env.FAKE_LSP_LOG) appendFileSync(process.env.FAKE_LSP_LOG, `start ${process.pid}\n`);
const conn = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));

function publish(uri: string, text: string) {
  const crashMarker = process.env.FAKE_LSP_CRASH_FILE;
  if (text.includes("CRASH") && crashMarker && !existsSync(crashMarker)) {
    writeFileSync(crashMarker, "crashed");
    process.exit(3);
  }
  const diagnostics = text.split("\n").flatMap((line, i) =>
    line.includes("ERROR")
      ? [{ range: { start: { line: i, character: line.indexOf("ERROR") }, end: { line: i, character: line.indexOf("ERROR") + 5 } }, severity: 1, source: "fake", code: 42, message: `bad line ${i + 1}` }]
      : [],
  );
  setTimeout(() => conn.sendNotification("textDocument/publishDiagnostics", { uri, diagnostics }), delay);
}

conn.onRequest("initialize", () => ({ capabilities: { textDocumentSync: 1 } }));
conn.onRequest("shutdown", () => null);
conn.onNotification("exit", () => process.exit(0));
conn.onNotification("textDocument/didOpen", (p: { textDocument: { uri: string; text: string } }) => {
  if (process.env.FAKE_LSP_SILENT_OPEN !== "1") publish(p.textDocument.uri, p.textDocument.text);
});
conn.onNotification("textDocument/didChange", (p: { textDocument: { uri: string }; contentChanges: { text: string }[] }) =>
  publish(p.textDocument.uri, p.contentChanges.at(-1)!.text),
);
conn.listen();
