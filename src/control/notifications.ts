// What POST /cc-wt/notify carries: the notifications cc-wt forwards to Claude, with the shapes
// the client validates. The instance checks a request against them (src/ide/notify.ts); the
// sender builds its params from the same types (deliver.ts).
import { s, type Infer } from "../ide/schema.ts";

const position = s.object({ line: s.integer(), character: s.integer() });

/** The notifications cc-wt forwards, with the shapes the client validates (docs/protocol.md, "Notifications cc-wt sends"). */
export const NOTIFICATIONS = {
  at_mentioned: s.object({
    filePath: s.string(),
    lineStart: s.optional(s.integer()),
    lineEnd: s.optional(s.integer()),
  }),
  selection_changed: s.object({
    text: s.string(),
    filePath: s.string(),
    fileUrl: s.optional(s.string()),
    selection: s.object({ start: position, end: position, isEmpty: s.boolean() }),
  }),
};

export type NotificationMethod = keyof typeof NOTIFICATIONS;
export type NotificationParams<M extends NotificationMethod> = Infer<(typeof NOTIFICATIONS)[M]>;

