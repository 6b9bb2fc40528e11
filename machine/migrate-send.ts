// Live migration, the sending side's bookkeeping (host-neutral; the socket
// and the schedule are in host-migrate-send.ts). Each pre-copy round sends
// the pages that are new or changed since they were last sent, and the changes
// of the page maps (migrate-maps.ts), while the machine keeps running between
// rounds. A page is named by a slot: the receiver keeps one copy per slot, so
// pages shared copy-on-write stay shared. The last round runs with the machine
// stopped: its few changed pages and map changes, the order of the maps
// (SITES), and the rest of the state as snapshot sections with the maps empty.
//
// The cost of a round is proportional to what changed, not to the machine:
// a process page written in place or replaced since the last round has its
// dirty bit set (Memory.writable; the CPU re-marks after clearDirty), so for
// an address space seen at the last round only its dirty vpns are looked at
// (each compared with the copy last sent: the host passes a native compare).
// Pages removed without a dirty mark (munmap) show as a map smaller than its
// shadow, and only then is that map walked. Address spaces not seen at the
// last round (fork, exec) and maps outside processes (tmpfs blocks, written
// without dirty bits) are walked whole every round. Clearing dirty bits takes
// them from incremental checkpoints: the caller pauses periodic checkpoints
// meanwhile and, when the machine stays here, invalidates its checkpoint
// tracker (host-migrate-send.ts).

import { type Outside, KERNEL_SNAPSHOT, outsideOf } from "../snapshot/index.js";
import { assemble } from "../snapshot/format.js";
import { specSections } from "../snapshot/snapshot.js";
import { encodeSection, sectionValue } from "../snapshot/sections.js";
import type { Machine } from "./machine.js";
import { type PageMap, pageSites } from "./migrate-pages.js";
import { type SiteDelta, encodeMaps, encodeSites } from "./migrate-maps.js";
import type { Memory } from "../cpu/memory.js";
import { PAGES_PER_FRAME, PAGE_BYTES, T, frame, greeting, u32s } from "./migrate-wire.js";

/** Are two pages equal? */
export type PageEqual = (a: Uint8Array, b: Uint8Array) => boolean;

