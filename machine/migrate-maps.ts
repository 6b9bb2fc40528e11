// Live migration: the page maps (vpn → page) travel as per-round deltas, so
// the receiver holds the machine's page maps already built when the machine
// stops, and the stop-and-copy carries only what changed in the last round
// plus the order of the maps (SITES), never a table of every page.
//
// A page map ("site": a process's address space, a tmpfs file's blocks) is
// named by an id the sender picks when it first sees the map. Each round's
// MAPS frame says which sites vanished (DROP), and for each site that
// changed, the entries set (vpn → slot) and removed (vpn). The receiver keeps
// the pages by slot (ReceivedPages) with a reference count per slot, so a FREE
// of a slot a map still holds is refused: every page a built map holds is one
// of the slots, and the slots are bounded by the HELLO's page limit — a
// hostile sender cannot make the receiver hold more pages than that. The
// entries of all maps together are bounded too (maxRefs).
//
// Frame order within a round: PAGES (new slots and changed pages), MAPS,
// FREE (slots no map holds any more; the sender reuses a freed slot only from
// the next round on).

import { type PageMap, type PageSite } from "./migrate-pages.js";
import { ProtocolError } from "./migrate-wire.js";

/** Largest vpn (4 GiB / 4 KiB). */
const VPN_LIMIT = 0x100000;
/** Largest site id and most sites at once (processes, files: a machine has at most NPROC + NINODE maps). */
export const MAX_SITE_ID = 1 << 24;
export const MAX_SITES = 1 << 16;

/** The changes of one site in one round (sender side; slots resolved at encode time). */
export interface SiteDelta {
  id: number;
  set: number[]; // (vpn, slot) pairs flattened: vpn at 2k, slot at 2k+1
  del: number[];
}

/** MAPS payload: u32 nDrop, ids; u32 nSites; per site u32 id, u32 nSet, nSet × (u32 vpn, u32 slot), u32 nDel, nDel × u32 vpn. */
export function encodeMaps(drops: readonly number[], deltas: readonly SiteDelta[]): Uint8Array {
  let size = 8 + 4 * drops.length;
  for (const d of deltas) size += 12 + 4 * d.set.length + 4 * d.del.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  const put = (x: number): void => {
    v.setUint32(at, x, true);
    at += 4;
  };
  put(drops.length);
  for (const id of drops) put(id);
  put(deltas.length);
  for (const d of deltas) {
    put(d.id);
    put(d.set.length / 2);
    for (const x of d.set) put(x);
    put(d.del.length);
    for (const x of d.del) put(x);
  }
  return out;
}

/** SITES payload: u32 n, n × u32 site id, in the canonical order of the state's pages fields. */
export function encodeSites(ids: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * ids.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, ids.length, true);
  ids.forEach((id, i) => v.setUint32(4 + 4 * i, id, true));
  return out;
}

/** The receiver's pages by slot, with how many map entries hold each (dense arrays: slots are bounded). */
export class ReceivedPages {
  private readonly pages: (Uint8Array | undefined)[] = [];
  private readonly refs: number[] = [];
  /** slot of each page object held (a plain Map: a WeakMap of 16k pages makes every GC slower) */
  private readonly slotOf = new Map<Uint8Array, number>();
  size = 0;

  constructor(
    private readonly maxSlot: number,
    private readonly maxHeld: number,
  ) {}

  get(slot: number): Uint8Array | undefined {
    return this.pages[slot];
  }

  /** New contents for `slot` (a new page, or the page changed in place: maps holding it see the change). */
  put(slot: number, bytes: Uint8Array): void {
    if (slot >= this.maxSlot) throw new ProtocolError(`page slot ${slot} is beyond the machine's limit`);
    const old = this.pages[slot];
    if (old) {
      old.set(bytes);
      return;
    }
    if (this.size >= this.maxHeld) throw new ProtocolError(`more than ${this.maxHeld} pages: more than the machine can hold`);
    const page = bytes.slice(); // our own copy: the machine will write it
    this.pages[slot] = page;
    this.refs[slot] = 0;
    this.slotOf.set(page, slot);
    this.size++;
  }

  free(slot: number): void {
    if (this.pages[slot] === undefined) throw new ProtocolError(`FREE of slot ${slot}, which holds no page`);
    if (this.refs[slot] !== 0) throw new ProtocolError(`FREE of slot ${slot}, which a page map still holds`);
    this.slotOf.delete(this.pages[slot]!);
    this.pages[slot] = undefined;
    this.size--;
  }

