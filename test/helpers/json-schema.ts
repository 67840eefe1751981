// Just enough JSON Schema to hold cc-wt's own output to docs/list.schema.json: type (with null),
// enum, required, properties, additionalProperties: false, items, pattern, format date-time.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

type Schema = Record<string, any>;

export const listSchema = (): Schema => JSON.parse(readFileSync(join(resolve(import.meta.dir, "../.."), "docs", "list.schema.json"), "utf8"));

const typeOf = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;

/** Every way value breaks schema, as "path: problem" lines; empty when it conforms. */
export function violations(schema: Schema, value: unknown, path = "$"): string[] {
  const out: string[] = [];
  if (schema.type) {
    const types: string[] = [schema.type].flat();
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) return [`${path}: ${t}, not ${types.join(" or ")}`];
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in ${schema.enum.join(", ")}`);
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${path}: does not match ${schema.pattern}`);
    if (schema.format === "date-time" && Number.isNaN(Date.parse(value))) out.push(`${path}: not a date-time`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...violations(schema.items, v, `${path}[${i}]`)));
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const k of schema.required ?? []) if (!(k in obj)) out.push(`${path}: ${k} missing`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      if (sub) out.push(...violations(sub, v, `${path}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${path}: ${k} not in the schema`);
    }
  }
  return out;
}