/** Plain TypeScript page compare (the host passes a faster one). */
export function samePage(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What one round found and sent. */
export interface RoundReport {
  /** pages sent (new or changed) */
  pages: number;
  /** slots freed (pages the machine no longer holds) */
  freed: number;
  /** pages the machine holds */
  live: number;
  /** bytes of the frames */
  bytes: number;
}

interface Slot {
  /** the slot number (-1 until assigned at the end of the round that found the page) */
  slot: number;
  page: Uint8Array;
  copy: Uint8Array;
  /** map entries holding the page */
  refs: number;
  /** the last round that compared it, and the last that queued it for sending */
  checked: number;
  queued: number;
}

/** What the sender knows of one page map: its id on the wire and the slot of each entry it sent. */
interface Shadow {
  id: number;
  entries: Map<number, Slot>;
  seen: number;
  /** this round's changes: entries set (vpn and the slot, numbered when the frame is encoded) and removed */
  delta: { vpns: number[]; slots: Slot[]; del: number[] } | null;
}

/** Terminal scrollback and console cursors, carried so the console goes on where it was. */
export interface TerminalCarry {
  /** offset of the first byte kept, and the bytes kept */
  start: number;
  bytes: Uint8Array;
  /** where `print` and `expect` of the console start */
  printFrom: number;
  expectFrom: number;
}

export class MigrationSender {
  private readonly slots = new Map<Uint8Array, Slot>();
  private readonly shadows = new Map<PageMap, Shadow>();
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private nextSite = 0;
  private round = 0;
  /** address spaces whose dirty bits the last round cleared: only their dirty pages can have changed */
  private tracked = new WeakSet<Memory>();
  /** pages compared, and page-map entries looked at, in the last round (for tests and benchmarks) */
  compared = 0;
  visited = 0;

  constructor(private readonly equal: PageEqual = samePage) {}

  /** The greeting and HELLO. */
  hello(m: Machine): Uint8Array[] {
    return [greeting(), frame(T.HELLO, u32s(Math.ceil(m.kernel.config.memoryLimit / PAGE_BYTES), m.ttyCount))];
  }

  /** One pre-copy round (the machine runs between rounds): the frames to send. */
  precopy(m: Machine): { frames: Uint8Array[]; report: RoundReport } {
    return this.scan(m, false);
  }

  /** The stop-and-copy (the machine must not run again here): last pages and maps, SITES, STATE, TERMS (GO comes after ARRIVED). */
  final(m: Machine, terms: () => TerminalCarry[]): { frames: Uint8Array[]; report: RoundReport } {
    const r = this.scan(m, true); // settles the machine first: the terminals' last output is in their logs
    const t = frame(T.TERMS, encodeTerms(terms()));
    r.frames.push(t);
    r.report.bytes += t.length;
    return r;
  }

  private scan(m: Machine, last: boolean): { frames: Uint8Array[]; report: RoundReport } {
    m.settle(); // terminal output drained, written reels' identities taken: as a checkpoint does
    const round = ++this.round;
    const queued: Slot[] = [];
    const fresh: Slot[] = [];
    const freed: number[] = [];
    const touched: Shadow[] = [];
    this.compared = 0;
    this.visited = 0;
    const deltaOf = (sh: Shadow): NonNullable<Shadow["delta"]> => {
      if (!sh.delta) {
        sh.delta = { vpns: [], slots: [], del: [] };
        touched.push(sh);
      }
      return sh.delta;
    };
    const unref = (s: Slot): void => {
      if (--s.refs > 0) return;
      this.slots.delete(s.page);
      if (s.slot >= 0) freed.push(s.slot); // reused from the next round on: the receiver frees it after this round's maps
      else s.slot = -2; // found and dropped within this round: never sent
    };
    /** Entry `vpn` of `sh` is `page` now: compare it if known, queue it if new or changed. */
    const put = (sh: Shadow, vpn: number, page: Uint8Array): void => {
      this.visited++;
      const e = sh.entries.get(vpn);
      let s = e && e.page === page ? e : this.slots.get(page);
      if (!s) {
        s = { slot: -1, page, copy: page.slice(), refs: 0, checked: round, queued: round };
        this.slots.set(page, s);
        fresh.push(s);
      } else if (s.checked !== round) {
        s.checked = round; // a page shared by several maps is compared once
        this.compared++;
        if (!this.equal(s.copy, page)) {
          s.copy.set(page);
          if (s.queued !== round && s.slot >= 0) queued.push(s);
          s.queued = round;
        }
      }
      if (s === e) return;
      s.refs++;
      sh.entries.set(vpn, s);
      if (e) unref(e);
      const d = deltaOf(sh);
      d.vpns.push(vpn);
      d.slots.push(s); // numbered when the frame is encoded (fresh slots are numbered last)
    };
    const drop = (sh: Shadow, vpn: number): void => {
      const e = sh.entries.get(vpn)!;
      sh.entries.delete(vpn);
      unref(e);
      deltaOf(sh).del.push(vpn);
    };
    const kernel = m.kernel;
    const spaces = new Map<PageMap, Memory>();
    for (const p of kernel.state.procs.values()) {
      const mem = kernel.mem(p);
      spaces.set(mem.state.pages, mem);
    }
    const sites = pageSites(KERNEL_SNAPSHOT.root, kernel.state);
    const order: number[] = [];
    for (const site of sites) {
      const map = site.map;
      let sh = this.shadows.get(map);
      const mem = spaces.get(map);
      const known = sh !== undefined && sh.seen !== round; // the same map twice in one state would be a kernel bug; walk it whole then
      if (!sh) {
        sh = { id: this.nextSite++, entries: new Map(), seen: round, delta: null };
        this.shadows.set(map, sh);
      }
      sh.seen = round;
      order.push(sh.id);
      if (known && mem && this.tracked.has(mem)) {
        for (const vpn of mem.dirty) {
          const page = map.get(vpn);
          if (page) put(sh, vpn, page);
          else if (sh.entries.has(vpn)) drop(sh, vpn);
        }
      } else for (const [vpn, page] of map) put(sh, vpn, page);
      if (sh.entries.size !== map.size) for (const vpn of [...sh.entries.keys()]) if (!map.has(vpn)) drop(sh, vpn); // removed without a dirty mark
    }
    this.tracked = new WeakSet();
    for (const mem of spaces.values()) {
      mem.clearDirty(); // from now on its dirty bits say what changed since this round
      this.tracked.add(mem);
    }
    // Maps the machine no longer holds (an exited process, a deleted file).
    const drops: number[] = [];
    for (const [map, sh] of this.shadows) {
      if (sh.seen === round) continue;
      for (const s of sh.entries.values()) unref(s);
      this.shadows.delete(map);
      drops.push(sh.id);
    }
    for (const f of fresh) {
      if (f.slot === -2) continue;
      f.slot = this.freeSlots.pop() ?? this.nextSlot++;
      queued.push(f);
    }
    this.freeSlots.push(...freed);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < queued.length; i += PAGES_PER_FRAME) {
      const part = queued.slice(i, i + PAGES_PER_FRAME);
      const payload = new Uint8Array(4 + part.length * (4 + PAGE_BYTES));
      const v = new DataView(payload.buffer);
      v.setUint32(0, part.length, true);
      part.forEach((s, k) => {
        const at = 4 + k * (4 + PAGE_BYTES);
        v.setUint32(at, s.slot, true);
        payload.set(s.copy, at + 4);
      });
      frames.push(frame(T.PAGES, payload));
    }
    const deltas: SiteDelta[] = [];
    for (const sh of touched) {
      const d = sh.delta!;
      sh.delta = null;
      const set: number[] = [];
      d.vpns.forEach((vpn, k) => {
        const slot = d.slots[k]!.slot;
        if (slot < 0) throw new Error(`a bug in cryobox: page map ${sh.id} holds page ${vpn} of no slot`);
        set.push(vpn, slot);
      });
      deltas.push({ id: sh.id, set, del: d.del });
    }
    if (deltas.length > 0 || drops.length > 0) frames.push(frame(T.MAPS, encodeMaps(drops, deltas)));
    for (let i = 0; i < freed.length; i += 65536) {
      const part = freed.slice(i, i + 65536);
      frames.push(frame(T.FREE, u32s(part.length, ...part)));
    }
    // The receiver has every map built; it needs their order, and the rest of the state with the maps
    // emptied for the moment (the machine is stopped: nothing sees it). Each pre-copy round sends the
    // state as it is then too, as a DRAFT the receiver decodes and validates and drops: refused early
    // if it cannot take it, and both sides' code is warm for the stop.
    if (last) frames.push(frame(T.SITES, encodeSites(order)));
    const outside: Outside = outsideOf(kernel);
    const root = kernel.state as unknown as Record<string, unknown>;
    for (const site of sites) site.set(new Map());
    try {
      const sections = specSections(KERNEL_SNAPSHOT).map((def) =>
        encodeSection(def, def.name === "config" ? kernel.config : def.name === "outside" ? outside : sectionValue(def, root)),
      );
      frames.push(frame(last ? T.STATE : T.DRAFT, assemble(sections)));
    } finally {
      for (const site of sites) site.set(site.map);
    }
    const bytes = frames.reduce((n, f) => n + f.length, 0);
    return { frames, report: { pages: queued.length, freed: freed.length, live: this.slots.size, bytes } };
  }
}

/** TERMS payload: u32 count, then per terminal f64 start, f64 printFrom, f64 expectFrom, u32 length, bytes. */
export function encodeTerms(terms: TerminalCarry[]): Uint8Array {
  const size = 4 + terms.reduce((n, t) => n + 28 + t.bytes.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, terms.length, true);
  let at = 4;
  for (const t of terms) {
    v.setFloat64(at, t.start, true);
    v.setFloat64(at + 8, t.printFrom, true);
    v.setFloat64(at + 16, t.expectFrom, true);
    v.setUint32(at + 24, t.bytes.length, true);
    out.set(t.bytes, at + 28);
    at += 28 + t.bytes.length;
  }
  return out;
}
