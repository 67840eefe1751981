export interface Position {
  line: number;
  character: number;
}

export interface Selection {
  text: string;
  filePath: string;
  selection: { start: Position; end: Position; isEmpty: boolean };
}

/**
 * What the user has selected, as far as cc-wt knows. A terminal has no editor, so this stays empty
 * until a selection is sent to cc-wt explicitly; answering with anything else would be invented.
 */
export class SelectionStore {
  latest: Selection | undefined;
}
