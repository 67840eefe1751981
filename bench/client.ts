// A minimal IDE client for the benchmarks: JSON-RPC over one WebSocket, answers matched by id.
export interface BenchClient {
  call(method: string, params?: unknown): Promise<unknown>;
  close(): void;
}

export async function connect(port: number, token: string): Promise<BenchClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, {
    headers: { "x-claude-code-ide-authorization": token },
    protocols: ["mcp"],
  } as unknown as string[]);
  const pending = new Map<number, (v: unknown) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number };
    if (m.id !== undefined) {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  return {
    call: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** The handshake the real client does on connecting (docs/protocol.md, "Messages"). */
export async function handshake(port: number, token: string): Promise<BenchClient> {
  const c = await connect(port, token);
  await c.call("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "1" } });
  await c.call("tools/list");
  return c;
}
