// Canonical binary encoding of declared state. The same value always gives
// the same bytes (struct fields in declared order, maps in ascending key
// order), so snapshots can be compared by hash. Decoding validates every
// value against the declaration and names the field it rejects.

import { ByteReader, ByteWriter } from "./bytes.js";
import { type Infer, type Schema, StateError, variantNames } from "./schema.js";

// Paths (`$.procs[3].fds[2].file`) name the field a check rejects. Building one
// string per field and element would cost more than the encoding itself (a
// checkpoint pause, a restore, a migration's downtime), so every walk runs
// first without paths (path null) and stops at the first mismatch; only then
// is the same walk run again, with paths, to throw the located error. Both
// runs make the same checks in the same order (one function, the path is the
// only difference), so what is accepted and what is said are unchanged.

/** The pathless walk's signal that something was rejected: walk again with paths to say where. */
class Mismatch {}
const MISMATCH = new Mismatch();

/** A pathless walk found a mismatch but the located one did not: a bug in cryobox, never bad input. */
function unreproduced(what: string): Error {
  return new Error(`cryobox bug: the ${what} rejected a value on the fast path but not on the located one`);
}

/** Was `e` a rejection by a pathless walk (ours, or a StateError from a reader or page hook given no path)? */
export function isPathlessRejection(e: unknown): boolean {
  return e === MISMATCH || e instanceof StateError;
}

/** `path.name`, or null while walking without paths. */
export function fieldPath(path: string | null, name: string): string | null {
  return path === null ? null : `${path}.${name}`;
}

/** `path[i]`, or null while walking without paths. */
export function elementPath(path: string | null, i: number): string | null {
  return path === null ? null : `${path}[${i}]`;
}

/** Append the canonical encoding of `value` (declared by `schema`) to `w`. */
export function encodeInto<S extends Schema>(schema: S, value: Infer<S>, w: ByteWriter): void {
  const start = w.length;
  try {
    encodeValue(schema, value as unknown, w, null);
  } catch (e) {
    if (!isPathlessRejection(e)) throw e;
    w.length = start; // nothing of the rejected value stays in the writer
    encodeValue(schema, value as unknown, new ByteWriter(256), "$");
    throw unreproduced("encoder");
  }
}

/** The canonical encoding of `value`. */
export function encode<S extends Schema>(schema: S, value: Infer<S>): Uint8Array {
  const w = new ByteWriter();
  encodeInto(schema, value, w);
  return w.finish();
}

/** Decode one value from `r`; throws StateError naming `path` and the field on any damage. */
export function decodeFrom<S extends Schema>(schema: S, r: ByteReader, path = "$"): Infer<S> {
  const start = r.pos;
  try {
    return decodeValue(schema, r, null) as Infer<S>;
  } catch (e) {
    if (!isPathlessRejection(e)) throw e;
    r.pos = start; // the same bytes again, the page source seeing the same references in the same order
    decodeValue(schema, r, path);
    throw unreproduced("decoder");
  }
}

/** Decode a whole buffer; trailing bytes are an error. */
export function decode<S extends Schema>(schema: S, bytes: Uint8Array, path = "$"): Infer<S> {
  const r = new ByteReader(bytes);
  const v = decodeFrom(schema, r, path);
  if (r.remaining !== 0) throw new StateError(path, `${r.remaining} unexpected trailing byte(s)`);
  return v;
}

const PAGE_BYTES = 4096;
/** Range of the `int` kind: zig-zag encoding must stay a safe integer. */
export const INT_LIMIT = 2 ** 52 - 1;

/**
 * How `pages` fields are stored. By default inline (4096 raw bytes each). The
 * snapshot writer installs a sink that stores each distinct page once and
 * returns its index; the reader installs the matching source. Set only for
 * the duration of one encode/decode (see withPageHooks).
 */
interface PageHooks {
  sink: ((page: Uint8Array) => number) | null;
  source: ((ref: number, path: string) => Uint8Array) | null;
}
const pageHooks: PageHooks = { sink: null, source: null };

/** Run `fn` with page hooks installed; always restores the inline default. */
export function withPageHooks<T>(hooks: Partial<PageHooks>, fn: () => T): T {
  const saved = { ...pageHooks };
  pageHooks.sink = hooks.sink ?? null;
  pageHooks.source = hooks.source ?? null;
  try {
    return fn();
  } finally {
    pageHooks.sink = saved.sink;
    pageHooks.source = saved.source;
  }
}

function fail(path: string | null, problem: string): never {
  if (path === null) throw MISMATCH;
  throw new StateError(path, problem);
}

