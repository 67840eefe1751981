/** An environment as cc-wt reads it: process.env, or a test's own. Never written to. */
export type Env = Record<string, string | undefined>;
