// One schema per tool does two jobs: it validates the arguments that come off the wire before a
// handler sees them, and it renders the JSON Schema that tools/list advertises. Keeping both in one
// value means the advertised contract and the enforced one cannot drift apart.

export type JsonSchema = Record<string, unknown>;

export interface Schema<T> {
  readonly json: JsonSchema;
  readonly optional: boolean;
  /** Returns the value, typed, or throws SchemaError naming the offending path. */
  parse(value: unknown, path: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export class SchemaError extends Error {}

function leaf<T>(type: string, check: (v: unknown) => v is T, description?: string): Schema<T> {
  return {
    json: description ? { type, description } : { type },
    optional: false,
    parse(value, path) {
      if (!check(value)) throw new SchemaError(`${path} must be ${type === "integer" ? "an integer" : `a ${type}`}`);
      return value;
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K]["optional"] extends true ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

export const s = {
  string: (description?: string) => leaf("string", (v): v is string => typeof v === "string", description),
  boolean: (description?: string) => leaf("boolean", (v): v is boolean => typeof v === "boolean", description),
  integer: (description?: string) => leaf("integer", (v): v is number => Number.isSafeInteger(v), description),

  optional<T>(inner: Schema<T>): Schema<T | undefined> & { optional: true } {
    return {
      json: inner.json,
      optional: true,
      parse: (value, path) => (value === undefined ? undefined : inner.parse(value, path)),
    };
  },

  /** Unknown keys are ignored, not rejected: clients add fields over time (docs/protocol.md, "Messages"). */
  object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
    const required = Object.keys(shape).filter((k) => !shape[k]!.optional);
    const properties = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.json]));
    return {
      json: { type: "object", properties, ...(required.length ? { required } : {}) },
      optional: false,
      parse(value, path) {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          throw new SchemaError(`${path} must be an object`);
        }
        const out: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(shape)) {
          const v = schema.parse((value as Record<string, unknown>)[key], `${path}.${key}`);
          if (v !== undefined) out[key] = v;
        }
        return out as ObjectOf<S>;
      },
    };
  },
};