  /** A map entry now holds the page of `slot`; returns it. */
  hold(slot: number, what: string): Uint8Array {
    const page = this.pages[slot];
    if (!page) throw new ProtocolError(`${what}: slot ${slot} was never sent`);
    this.refs[slot]!++;
    return page;
  }

  /** A map entry let go of `page`. */
  release(page: Uint8Array): void {
    const s = this.slotOf.get(page);
    if (s !== undefined && this.pages[s] === page) this.refs[s]!--;
  }
}

/** The receiver's copy of the machine's page maps, built round by round. */
export class MapMirror {
  private readonly maps = new Map<number, PageMap>();
  private entries = 0;

  constructor(
    private readonly pages: ReceivedPages,
    private readonly maxRefs: number,
  ) {}

  /** Apply one MAPS frame. Throws ProtocolError. */
  apply(p: Uint8Array): void {
    const v = new DataView(p.buffer, p.byteOffset, p.length);
    let at = 0;
    const get = (): number => {
      if (at + 4 > p.length) throw new ProtocolError("MAPS frame is truncated");
      const x = v.getUint32(at, true);
      at += 4;
      return x;
    };
    const nDrop = get();
    if (nDrop > MAX_SITES) throw new ProtocolError(`MAPS drops ${nDrop} page maps`);
    for (let i = 0; i < nDrop; i++) {
      const id = get();
      const m = this.maps.get(id);
      if (!m) throw new ProtocolError(`MAPS drops page map ${id}, which does not exist`);
      for (const page of m.values()) this.pages.release(page);
      this.entries -= m.size;
      this.maps.delete(id);
    }
    const nSites = get();
    if (nSites > MAX_SITES) throw new ProtocolError(`MAPS changes ${nSites} page maps`);
    for (let i = 0; i < nSites; i++) {
      const id = get();
      if (id >= MAX_SITE_ID) throw new ProtocolError(`MAPS: page map id ${id} is out of range`);
      let m = this.maps.get(id);
      if (!m) {
        if (this.maps.size >= MAX_SITES) throw new ProtocolError(`more than ${MAX_SITES} page maps`);
        m = new Map();
        this.maps.set(id, m);
      }
      const nSet = get();
      if (at + 8 * nSet > p.length) throw new ProtocolError(`MAPS: page map ${id} of ${nSet} entries does not fit`);
      for (let k = 0; k < nSet; k++) {
        const vpn = get();
        const slot = get();
        if (vpn >= VPN_LIMIT) throw new ProtocolError(`MAPS: page map ${id}: page number ${vpn} out of range`);
        const page = this.pages.hold(slot, `MAPS: page map ${id}`);
        const old = m.get(vpn);
        if (old) this.pages.release(old);
        else if (++this.entries > this.maxRefs) throw new ProtocolError(`the page maps hold more than ${this.maxRefs} pages: more than the machine can`);
        m.set(vpn, page);
      }
      const nDel = get();
      if (at + 4 * nDel > p.length) throw new ProtocolError(`MAPS: page map ${id}: ${nDel} removals do not fit`);
      for (let k = 0; k < nDel; k++) {
        const vpn = get();
        const old = m.get(vpn);
        if (!old) throw new ProtocolError(`MAPS: page map ${id} removes page ${vpn}, which it does not hold`);
        this.pages.release(old);
        m.delete(vpn);
        this.entries--;
      }
    }
    if (at !== p.length) throw new ProtocolError(`MAPS frame has ${p.length - at} trailing bytes`);
  }

  /** Put the built maps into the (empty) pages fields of a decoded state, in the SITES order. Throws ProtocolError. */
  place(sites: readonly PageSite[], payload: Uint8Array): void {
    const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
    const n = payload.length >= 4 ? v.getUint32(0, true) : -1;
    if (n !== sites.length || payload.length !== 4 + 4 * n) throw new ProtocolError(`SITES lists ${n < 0 ? "no" : n} page maps, the state has ${sites.length}`);
    const used = new Set<number>();
    sites.forEach((s, i) => {
      const id = v.getUint32(4 + 4 * i, true);
      if (s.map.size !== 0) throw new ProtocolError(`the state's page map ${i} is not empty`);
      if (used.has(id)) throw new ProtocolError(`SITES names page map ${id} twice`);
      used.add(id);
      s.set(this.maps.get(id) ?? new Map()); // a map never sent is an empty one (a fresh process's before it wrote)
    });
  }

  get size(): number {
    return this.entries;
  }
}
