// Where the pages of a machine's state are, for live migration: every `pages`
// field of the kernel state (process memory, tmpfs file blocks, anything
// declared t.pages later), found by walking the schema, in a canonical order
// (declared fields, array order, map keys ascending — the codec's order), so
// the sender and the receiver, walking the same state, list the same maps in
// the same order. The sender sends the page maps as a compact table (PMAP:
// vpn → slot) and the rest of the state with those maps empty: encoding 16,384
// pages through the general codec costs tens of milliseconds, the table a few.

import type { Schema } from "../state/index.js";
import { ProtocolError } from "./migrate-wire.js";

export type PageMap = Map<number, Uint8Array>;

/** A pages field found in a state: its map, and how to put another map in its place. */
export interface PageSite {
  map: PageMap;
  set(m: PageMap): void;
}

/** Every pages field of `value` (a value of `schema`), in canonical order. */
export function pageSites(schema: Schema, value: unknown, out: PageSite[] = []): PageSite[] {
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
        if (schema.of.kind === "pages") throw new Error("an optional pages field is not supported by migration"); // none is declared
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
      throw new Error("a bare pages root is not supported by migration");
    default:
      return out;
  }
}

/** PMAP payload: u32 sites, then per site u32 n and n × (u32 vpn, u32 slot), vpns ascending. */
export function encodePageMaps(sites: readonly PageSite[], slotOf: (page: Uint8Array) => number): Uint8Array {
  const entries = sites.reduce((n, s) => n + s.map.size, 0);
  const out = new Uint8Array(4 + 4 * sites.length + 8 * entries);
  const v = new DataView(out.buffer);
  v.setUint32(0, sites.length, true);
  let at = 4;
  for (const s of sites) {
    v.setUint32(at, s.map.size, true);
    at += 4;
    for (const vpn of [...s.map.keys()].sort((a, b) => a - b)) {
      v.setUint32(at, vpn, true);
      v.setUint32(at + 4, slotOf(s.map.get(vpn)!), true);
      at += 8;
    }
  }
  return out;
}

/** Fill the (empty) page maps of a decoded state from a PMAP payload; pages by slot. Throws ProtocolError. */
export function fillPageMaps(sites: readonly PageSite[], payload: Uint8Array, pageOf: (slot: number) => Uint8Array | undefined): void {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
  if (payload.length < 4 || v.getUint32(0, true) !== sites.length) throw new ProtocolError(`PMAP lists ${payload.length < 4 ? "no" : v.getUint32(0, true)} page maps, the state has ${sites.length}`);
  let at = 4;
  for (const [i, s] of sites.entries()) {
    if (s.map.size !== 0) throw new ProtocolError(`the state's page map ${i} is not empty`);
    if (at + 4 > payload.length) throw new ProtocolError("PMAP is truncated");
    const n = v.getUint32(at, true);
    at += 4;
    if (n > 0x100000 || at + 8 * n > payload.length) throw new ProtocolError(`PMAP: page map ${i} of ${n} pages does not fit`);
    const m: PageMap = new Map();
    let prev = -1;
    for (let k = 0; k < n; k++, at += 8) {
      const vpn = v.getUint32(at, true);
      const slot = v.getUint32(at + 4, true);
      if (vpn <= prev || vpn >= 0x100000) throw new ProtocolError(`PMAP: page map ${i}: page number ${vpn} out of order or range`);
      const page = pageOf(slot);
      if (!page) throw new ProtocolError(`PMAP: page map ${i}: slot ${slot} was never sent`);
      m.set(vpn, page);
      prev = vpn;
    }
    s.set(m);
  }
  if (at !== payload.length) throw new ProtocolError(`PMAP has ${payload.length - at} trailing bytes`);
}
