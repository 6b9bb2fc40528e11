// Live migration, the sending side's bookkeeping (host-neutral; the socket
// and the schedule are in host-migrate-send.ts). Each pre-copy round walks
// every page object the machine's state holds (every pages field of the
// schema: migrate-pages.ts) and sends the pages that are new or changed since
// they were last sent, while the machine keeps running between rounds. A page
// is named by a slot: the receiver keeps one copy per slot, so pages shared
// copy-on-write stay shared. The last round runs with the machine stopped: its
// page maps go as a table (PMAP), the rest of the state as snapshot sections.
//
// Changed pages: a process page written in place since the last round has
// its dirty bit set (Memory.writable; the CPU re-marks after clearDirty), so
// after the first round only dirty pages are compared with the copy last
// sent (the host passes a native compare); every round clears the bits. Pages
// of an address space not seen at the last round (fork, exec) and pages
// outside processes (tmpfs blocks, written without dirty bits) are compared
// every round. Clearing dirty bits takes them from incremental checkpoints:
// the caller pauses periodic checkpoints meanwhile and, when the machine stays
// here, invalidates its checkpoint tracker (host-migrate-send.ts).

import { type Outside, KERNEL_SNAPSHOT, outsideOf } from "../snapshot/index.js";
import { assemble } from "../snapshot/format.js";
import { specSections } from "../snapshot/snapshot.js";
import { encodeSection, sectionValue } from "../snapshot/sections.js";
import type { Machine } from "./machine.js";
import { type PageMap, encodePageMaps, pageSites } from "./migrate-pages.js";
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
  slot: number;
  copy: Uint8Array;
  /** the last round that saw the page, and the last that compared it */
  round: number;
  checked: number;
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
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private round = 0;
  /** address spaces whose dirty bits the last round cleared: only their dirty pages can have changed */
  private tracked = new WeakSet<Memory>();
  /** pages compared in the last round (for tests and benchmarks) */
  compared = 0;

  constructor(private readonly equal: PageEqual = samePage) {}

  /** The greeting and HELLO. */
  hello(m: Machine): Uint8Array[] {
    return [greeting(), frame(T.HELLO, u32s(Math.ceil(m.kernel.config.memoryLimit / PAGE_BYTES), m.ttyCount))];
  }

  /** One pre-copy round (the machine runs between rounds): the frames to send. */
  precopy(m: Machine): { frames: Uint8Array[]; report: RoundReport } {
    return this.scan(m, false);
  }

  /** The stop-and-copy (the machine must not run again here): last pages, STATE, TERMS. */
  final(m: Machine, terms: TerminalCarry[]): { frames: Uint8Array[]; report: RoundReport } {
    const r = this.scan(m, true);
    r.frames.push(frame(T.TERMS, encodeTerms(terms)), frame(T.GO));
    r.report.bytes += r.frames.slice(-2).reduce((n, f) => n + f.length, 0);
    return r;
  }

  private scan(m: Machine, last: boolean): { frames: Uint8Array[]; report: RoundReport; state?: Uint8Array } {
    m.settle(); // terminal output drained, written reels' identities taken: as a checkpoint does
    const round = ++this.round;
    const changed: Slot[] = [];
    const fresh: { page: Uint8Array; s: Slot }[] = [];
    this.compared = 0;
    const visit = (page: Uint8Array, check: boolean): void => {
      const s = this.slots.get(page);
      if (!s) {
        const f = { slot: -1, copy: page.slice(), round, checked: round };
        this.slots.set(page, f);
        fresh.push({ page, s: f });
        return;
      }
      s.round = round;
      if (check && s.checked !== round) {
        s.checked = round; // a page shared by several spaces is compared once, if any of them wrote it
        this.compared++;
        if (!this.equal(s.copy, page)) {
          s.copy.set(page);
          changed.push(s);
        }
      }
    };
    const kernel = m.kernel;
    const spaces = new Map<PageMap, Memory>();
    for (const p of kernel.state.procs.values()) {
      const mem = kernel.mem(p);
      spaces.set(mem.state.pages, mem);
    }
    const sites = pageSites(KERNEL_SNAPSHOT.root, kernel.state);
    for (const site of sites) {
      const mem = spaces.get(site.map);
      if (mem && this.tracked.has(mem)) {
        for (const [vpn, page] of site.map) visit(page, mem.dirty.has(vpn));
      } else for (const page of site.map.values()) visit(page, true);
    }
    this.tracked = new WeakSet();
    for (const mem of spaces.values()) {
      mem.clearDirty(); // from now on its dirty bits say what changed since this round
      this.tracked.add(mem);
    }
    // Slots of pages the machine no longer holds are freed first, so the receiver's table never grows past the machine.
    const dead: number[] = [];
    for (const [page, s] of this.slots) {
      if (s.round !== round) {
        this.slots.delete(page);
        dead.push(s.slot);
        this.freeSlots.push(s.slot);
      }
    }
    for (const f of fresh) {
      f.s.slot = this.freeSlots.pop() ?? this.nextSlot++;
      changed.push(f.s);
    }
    const frames: Uint8Array[] = [];
    for (let i = 0; i < dead.length; i += 65536) {
      const part = dead.slice(i, i + 65536);
      frames.push(frame(T.FREE, u32s(part.length, ...part)));
    }
    for (let i = 0; i < changed.length; i += PAGES_PER_FRAME) {
      const part = changed.slice(i, i + PAGES_PER_FRAME);
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
    if (last) {
      // Every page has its slot now. The page maps go as a table; the sections are encoded with
      // those maps emptied for the moment (the machine is stopped: nothing sees it).
      frames.push(frame(T.PMAP, encodePageMaps(sites, (page) => this.slots.get(page)!.slot)));
      const outside: Outside = outsideOf(kernel);
      const root = kernel.state as unknown as Record<string, unknown>;
      for (const site of sites) site.set(new Map());
      try {
        const sections = specSections(KERNEL_SNAPSHOT).map((def) =>
          encodeSection(def, def.name === "config" ? kernel.config : def.name === "outside" ? outside : sectionValue(def, root)),
        );
        frames.push(frame(T.STATE, assemble(sections)));
      } finally {
        for (const site of sites) site.set(site.map);
      }
    }
    const bytes = frames.reduce((n, f) => n + f.length, 0);
    return { frames, report: { pages: changed.length, freed: dead.length, live: this.slots.size, bytes } };
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
