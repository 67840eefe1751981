// Cells of the live view: text measured and cut by how wide the terminal draws it (a CJK
// character or an emoji takes two columns), never by its length in code units.

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns the terminal gives text (Bun's own East Asian width and emoji tables). */
export const widthOf = (text: string): number => Bun.stringWidth(text);

/**
 * Exactly `width` columns: cut with "…" when too wide (never splitting a character), padded with
 * spaces when narrower. The text must already be printable (no control characters).
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  const w = widthOf(text);
  if (w <= width) return text + " ".repeat(width - w);
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const sw = widthOf(segment);
    if (used + sw > width - 1) break;
    out += segment;
    used += sw;
  }
  return `${out}…${" ".repeat(width - 1 - used)}`;
}
