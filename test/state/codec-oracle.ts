// The codec and conformance walk as they were before the pathless fast walks
// (state/codec.ts, state/walk.ts at 3440ea2): every field's path built as it
// goes. Kept as the oracle of test/state/codec-paths.test.ts: the fast walks
// must accept exactly what this accepts, give the same bytes and say the same
// thing about what it rejects. Test code only.

import { ByteReader, ByteWriter, INT_LIMIT, type Schema, StateError, assertLeaf, variantNames } from "../../state/index.js";

const PAGE = 4096;
const fail = (path: string, problem: string): never => {
  throw new StateError(path, problem);
};
const int = (v: unknown, path: string, min: number, max: number): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) fail(path, `expected an integer in [${min}, ${max}], got ${String(v)}`);
  return v as number;
};

/** Encode as the eager-path encoder did (no page hooks: pages inline). */
export function oracleEncode(s: Schema, v: unknown, w = new ByteWriter(), path = "$"): Uint8Array {
  enc(s, v, w, path);
  return w.finish();
}

function enc(s: Schema, v: unknown, w: ByteWriter, path: string): void {
  switch (s.kind) {
    case "u8": return w.u8(int(v, path, 0, 0xff));
    case "u16": return w.u16(int(v, path, 0, 0xffff));
    case "u32": return w.u32(int(v, path, 0, 0xffffffff));
    case "i32": return w.u32(int(v, path, -0x80000000, 0x7fffffff));
    case "uint": return w.uint(int(v, path, 0, Number.MAX_SAFE_INTEGER));
    case "int": return w.int(int(v, path, -INT_LIMIT, INT_LIMIT));
    case "bool":
      if (typeof v !== "boolean") fail(path, `expected a boolean, got ${String(v)}`);
      return w.u8(v ? 1 : 0);
    case "string":
      if (typeof v !== "string") fail(path, `expected a string`);
      return w.string(v as string);
    case "bytes":
      if (!(v instanceof Uint8Array)) fail(path, "expected a Uint8Array");
      if (s.max !== undefined && (v as Uint8Array).length > s.max) fail(path, `length ${(v as Uint8Array).length} exceeds ${s.max}`);
      return w.bytes(v as Uint8Array);
    case "pages": {
      if (!(v instanceof Map)) fail(path, "expected a Map of pages");
      const m = v as Map<number, unknown>;
      const keys = [...m.keys()].sort((a, b) => a - b);
      w.uint(keys.length);
      let prev = -1;
      for (const k of keys) {
        int(k, `${path}.key`, 0, 0xfffff);
        w.uint(k - prev - 1);
        prev = k;
        const page = m.get(k);
        if (!(page instanceof Uint8Array) || page.length !== PAGE) fail(`${path}[${k}]`, "expected a 4096-byte page");
        w.raw(page as Uint8Array);
      }
      return;
    }
    case "i32array": {
      if (!(v instanceof Int32Array) || v.length !== s.length) fail(path, `expected an Int32Array of ${s.length}`);
      const a = v as Int32Array;
      for (let i = 0; i < a.length; i++) w.u32(a[i]! >>> 0);
      return;
    }
    case "enum": {
      const i = s.values.indexOf(v as string);
      if (i < 0) fail(path, `expected one of ${s.values.join("|")}, got ${String(v)}`);
      return w.uint(i);
    }
    case "array": {
      if (!Array.isArray(v)) fail(path, "expected an array");
      const a = v as unknown[];
      if (s.max !== undefined && a.length > s.max) fail(path, `length ${a.length} exceeds ${s.max}`);
      w.uint(a.length);
      for (let i = 0; i < a.length; i++) enc(s.of, a[i], w, `${path}[${i}]`);
      return;
    }
    case "map": {
      if (!(v instanceof Map)) fail(path, "expected a Map");
      const m = v as Map<number, unknown>;
      const keys = [...m.keys()].sort((a, b) => a - b);
      w.uint(keys.length);
      let prev = -1;
      for (const k of keys) {
        int(k, `${path}.key`, 0, Number.MAX_SAFE_INTEGER);
        w.uint(k - prev - 1);
        prev = k;
        enc(s.of, m.get(k), w, `${path}[${k}]`);
      }
      return;
    }
    case "optional":
      if (v === null) return w.u8(0);
      w.u8(1);
      return enc(s.of, v, w, path);
    case "struct": {
      if (typeof v !== "object" || v === null) fail(path, "expected an object");
      const o = v as Record<string, unknown>;
      for (const name in s.fields) enc(s.fields[name]!, o[name], w, `${path}.${name}`);
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
      for (const name in variant.fields) enc(variant.fields[name]!, o[name], w, `${path}.${name}`);
      return;
    }
  }
}

