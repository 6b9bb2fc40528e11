// Sections: how one named, versioned piece of state is encoded and decoded,
// including the upgrade of older versions (QEMU's idea: each section has a
// version; an older file is decoded with the schema it was written with, then
// walked forward one registered step at a time to the current version).
//
// Sections are derived generically from a struct schema: one section per
// top-level field (for the kernel: one per table of kernel objects), so a
// subset can be written and read on its own.

import { ByteReader, ByteWriter, type Schema, type StructSchema, assertConforms, decodeFrom, encodeInto, sha256 } from "../state/index.js";
import { SnapshotError, asSnapshotError, sectionLabel } from "./errors.js";
import type { SectionIn, SectionOut } from "./format.js";

/** One step of an upgrade: the schema version `from` was written with, and how to turn it into version from+1. */
export interface UpgradeStep {
  from: number;
  schema: Schema;
  upgrade: (old: unknown) => unknown;
}

/** The usual body of an upgrade of a table section: every row (pid, ino, id → row) rewritten by `row`, in order. */
export function upgradeRows<Row>(old: unknown, row: (r: Row, id: number) => unknown): Map<number, unknown> {
  const out = new Map<number, unknown>();
  for (const [id, r] of old as Map<number, Row>) out.set(id, row(r, id));
  return out;
}

/** A section's declaration: its current schema and version, and the steps up from older versions. */
export interface SectionDef {
  name: string;
  version: number;
  schema: Schema;
  upgrades: readonly UpgradeStep[];
  /** a table added after the first release: a snapshot without it decodes it as empty */
  optional?: boolean;
  /** the root fields this section holds: [name] for a table, several for the grouped scalars */
  fields: readonly string[];
}

/** Versions and upgrades by section name (missing = version 1, no upgrades). */
export interface VersionTable {
  [name: string]: { version: number; upgrades?: readonly UpgradeStep[]; optional?: boolean } | undefined;
}

/** The section that gathers a root's scalar fields (clock, counters, …). */
export const GLOBALS = "globals";

/**
 * Sections of a root struct, derived from its schema: one per table (array or
 * map field), in declared order, and one "globals" section first holding all
 * other fields as a struct. Per-object subsets are a matter of table rows.
 */
export function sectionsOf(root: StructSchema, versions: VersionTable): SectionDef[] {
  const globals: Record<string, Schema> = {};
  const tables: SectionDef[] = [];
  for (const [name, schema] of Object.entries(root.fields)) {
    if (schema.kind === "array" || schema.kind === "map") {
      tables.push({ name, schema, fields: [name], version: versions[name]?.version ?? 1, upgrades: versions[name]?.upgrades ?? [], optional: versions[name]?.optional ?? false });
    } else {
      globals[name] = schema;
    }
  }
  if (Object.keys(globals).length === 0) return tables;
  const g: SectionDef = {
    name: GLOBALS,
    schema: { kind: "struct", fields: globals },
    fields: Object.keys(globals),
    version: versions[GLOBALS]?.version ?? 1,
    upgrades: versions[GLOBALS]?.upgrades ?? [],
  };
  return [g, ...tables];
}

/** The value a section holds, taken from the root value. */
export function sectionValue(def: SectionDef, root: Record<string, unknown>): unknown {
  if (def.fields.length === 1 && def.fields[0] === def.name) return root[def.name];
  const o: Record<string, unknown> = {};
  for (const f of def.fields) o[f] = root[f];
  return o;
}

/** Put a decoded section value back into the root value being rebuilt. */
export function putSection(def: SectionDef, root: Record<string, unknown>, value: unknown): void {
  if (def.fields.length === 1 && def.fields[0] === def.name) root[def.name] = value;
  else Object.assign(root, value as Record<string, unknown>);
}

/** Where a section's fields sit in the root: `$.pipes` for a table, `$` for grouped fields. */
function pathOf(def: SectionDef): string {
  return def.fields.length === 1 && def.fields[0] === def.name ? `$.${def.name}` : "$";
}

/**
 * Encode `value` as section `def` (pages go through whatever page hook is installed). With `w`, the
 * payload is appended to it and is a view of it (one writer for all sections of a file: no buffer and
 * no copy per section); the caller must then only append to `w` while the section is in use.
 */
export function encodeSection(def: SectionDef, value: unknown, w?: ByteWriter): SectionOut {
  let payload: Uint8Array;
  if (w) {
    const start = w.length;
    encodeInto(def.schema, value as never, w);
    payload = w.since(start);
  } else {
    const own = new ByteWriter();
    encodeInto(def.schema, value as never, own);
    payload = own.finish();
  }
  return { name: def.name, version: def.version, chunks: [payload], sha256: sha256(payload) };
}

/** Decode section `s` as `def`, upgrading older versions; the result conforms to the current schema. */
export function decodeSection(def: SectionDef, s: SectionIn): unknown {
  if (s.version > def.version) {
    throw new SnapshotError(
      `${sectionLabel(s.name, s.version)}: newer than this cryobox understands (it reads up to v${def.version})`,
      s.name,
    );
  }
  let schema = def.schema;
  let steps: UpgradeStep[] = [];
  if (s.version < def.version) {
    steps = [];
    for (let v = s.version; v < def.version; v++) {
      const step = def.upgrades.find((u) => u.from === v);
      if (!step) {
        throw new SnapshotError(`${sectionLabel(s.name, s.version)}: no upgrade from v${v} to v${v + 1} is known`, s.name);
      }
      steps.push(step);
    }
    schema = steps[0]!.schema;
  }
  const path = pathOf(def);
  try {
    const r = new ByteReader(s.payload);
    let value = decodeFrom(schema, r, path);
    if (r.remaining !== 0) throw new SnapshotError(`${sectionLabel(s.name, s.version)}: ${r.remaining} unexpected trailing byte(s)`, s.name, path);
    for (const step of steps) value = step.upgrade(value);
    if (steps.length > 0) assertConforms(def.schema, value, path);
    return value;
  } catch (e) {
    throw asSnapshotError(e, s.name, s.version);
  }
}
