// Generic walkers over declared state: conformance (no undeclared field may
// exist), deep clone, equality, a JSON-able plain form for inspect, and a
// path-by-path diff. Each is driven by the schema alone.

import { assertLeaf, elementPath, encode, fieldPath, isPathlessRejection } from "./codec.js";
import { type Infer, type Schema, StateError } from "./schema.js";

/**
 * Check that `value` matches `schema` exactly: every declared field present
 * and well-typed, and no property that the declaration does not cover. This
 * is the check that SIMH and v86 lack: a forgotten field fails here.
 * Walks without paths first (no allocation: a restore checks every field of
 * a machine), and again with paths only to name what it rejects (codec.ts).
 */
export function assertConforms(schema: Schema, value: unknown, path = "$"): void {
  try {
    conforms(schema, value, null);
  } catch (e) {
    if (!isPathlessRejection(e)) throw e;
    conforms(schema, value, path);
    throw new Error("cryobox bug: assertConforms rejected a value on the fast path but not on the located one");
  }
}

function reject(path: string | null, problem: string): never {
  throw new StateError(path ?? "", problem); // pathless: a rejection all the same (isPathlessRejection)
}

/** Own enumerable keys of `o` that `declared` lacks (besides `except`): the first, or null. Object.keys without the array. */
function undeclaredKey(o: object, declared: { readonly [name: string]: unknown }, except: string | null): string | null {
  for (const key in o) {
    if (Object.hasOwn(o, key) && key !== except && !(key in declared)) return key;
  }
  return null;
}

function conforms(schema: Schema, value: unknown, path: string | null): void {
  switch (schema.kind) {
    case "struct": {
      if (typeof value !== "object" || value === null) reject(path, "expected an object");
      const extra = undeclaredKey(value as object, schema.fields, null);
      if (extra !== null) reject(fieldPath(path, extra), "field is not declared in the schema");
      for (const name in schema.fields) {
        conforms(schema.fields[name]!, (value as Record<string, unknown>)[name], fieldPath(path, name));
      }
      return;
    }
    case "union": {
      if (typeof value !== "object" || value === null) reject(path, "expected an object");
      const o = value as Record<string, unknown>;
      const variant = Object.hasOwn(schema.variants, o[schema.tag] as string) ? schema.variants[o[schema.tag] as string] : undefined;
      if (!variant) reject(fieldPath(path, schema.tag), `unknown variant ${String(o[schema.tag])}`);
      const extra = undeclaredKey(o, variant.fields, schema.tag);
      if (extra !== null) reject(fieldPath(path, extra), "field is not declared in the schema");
      for (const name in variant.fields) conforms(variant.fields[name]!, o[name], fieldPath(path, name));
      return;
    }
    case "array":
      if (!Array.isArray(value)) reject(path, "expected an array");
      for (let i = 0; i < value.length; i++) conforms(schema.of, value[i], elementPath(path, i));
      return;
    case "map":
      if (!(value instanceof Map)) reject(path, "expected a Map");
      // Without paths the keys are not needed: values() allocates no [key, value] pairs.
      if (path === null) for (const e of value.values()) conforms(schema.of, e, null);
      else for (const [k, e] of value) conforms(schema.of, e, elementPath(path, k as number));
      return;
    case "pages":
      if (!(value instanceof Map)) reject(path, "expected a Map of pages");
      if (path === null) {
        for (const p of value.values()) if (!(p instanceof Uint8Array) || p.length !== 4096) reject(null, "expected a 4096-byte page");
      } else {
        for (const [k, p] of value) if (!(p instanceof Uint8Array) || p.length !== 4096) reject(elementPath(path, k as number), "expected a 4096-byte page");
      }
      return;
    case "optional":
      if (value !== null) conforms(schema.of, value, path);
      return;
    default:
      assertLeaf(schema, value, path);
  }
}

/**
 * For a stateful class: every own property must be either the declared state
 * or named as transient (a cache rebuilt after restore). Used by the tests.
 */
export function assertOnlyDeclared(obj: object, declared: readonly string[], transient: readonly string[] = []): void {
  for (const key of Object.keys(obj)) {
    if (!declared.includes(key) && !transient.includes(key)) {
      throw new StateError(`${obj.constructor.name}.${key}`, "property is neither declared state nor marked transient");
    }
  }
}

/** A deep copy of declared state (fork, snapshot of a subtree). */
export function clone<S extends Schema>(schema: S, value: Infer<S>): Infer<S> {
  return cloneValue(schema, value) as Infer<S>;
}

function cloneValue(s: Schema, v: unknown): unknown {
  switch (s.kind) {
    case "bytes":
      return (v as Uint8Array).slice();
    case "i32array":
      return (v as Int32Array).slice();
    case "pages": {
      const out = new Map<number, Uint8Array>();
      for (const [k, page] of v as Map<number, Uint8Array>) out.set(k, page.slice());
      return out;
    }
    case "array":
      return (v as unknown[]).map((e) => cloneValue(s.of, e));
    case "map": {
      const out = new Map<number, unknown>();
      for (const [k, e] of v as Map<number, unknown>) out.set(k, cloneValue(s.of, e));
      return out;
    }
    case "optional":
      return v === null ? null : cloneValue(s.of, v);
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const name in s.fields) o[name] = cloneValue(s.fields[name]!, (v as Record<string, unknown>)[name]);
      return o;
    }
    case "union": {
      const src = v as Record<string, unknown>;
      const variant = s.variants[src[s.tag] as string]!;
      const o: Record<string, unknown> = { [s.tag]: src[s.tag] };
      for (const name in variant.fields) o[name] = cloneValue(variant.fields[name]!, src[name]);
      return o;
    }
    default:
      return v;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equality of declared state, defined by equal canonical bytes. */
