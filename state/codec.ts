// Canonical binary encoding of declared state. The same value always gives
// the same bytes (struct fields in declared order, maps in ascending key
// order), so snapshots can be compared by hash. Decoding validates every
// value against the declaration and names the field it rejects.

import { ByteReader, ByteWriter } from "./bytes.js";
import { type Infer, type Schema, StateError, variantNames } from "./schema.js";

/** Append the canonical encoding of `value` (declared by `schema`) to `w`. */
export function encodeInto<S extends Schema>(schema: S, value: Infer<S>, w: ByteWriter): void {
  encodeValue(schema, value as unknown, w, "$");
}

/** The canonical encoding of `value`. */
export function encode<S extends Schema>(schema: S, value: Infer<S>): Uint8Array {
  const w = new ByteWriter();
  encodeInto(schema, value, w);
  return w.finish();
}

/** Decode one value from `r`; throws StateError naming `path` and the field on any damage. */
export function decodeFrom<S extends Schema>(schema: S, r: ByteReader, path = "$"): Infer<S> {
  return decodeValue(schema, r, path) as Infer<S>;
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

function fail(path: string, problem: string): never {
  throw new StateError(path, problem);
}

function checkInt(v: unknown, path: string, min: number, max: number): number {
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
export function assertLeaf(s: Schema, v: unknown, path: string): void {
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

function encodeValue(s: Schema, v: unknown, w: ByteWriter, path: string): void {
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
      const keys = [...v.keys()].sort((a, b) => a - b);
      w.uint(keys.length);
      let prev = -1;
      for (const k of keys) {
        checkInt(k, `${path}.key`, 0, 0xfffff);
        w.uint(k - prev - 1);
        prev = k;
        const page = v.get(k) as Uint8Array;
        if (!(page instanceof Uint8Array) || page.length !== PAGE_BYTES) fail(`${path}[${k}]`, "expected a 4096-byte page");
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
      for (let i = 0; i < v.length; i++) encodeValue(s.of, v[i], w, `${path}[${i}]`);
      return;
    case "map": {
      if (!(v instanceof Map)) fail(path, "expected a Map");
      const keys = [...v.keys()].sort((a, b) => a - b);
      w.uint(keys.length);
      let prev = -1;
      for (const k of keys) {
        checkInt(k, `${path}.key`, 0, Number.MAX_SAFE_INTEGER);
        w.uint(k - prev - 1); // keys as gaps: ascending order is enforced by the format
        prev = k;
        encodeValue(s.of, v.get(k), w, `${path}[${k}]`);
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
      for (const name in s.fields) encodeValue(s.fields[name]!, o[name], w, `${path}.${name}`);
      return;
    }
    case "union": {
      if (typeof v !== "object" || v === null) fail(path, "expected an object");
      const o = v as Record<string, unknown>;
      const names = variantNames(s);
      const i = names.indexOf(o[s.tag] as string);
      if (i < 0) fail(`${path}.${s.tag}`, `unknown variant ${String(o[s.tag])}`);
      w.uint(i);
      const variant = s.variants[names[i]!]!;
      for (const name in variant.fields) encodeValue(variant.fields[name]!, o[name], w, `${path}.${name}`);
      return;
    }
  }
}

function decodeValue(s: Schema, r: ByteReader, path: string): unknown {
  switch (s.kind) {
    case "u8":
      return r.u8(path);
    case "u16":
      return r.u16(path);
    case "u32":
      return r.u32(path);
    case "i32":
      return r.u32(path) | 0;
    case "uint":
      return r.uint(path);
    case "int":
      return r.int(path);
    case "bool": {
      const b = r.u8(path);
      if (b > 1) fail(path, `invalid boolean ${b}`);
      return b === 1;
    }
    case "string":
      return r.string(path);
    case "bytes":
      return r.bytes(path, s.max);
    case "pages": {
      const n = r.uint(path);
      if (n > 0x100000) fail(path, `${n} pages is more than a 32-bit address space holds`);
      const out = new Map<number, Uint8Array>();
      let prev = -1;
      for (let i = 0; i < n; i++) {
        const k = prev + 1 + r.uint(`${path}.key`);
        if (k > 0xfffff) fail(`${path}.key`, `page number ${k} is outside the 32-bit address space`);
        out.set(k, pageHooks.source ? pageHooks.source(r.uint(`${path}[${k}]`), `${path}[${k}]`) : r.raw(PAGE_BYTES, `${path}[${k}]`));
        prev = k;
      }
      return out;
    }
    case "i32array": {
      const a = new Int32Array(s.length);
      for (let i = 0; i < s.length; i++) a[i] = r.u32(path) | 0;
      return a;
    }
    case "enum": {
      const i = r.uint(path);
      if (i >= s.values.length) fail(path, `enum index ${i} out of range (${s.values.length} values)`);
      return s.values[i];
    }
    case "array": {
      const n = r.uint(path);
      if (s.max !== undefined && n > s.max) fail(path, `length ${n} exceeds ${s.max}`);
      if (n > r.remaining) fail(path, `length ${n} is more than the ${r.remaining} byte(s) left`);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(decodeValue(s.of, r, `${path}[${i}]`));
      return out;
    }
    case "map": {
      const n = r.uint(path);
      if (s.max !== undefined && n > s.max) fail(path, `size ${n} exceeds ${s.max}`);
      if (n > r.remaining) fail(path, `size ${n} is more than the ${r.remaining} byte(s) left`);
      const out = new Map<number, unknown>();
      let prev = -1;
      for (let i = 0; i < n; i++) {
        const k = prev + 1 + r.uint(`${path}.key`);
        if (k > Number.MAX_SAFE_INTEGER) fail(`${path}.key`, "key out of range");
        out.set(k, decodeValue(s.of, r, `${path}[${k}]`));
        prev = k;
      }
      return out;
    }
    case "optional": {
      const b = r.u8(path);
      if (b > 1) fail(path, `invalid presence byte ${b}`);
      return b === 0 ? null : decodeValue(s.of, r, path);
    }
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const name in s.fields) o[name] = decodeValue(s.fields[name]!, r, `${path}.${name}`);
      return o;
    }
    case "union": {
      const names = variantNames(s);
      const i = r.uint(`${path}.${s.tag}`);
      if (i >= names.length) fail(`${path}.${s.tag}`, `variant index ${i} out of range`);
      const o: Record<string, unknown> = { [s.tag]: names[i] };
      const variant = s.variants[names[i]!]!;
      for (const name in variant.fields) o[name] = decodeValue(variant.fields[name]!, r, `${path}.${name}`);
      return o;
    }
  }
}