/** Decode a whole buffer as the eager-path decoder did (pages inline). */
export function oracleDecode(s: Schema, bytes: Uint8Array, path = "$"): unknown {
  const r = new ByteReader(bytes);
  const v = dec(s, r, path);
  if (r.remaining !== 0) throw new StateError(path, `${r.remaining} unexpected trailing byte(s)`);
  return v;
}

function dec(s: Schema, r: ByteReader, path: string): unknown {
  switch (s.kind) {
    case "u8": return r.u8(path);
    case "u16": return r.u16(path);
    case "u32": return r.u32(path);
    case "i32": return r.u32(path) | 0;
    case "uint": return r.uint(path);
    case "int": return r.int(path);
    case "bool": {
      const b = r.u8(path);
      if (b > 1) fail(path, `invalid boolean ${b}`);
      return b === 1;
    }
    case "string": return r.string(path);
    case "bytes": return r.bytes(path, s.max);
    case "pages": {
      const n = r.uint(path);
      if (n > 0x100000) fail(path, `${n} pages is more than a 32-bit address space holds`);
      const out = new Map<number, Uint8Array>();
      let prev = -1;
      for (let i = 0; i < n; i++) {
        const k = prev + 1 + r.uint(`${path}.key`);
        if (k > 0xfffff) fail(`${path}.key`, `page number ${k} is outside the 32-bit address space`);
        out.set(k, r.raw(PAGE, `${path}[${k}]`));
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
      for (let i = 0; i < n; i++) out.push(dec(s.of, r, `${path}[${i}]`));
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
        out.set(k, dec(s.of, r, `${path}[${k}]`));
        prev = k;
      }
      return out;
    }
    case "optional": {
      const b = r.u8(path);
      if (b > 1) fail(path, `invalid presence byte ${b}`);
      return b === 0 ? null : dec(s.of, r, path);
    }
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const name in s.fields) o[name] = dec(s.fields[name]!, r, `${path}.${name}`);
      return o;
    }
    case "union": {
      const names = variantNames(s);
      const i = r.uint(`${path}.${s.tag}`);
      if (i >= names.length) fail(`${path}.${s.tag}`, `variant index ${i} out of range`);
      const o: Record<string, unknown> = { [s.tag]: names[i] };
      const variant = s.variants[names[i]!]!;
      for (const name in variant.fields) o[name] = dec(variant.fields[name]!, r, `${path}.${name}`);
      return o;
    }
  }
}

/** assertConforms as it was (Object.keys per object, a path per field). */
export function oracleConforms(schema: Schema, value: unknown, path = "$"): void {
  switch (schema.kind) {
    case "struct": {
      if (typeof value !== "object" || value === null) throw new StateError(path, "expected an object");
      for (const key of Object.keys(value)) if (!(key in schema.fields)) throw new StateError(`${path}.${key}`, "field is not declared in the schema");
      for (const name in schema.fields) oracleConforms(schema.fields[name]!, (value as Record<string, unknown>)[name], `${path}.${name}`);
      return;
    }
    case "union": {
      if (typeof value !== "object" || value === null) throw new StateError(path, "expected an object");
      const o = value as Record<string, unknown>;
      const variant = schema.variants[o[schema.tag] as string];
      if (!variant) throw new StateError(`${path}.${schema.tag}`, `unknown variant ${String(o[schema.tag])}`);
      for (const key of Object.keys(o)) {
        if (key !== schema.tag && !(key in variant.fields)) throw new StateError(`${path}.${key}`, "field is not declared in the schema");
      }
      for (const name in variant.fields) oracleConforms(variant.fields[name]!, o[name], `${path}.${name}`);
      return;
    }
    case "array":
      if (!Array.isArray(value)) throw new StateError(path, "expected an array");
      value.forEach((e, i) => oracleConforms(schema.of, e, `${path}[${i}]`));
      return;
    case "map":
      if (!(value instanceof Map)) throw new StateError(path, "expected a Map");
      for (const [k, e] of value) oracleConforms(schema.of, e, `${path}[${k}]`);
      return;
    case "pages":
      if (!(value instanceof Map)) throw new StateError(path, "expected a Map of pages");
      for (const [k, p] of value) if (!(p instanceof Uint8Array) || p.length !== 4096) throw new StateError(`${path}[${k}]`, "expected a 4096-byte page");
      return;
    case "optional":
      if (value !== null) oracleConforms(schema.of, value, path);
      return;
    default:
      assertLeaf(schema, value, path);
  }
}
