// A local stand-in for the Anthropic Messages API, so the real claude client runs offline
// (docs/real-claude-tests.md). Tests script the main turns; side requests (titles and
// the like, sent without tools) get a short text.

/** One scripted answer; `after` holds it back until the promise settles, to keep claude busy. */
export type Reply = ({ text: string } | { tool: string; input: Record<string, unknown> }) & { after?: Promise<unknown> };

export interface MessagesRequest {
  model?: string;
  stream?: boolean;
  tools?: { name: string }[];
  /** The system prompt: a string or text blocks. */
  system?: unknown;
  messages: { role: string; content: unknown }[];
}

export interface FakeApi {
  url: string;
  /** Every main request (one with tools) received so far, in order. */
  requests: MessagesRequest[];
  /** Queue the answers to the next main requests. Once the queue is empty, main requests get "OK.". */
  script(...replies: Reply[]): void;
  /**
   * Scripts a turn that reads `file` (held back, keeping claude busy, until the returned function
   * is called), then edits `from` into `to` there (a permission prompt without acceptEdits).
   */
  heldEdit(file: string, from: string, to: string): () => void;
  stop(): void;
}

let ids = 0;

function events(reply: Reply): object[] {
  const id = `msg_fake_${++ids}`;
  const start = {
    type: "message_start",
    message: {
      id,
      type: "message",
      role: "assistant",
      model: "claude-fake",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  };
  const block =
    "text" in reply
      ? [
          { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
          { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: reply.text } },
        ]
      : [
          {
            type: "content_block_start",
            index: 0,
            content_block: { type: "tool_use", id: `toolu_fake_${ids}`, name: reply.tool, input: {} },
          },
          { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(reply.input) } },
        ];
  return [
    start,
    ...block,
    { type: "content_block_stop", index: 0 },
    {
      type: "message_delta",
      delta: { stop_reason: "text" in reply ? "end_turn" : "tool_use", stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    { type: "message_stop" },
  ];
}

function asMessage(reply: Reply): object {
  const content =
    "text" in reply
      ? [{ type: "text", text: reply.text }]
      : [{ type: "tool_use", id: `toolu_fake_${++ids}`, name: reply.tool, input: reply.input }];
  return {
    id: `msg_fake_${++ids}`,
    type: "message",
    role: "assistant",
    model: "claude-fake",
    content,
    stop_reason: "text" in reply ? "end_turn" : "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

export function startFakeApi(): FakeApi {
  const queue: Reply[] = [];
  const requests: MessagesRequest[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { pathname } = new URL(req.url);
      if (req.method !== "POST" || !pathname.startsWith("/v1/messages")) return new Response("{}", { status: 404 });
      const body = (await req.json()) as MessagesRequest;
      if (pathname.endsWith("/count_tokens")) return Response.json({ input_tokens: 10 });
      let reply: Reply = { text: "Fake title" };
      if (body.tools?.length) {
        requests.push(body);
        reply = queue.shift() ?? { text: "OK." };
        await reply.after;
      }
      if (!body.stream) return Response.json(asMessage(reply));
      const sse = events(reply)
        .map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`)
        .join("");
      return new Response(sse, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    heldEdit(file, from, to) {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      queue.push(
        { tool: "Read", input: { file_path: file }, after: held },
        { tool: "Edit", input: { file_path: file, old_string: from, new_string: to } },
        { text: "Edited." },
      );
      return release;
    },
    stop: () => server.stop(true),
  };
}
