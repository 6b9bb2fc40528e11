// Where the pages of a machine's state are: every `pages` field of a state
// (process memory, tmpfs file blocks, anything declared t.pages later), found
// by walking the schema, in a canonical order (declared fields, array order,
// map keys ascending — the codec's order), so two sides walking the same state
// list the same maps in the same order. Incremental checkpoints
// (snapshot/store-v4.ts) and live migration (machine/migrate-*.ts) carry the
// page maps apart from the rest of the state, as deltas of these "sites":
// encoding 16,384 pages through the general codec costs milliseconds.

import type { Schema } from "../state/index.js";

export type PageMap = Map<number, Uint8Array>;

/** A pages field found in a state: its map, and how to put another map in its place. */
export interface PageSite {
  map: PageMap;
  set(m: PageMap): void;
}

/** Does any part of `schema` hold pages? (decided once per schema node: the walk skips page-free tables) */
const holds = new WeakMap<Schema, boolean>();
function holdsPages(schema: Schema): boolean {
  let h = holds.get(schema);
  if (h === undefined) {
    holds.set(schema, false); // a recursive schema reaches itself: no pages through that path
    switch (schema.kind) {
      case "pages":
        h = true;
        break;
      case "struct":
        h = Object.values(schema.fields).some(holdsPages);
        break;
      case "array":
      case "map":
      case "optional":
        h = holdsPages(schema.of);
        break;
      case "union":
        h = Object.values(schema.variants).some(holdsPages);
        break;
      default:
        h = false;
    }
    holds.set(schema, h);
  }
  return h;
}

/** Every pages field of `value` (a value of `schema`), in canonical order. */
export function pageSites(schema: Schema, value: unknown, out: PageSite[] = []): PageSite[] {
  if (!holdsPages(schema)) return out;
  switch (schema.kind) {
    case "struct": {
      const o = value as Record<string, unknown>;
      for (const [k, s] of Object.entries(schema.fields)) {
        if (s.kind === "pages") out.push({ map: o[k] as PageMap, set: (m) => (o[k] = m) });
        else pageSites(s, o[k], out);
      }
      return out;
    }
    case "array": {
      const a = value as unknown[];
      a.forEach((v, i) => {
        if (schema.of.kind === "pages") out.push({ map: v as PageMap, set: (m) => (a[i] = m) });
        else pageSites(schema.of, v, out);
      });
      return out;
    }
    case "map": {
      const m = value as Map<number, unknown>;
      for (const k of [...m.keys()].sort((a, b) => a - b)) {
        if (schema.of.kind === "pages") out.push({ map: m.get(k) as PageMap, set: (x) => m.set(k, x) });
        else pageSites(schema.of, m.get(k), out);
      }
      return out;
    }
    case "optional":
      if (value !== null && value !== undefined) {
        if (schema.of.kind === "pages") throw new Error("an optional pages field is not supported (none is declared)");
        pageSites(schema.of, value, out);
      }
      return out;
    case "union": {
      const v = value as Record<string, unknown>;
      const variant = schema.variants[String(v[schema.tag])];
      if (variant) pageSites(variant, v, out);
      return out;
    }
    case "pages":
      throw new Error("a bare pages root is not supported");
    default:
      return out;
  }
}
