// Reading a message's whole body, bounded: on either side of the control channel the other end may
// be anyone on the machine, and a body is read only up to what a real one could be.

/** The body, or undefined as soon as it is declared or found larger than max. Errors of the stream (an abort) are thrown. */
export async function readCapped(msg: { headers: Headers; body: ReadableStream<Uint8Array> | null }, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(msg.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > max) return undefined;
  if (!msg.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of msg.body) {
    size += chunk.byteLength;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