function checkInt(v: unknown, path: string | null, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `expected an integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/**
 * Check a leaf value (anything but struct, union, array, map, optional, pages)
 * against its declaration without encoding it: the same rules the encoder
 * enforces, with no allocation (restore validates every field of a machine).
 */
export function assertLeaf(s: Schema, v: unknown, path: string | null): void {
  switch (s.kind) {
    case "u8":
      return void checkInt(v, path, 0, 0xff);
    case "u16":
      return void checkInt(v, path, 0, 0xffff);
    case "u32":
      return void checkInt(v, path, 0, 0xffffffff);
    case "i32":
      return void checkInt(v, path, -0x80000000, 0x7fffffff);
    case "uint":
      return void checkInt(v, path, 0, Number.MAX_SAFE_INTEGER);
    case "int":
      return void checkInt(v, path, -INT_LIMIT, INT_LIMIT);
    case "bool":
      if (typeof v !== "boolean") fail(path, `expected a boolean, got ${String(v)}`);
      return;
    case "string":
      if (typeof v !== "string") fail(path, `expected a string`);
      return;
    case "bytes":
      if (!(v instanceof Uint8Array)) fail(path, "expected a Uint8Array");
      if (s.max !== undefined && v.length > s.max) fail(path, `length ${v.length} exceeds ${s.max}`);
      return;
    case "i32array":
      if (!(v instanceof Int32Array) || v.length !== s.length) fail(path, `expected an Int32Array of ${s.length}`);
      return;
    case "enum":
      if (s.values.indexOf(v as string) < 0) fail(path, `expected one of ${s.values.join("|")}, got ${String(v)}`);
      return;
    default:
      // Containers are walked by their callers; encoding is the definition of well-typed for the rest.
      encode(s, v as never);
  }
}

/** Are the keys of `m` in ascending order already (insertion order usually is)? Then no sorted copy is needed. */
function ascending(m: Map<number, unknown>): boolean {
  let prev = -Infinity;
  for (const k of m.keys()) {
    if (!(k > prev)) return false;
    prev = k;
  }
  return true;
}

/** The keys of `m` in ascending order: the map's own iterator when already sorted, else a sorted copy. */
function sortedKeys(m: Map<number, unknown>): Iterable<number> {
  return ascending(m) ? m.keys() : [...m.keys()].sort((a, b) => a - b);
}

function encodeValue(s: Schema, v: unknown, w: ByteWriter, path: string | null): void {
  switch (s.kind) {
    case "u8":
      return w.u8(checkInt(v, path, 0, 0xff));
    case "u16":
      return w.u16(checkInt(v, path, 0, 0xffff));
    case "u32":
      return w.u32(checkInt(v, path, 0, 0xffffffff));
    case "i32":
      return w.u32(checkInt(v, path, -0x80000000, 0x7fffffff));
    case "uint":
      return w.uint(checkInt(v, path, 0, Number.MAX_SAFE_INTEGER));
    case "int":
      return w.int(checkInt(v, path, -INT_LIMIT, INT_LIMIT));
    case "bool":
      if (typeof v !== "boolean") fail(path, `expected a boolean, got ${String(v)}`);
      return w.u8(v ? 1 : 0);
    case "string":
      if (typeof v !== "string") fail(path, `expected a string`);
      return w.string(v);
    case "bytes":
      if (!(v instanceof Uint8Array)) fail(path, "expected a Uint8Array");
      if (s.max !== undefined && v.length > s.max) fail(path, `length ${v.length} exceeds ${s.max}`);
      return w.bytes(v);
    case "pages": {
      if (!(v instanceof Map)) fail(path, "expected a Map of pages");
      const pages = v as Map<number, unknown>;
      w.uint(pages.size);
      let prev = -1;
      for (const k of sortedKeys(pages)) {
        checkInt(k, fieldPath(path, "key"), 0, 0xfffff);
        w.uint(k - prev - 1);
        prev = k;
        const page = pages.get(k);
        if (!(page instanceof Uint8Array) || page.length !== PAGE_BYTES) fail(elementPath(path, k), "expected a 4096-byte page");
        if (pageHooks.sink) w.uint(pageHooks.sink(page));
        else w.raw(page);
      }
      return;
    }
    case "i32array":
      if (!(v instanceof Int32Array) || v.length !== s.length) fail(path, `expected an Int32Array of ${s.length}`);
      for (let i = 0; i < v.length; i++) w.u32(v[i]! >>> 0);
      return;
    case "enum": {
      const i = s.values.indexOf(v as string);
      if (i < 0) fail(path, `expected one of ${s.values.join("|")}, got ${String(v)}`);
      return w.uint(i);
    }
    case "array":
      if (!Array.isArray(v)) fail(path, "expected an array");
      if (s.max !== undefined && v.length > s.max) fail(path, `length ${v.length} exceeds ${s.max}`);
      w.uint(v.length);
      for (let i = 0; i < v.length; i++) encodeValue(s.of, v[i], w, elementPath(path, i));
      return;
    case "map": {
      if (!(v instanceof Map)) fail(path, "expected a Map");
      const m = v as Map<number, unknown>;
      w.uint(m.size);
      let prev = -1;
      for (const k of sortedKeys(m)) {
        checkInt(k, fieldPath(path, "key"), 0, Number.MAX_SAFE_INTEGER);
        w.uint(k - prev - 1); // keys as gaps: ascending order is enforced by the format
        prev = k;
        encodeValue(s.of, m.get(k), w, elementPath(path, k));
      }
      return;
    }
    case "optional":
      if (v === null) return w.u8(0);
      w.u8(1);
      return encodeValue(s.of, v, w, path);
    case "struct": {
      if (typeof v !== "object" || v === null) fail(path, "expected an object");
      const o = v as Record<string, unknown>;
      for (const name in s.fields) encodeValue(s.fields[name]!, o[name], w, fieldPath(path, name));
      return;
    }
    case "union": {
      if (typeof v !== "object" || v === null) fail(path, "expected an object");
      const o = v as Record<string, unknown>;
      const names = variantNames(s);
      const i = names.indexOf(o[s.tag] as string);
      if (i < 0) fail(fieldPath(path, s.tag), `unknown variant ${String(o[s.tag])}`);
      w.uint(i);
      const variant = s.variants[names[i]!]!;
      for (const name in variant.fields) encodeValue(variant.fields[name]!, o[name], w, fieldPath(path, name));
      return;
    }
  }
}

function decodeValue(s: Schema, r: ByteReader, path: string | null): unknown {
  const at = path ?? ""; // the reader's own errors; a pathless walk only needs to know that one was thrown
  switch (s.kind) {
    case "u8":
      return r.u8(at);
    case "u16":
      return r.u16(at);
    case "u32":
      return r.u32(at);
    case "i32":
      return r.u32(at) | 0;
    case "uint":
      return r.uint(at);
    case "int":
      return r.int(at);
    case "bool": {
      const b = r.u8(at);
      if (b > 1) fail(path, `invalid boolean ${b}`);
      return b === 1;
    }
    case "string":
      return r.string(at);
    case "bytes":
      return r.bytes(at, s.max);
    case "pages": {
      const n = r.uint(at);
      if (n > 0x100000) fail(path, `${n} pages is more than a 32-bit address space holds`);
      const out = new Map<number, Uint8Array>();
      const keyAt = path === null ? "" : `${path}.key`;
      let prev = -1;
      for (let i = 0; i < n; i++) {
        const k = prev + 1 + r.uint(keyAt);
        if (k > 0xfffff) fail(fieldPath(path, "key"), `page number ${k} is outside the 32-bit address space`);
        const pageAt = path === null ? "" : `${path}[${k}]`;
        out.set(k, pageHooks.source ? pageHooks.source(r.uint(pageAt), pageAt) : r.raw(PAGE_BYTES, pageAt));
        prev = k;
      }
      return out;
    }
    case "i32array": {
      const a = new Int32Array(s.length);
      for (let i = 0; i < s.length; i++) a[i] = r.u32(at) | 0;
      return a;
    }
    case "enum": {
      const i = r.uint(at);
      if (i >= s.values.length) fail(path, `enum index ${i} out of range (${s.values.length} values)`);
      return s.values[i];
    }
    case "array": {
      const n = r.uint(at);
      if (s.max !== undefined && n > s.max) fail(path, `length ${n} exceeds ${s.max}`);
      if (n > r.remaining) fail(path, `length ${n} is more than the ${r.remaining} byte(s) left`);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(decodeValue(s.of, r, elementPath(path, i)));
      return out;
    }
    case "map": {
      const n = r.uint(at);
      if (s.max !== undefined && n > s.max) fail(path, `size ${n} exceeds ${s.max}`);
      if (n > r.remaining) fail(path, `size ${n} is more than the ${r.remaining} byte(s) left`);
      const out = new Map<number, unknown>();
      const keyAt = path === null ? "" : `${path}.key`;
      let prev = -1;
      for (let i = 0; i < n; i++) {
        const k = prev + 1 + r.uint(keyAt);
        if (k > Number.MAX_SAFE_INTEGER) fail(fieldPath(path, "key"), "key out of range");
        out.set(k, decodeValue(s.of, r, elementPath(path, k)));
        prev = k;
      }
      return out;
    }
    case "optional": {
      const b = r.u8(at);
      if (b > 1) fail(path, `invalid presence byte ${b}`);
      return b === 0 ? null : decodeValue(s.of, r, path);
    }
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const name in s.fields) o[name] = decodeValue(s.fields[name]!, r, fieldPath(path, name));
      return o;
    }
    case "union": {
      const names = variantNames(s);
      const i = r.uint(path === null ? "" : `${path}.${s.tag}`);
      if (i >= names.length) fail(fieldPath(path, s.tag), `variant index ${i} out of range`);
      const o: Record<string, unknown> = { [s.tag]: names[i] };
      const variant = s.variants[names[i]!]!;
      for (const name in variant.fields) o[name] = decodeValue(variant.fields[name]!, r, fieldPath(path, name));
      return o;
    }
  }
}
