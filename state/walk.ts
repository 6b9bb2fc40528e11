// Generic walkers over declared state: conformance (no undeclared field may
// exist), deep clone, equality, a JSON-able plain form for inspect, and a
// path-by-path diff. Each is driven by the schema alone.

import { assertLeaf, encode } from "./codec.js";
import { type Infer, type Schema, StateError } from "./schema.js";

/**
 * Check that `value` matches `schema` exactly: every declared field present
 * and well-typed, and no property that the declaration does not cover. This
 * is the check that SIMH and v86 lack: a forgotten field fails here.
 */
export function assertConforms(schema: Schema, value: unknown, path = "$"): void {
  switch (schema.kind) {
    case "struct": {
      if (typeof value !== "object" || value === null) throw new StateError(path, "expected an object");
      for (const key of Object.keys(value)) {
        if (!(key in schema.fields)) throw new StateError(`${path}.${key}`, "field is not declared in the schema");
      }
      for (const name in schema.fields) {
        assertConforms(schema.fields[name]!, (value as Record<string, unknown>)[name], `${path}.${name}`);
      }
      return;
    }
    case "union": {
      if (typeof value !== "object" || value === null) throw new StateError(path, "expected an object");
      const o = value as Record<string, unknown>;
      const variant = schema.variants[o[schema.tag] as string];
      if (!variant) throw new StateError(`${path}.${schema.tag}`, `unknown variant ${String(o[schema.tag])}`);
      for (const key of Object.keys(o)) {
        if (key !== schema.tag && !(key in variant.fields)) {
          throw new StateError(`${path}.${key}`, "field is not declared in the schema");
        }
      }
      for (const name in variant.fields) assertConforms(variant.fields[name]!, o[name], `${path}.${name}`);
      return;
    }
    case "array":
      if (!Array.isArray(value)) throw new StateError(path, "expected an array");
      value.forEach((e, i) => assertConforms(schema.of, e, `${path}[${i}]`));
      return;
    case "map":
      if (!(value instanceof Map)) throw new StateError(path, "expected a Map");
      for (const [k, e] of value) assertConforms(schema.of, e, `${path}[${k}]`);
      return;
    case "pages":
      if (!(value instanceof Map)) throw new StateError(path, "expected a Map of pages");
      for (const [k, p] of value) {
        if (!(p instanceof Uint8Array) || p.length !== 4096) throw new StateError(`${path}[${k}]`, "expected a 4096-byte page");
      }
      return;
    case "optional":
      if (value !== null) assertConforms(schema.of, value, path);
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
