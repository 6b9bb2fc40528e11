// State declarations: the one place where a stateful object says what its state is.
//
// In the spirit of SIMH's register tables, QEMU's VMStateDescription and zod: a
// schema is plain data describing the fields, the TypeScript type of the state
// is inferred from it (so a field cannot exist undeclared), and every generic
// operation — encode, decode, clone, equality, digest, inspect, diff — walks
// the schema rather than being written by hand per object.
//
// This folder is the lowest layer: cpu/, kernel/, devices/ and snapshot/ all
// import it, it imports nothing of ours.

/** A field declaration. Discriminated on `kind`. */
export type Schema =
  | { readonly kind: "u8" }
  | { readonly kind: "u16" }
  | { readonly kind: "u32" }
  | { readonly kind: "i32" }
  /** a non-negative safe integer (counters, virtual time): up to 2^53 − 1 */
  | { readonly kind: "uint" }
  /** a signed safe integer */
  | { readonly kind: "int" }
  | { readonly kind: "bool" }
  | { readonly kind: "string" }
  | { readonly kind: "bytes"; readonly max?: number }
  | { readonly kind: "i32array"; readonly length: number }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "array"; readonly of: Schema; readonly max?: number }
  | { readonly kind: "map"; readonly of: Schema; readonly max?: number }
  | { readonly kind: "optional"; readonly of: Schema }
  /** guest memory pages: vpn -> 4096 bytes; the snapshot layer stores them deduplicated */
  | { readonly kind: "pages" }
  | StructSchema
  | UnionSchema;

export interface StructSchema {
  readonly kind: "struct";
  readonly fields: { readonly [name: string]: Schema };
}

export interface UnionSchema {
  readonly kind: "union";
  /** the discriminant property, e.g. "kind" */
  readonly tag: string;
  readonly variants: { readonly [name: string]: StructSchema };
}

/** The TypeScript type a schema describes. */
export type Infer<S extends Schema> = Schema extends S ? unknown : InferDeclared<S>;

type InferDeclared<S extends Schema> = S extends { kind: "u8" | "u16" | "u32" | "i32" | "uint" | "int" }
  ? number
  : S extends { kind: "bool" }
    ? boolean
    : S extends { kind: "string" }
      ? string
      : S extends { kind: "bytes" }
        ? Uint8Array
        : S extends { kind: "pages" }
          ? Map<number, Uint8Array>
        : S extends { kind: "i32array" }
          ? Int32Array
          : S extends { kind: "enum"; values: readonly (infer V)[] }
            ? V
            : S extends { kind: "array"; of: infer E extends Schema }
              ? Infer<E>[]
              : S extends { kind: "map"; of: infer E extends Schema }
                ? Map<number, Infer<E>>
                : S extends { kind: "optional"; of: infer E extends Schema }
                  ? Infer<E> | null
                  : S extends { kind: "struct"; fields: infer F extends { readonly [k: string]: Schema } }
                    ? { -readonly [K in keyof F]: Infer<F[K]> }
                    : S extends { kind: "union"; tag: infer T extends string; variants: infer V }
                      ? {
                          [K in keyof V]: V[K] extends StructSchema
                            ? { [P in T]: K } & Infer<V[K]>
                            : never;
                        }[keyof V]
                      : never;

/** Builders. `t.struct({ pid: t.u32, name: t.string })` reads like the object it declares. */
export const t = {
  u8: { kind: "u8" } as const,
  u16: { kind: "u16" } as const,
  u32: { kind: "u32" } as const,
  i32: { kind: "i32" } as const,
  uint: { kind: "uint" } as const,
  int: { kind: "int" } as const,
  bool: { kind: "bool" } as const,
  string: { kind: "string" } as const,
  bytes: { kind: "bytes" } as const,
  pages: { kind: "pages" } as const,
  boundedBytes: (max: number) => ({ kind: "bytes", max }) as const,
  i32array: <N extends number>(length: N) => ({ kind: "i32array", length }) as const,
  enum: <const V extends readonly string[]>(...values: V) => ({ kind: "enum", values }) as const,
  array: <E extends Schema>(of: E, max?: number) => ({ kind: "array", of, max }) as const,
  /** a Map keyed by non-negative integers; encoded in ascending key order (canonical) */
  map: <E extends Schema>(of: E, max?: number) => ({ kind: "map", of, max }) as const,
  optional: <E extends Schema>(of: E) => ({ kind: "optional", of }) as const,
  struct: <const F extends { readonly [k: string]: Schema }>(fields: F) => ({ kind: "struct", fields }) as const,
  union: <const T extends string, const V extends { readonly [k: string]: StructSchema }>(tag: T, variants: V) =>
    ({ kind: "union", tag, variants }) as const,
};

/** Raised for a value that does not match its declaration; `path` says where. */
export class StateError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "StateError";
  }
}

/** The variant names of a union in their canonical (declared) order. */
export function variantNames(u: UnionSchema): string[] {
  return Object.keys(u.variants);
}

/** A stable one-line text form of a schema: checked in, so an unversioned change fails a test. */
export function describeSchema(s: Schema): string {
  switch (s.kind) {
    case "bytes":
      return s.max === undefined ? "bytes" : `bytes(max ${s.max})`;
    case "i32array":
      return `i32[${s.length}]`;
    case "enum":
      return `enum(${s.values.join("|")})`;
    case "array":
      return `array<${describeSchema(s.of)}>`;
    case "map":
      return `map<${describeSchema(s.of)}>`;
    case "optional":
      return `optional<${describeSchema(s.of)}>`;
    case "struct":
      return `{${Object.entries(s.fields)
        .map(([k, f]) => `${k}:${describeSchema(f)}`)
        .join(",")}}`;
    case "union":
      return `union(${s.tag})<${Object.entries(s.variants)
        .map(([k, v]) => `${k}${describeSchema(v)}`)
        .join("|")}>`;
    default:
      return s.kind;
  }
}