export function equal<S extends Schema>(schema: S, a: Infer<S>, b: Infer<S>): boolean {
  const x = encode(schema, a);
  const y = encode(schema, b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** A plain JSON-able form: byte strings as hex (long ones summarised), maps as objects. */
export function toPlain(schema: Schema, value: unknown, maxBytes = 64): unknown {
  switch (schema.kind) {
    case "bytes": {
      const b = value as Uint8Array;
      const hex = Array.from(b.subarray(0, maxBytes), (x) => x.toString(16).padStart(2, "0")).join("");
      return b.length > maxBytes ? { length: b.length, head: hex } : hex;
    }
    case "i32array":
      return Array.from(value as Int32Array);
    case "pages": {
      const pages = value as Map<number, Uint8Array>;
      return { count: pages.size, vpns: [...pages.keys()].sort((a, b) => a - b) };
    }
    case "array":
      return (value as unknown[]).map((e) => toPlain(schema.of, e, maxBytes));
    case "map": {
      const o: Record<string, unknown> = {};
      for (const [k, e] of [...(value as Map<number, unknown>)].sort((a, b) => a[0] - b[0])) {
        o[String(k)] = toPlain(schema.of, e, maxBytes);
      }
      return o;
    }
    case "optional":
      return value === null ? null : toPlain(schema.of, value, maxBytes);
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const name in schema.fields) o[name] = toPlain(schema.fields[name]!, (value as Record<string, unknown>)[name], maxBytes);
      return o;
    }
    case "union": {
      const src = value as Record<string, unknown>;
      const variant = schema.variants[src[schema.tag] as string]!;
      const o: Record<string, unknown> = { [schema.tag]: src[schema.tag] };
      for (const name in variant.fields) o[name] = toPlain(variant.fields[name]!, src[name], maxBytes);
      return o;
    }
    default:
      return value;
  }
}

/** One difference between two values of the same declaration. */
export interface Difference {
  path: string;
  before: unknown;
  after: unknown;
}

/** Every leaf that differs between `a` and `b`, by path (`$.procs[3].pc`). */
export function diff(schema: Schema, a: unknown, b: unknown, path = "$", out: Difference[] = []): Difference[] {
  switch (schema.kind) {
    case "struct":
      for (const name in schema.fields) {
        diff(schema.fields[name]!, (a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name], `${path}.${name}`, out);
      }
      return out;
    case "union": {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      if (x[schema.tag] !== y[schema.tag]) {
        out.push({ path, before: toPlain(schema, a), after: toPlain(schema, b) });
        return out;
      }
      const variant = schema.variants[x[schema.tag] as string]!;
      for (const name in variant.fields) diff(variant.fields[name]!, x[name], y[name], `${path}.${name}`, out);
      return out;
    }
    case "array": {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        if (i >= x.length) out.push({ path: `${path}[${i}]`, before: undefined, after: toPlain(schema.of, y[i]) });
        else if (i >= y.length) out.push({ path: `${path}[${i}]`, before: toPlain(schema.of, x[i]), after: undefined });
        else diff(schema.of, x[i], y[i], `${path}[${i}]`, out);
      }
      return out;
    }
    case "map": {
      const x = a as Map<number, unknown>;
      const y = b as Map<number, unknown>;
      const keys = [...new Set([...x.keys(), ...y.keys()])].sort((p, q) => p - q);
      for (const k of keys) {
        if (!x.has(k)) out.push({ path: `${path}[${k}]`, before: undefined, after: toPlain(schema.of, y.get(k)) });
        else if (!y.has(k)) out.push({ path: `${path}[${k}]`, before: toPlain(schema.of, x.get(k)), after: undefined });
        else diff(schema.of, x.get(k), y.get(k), `${path}[${k}]`, out);
      }
      return out;
    }
    case "pages": {
      const x = a as Map<number, Uint8Array>;
      const y = b as Map<number, Uint8Array>;
      const keys = [...new Set([...x.keys(), ...y.keys()])].sort((p, q) => p - q);
      for (const k of keys) {
        const p = x.get(k);
        const q = y.get(k);
        if (!p || !q || !bytesEqual(p, q)) {
          out.push({ path: `${path}[0x${(k * 4096).toString(16)}]`, before: p ? "page" : undefined, after: q ? "page" : undefined });
        }
      }
      return out;
    }
    case "optional":
      if (a === null || b === null) {
        if (a !== b) out.push({ path, before: a === null ? null : toPlain(schema.of, a), after: b === null ? null : toPlain(schema.of, b) });
        return out;
      }
      return diff(schema.of, a, b, path, out);
    default:
      if (!equal(schema, a as never, b as never)) out.push({ path, before: toPlain(schema, a), after: toPlain(schema, b) });
      return out;
  }
}
