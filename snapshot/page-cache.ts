// What changed in the machine's page maps since the last tracked checkpoint
// (incremental checkpoints, snapshot/incremental.ts, written as store v4:
// snapshot/store-v4.ts). For each page map ("site", snapshot/page-sites.ts) of
// the last tracked file: its place in that file's site list, and enough to
// find its changes without looking at its unchanged entries.
//
// A cache, never state: it lives beside a machine, and a map it does not know
// is written whole (its pages stored again), never wrongly. Correctness rests
// on two rules:
//  - guest memory: a page is written in place or replaced only through
//    Memory.writable, which marks its vpn dirty; the CPU re-marks after
//    clearDirty (the TLB is flushed by the generation bump). So a process map
//    known here, whose Memory wrapper had its dirty bits cleared at the last
//    tracked write, changed at its dirty vpns only — except for entries removed
//    without a dirty mark (munmap, exec's free), which show as a map whose size
//    is not what the dirty vpns explain; only then are its old vpns walked.
//    A map whose wrapper is not the one cleared (fork, exec, a rebuilt wrapper)
//    is written whole.
//  - everything else holding pages (tmpfs file blocks, kernel/file-blocks.ts,
//    the only code that writes them): each tracked write freezes every block,
//    so the next write to one gives its file a new block object; a map's
//    changes are the entries whose object is not the one it held (a copy of
//    the map is kept: tmpfs maps are small), and no block is hashed.
// Whoever else wants dirty bits must not call Memory.clearDirty on a machine
// that checkpoints incrementally (live migration invalidates the tracker).

import type { Kernel } from "../kernel/kernel.js";
import type { Memory } from "../cpu/memory.js";
import { freezeFileBlock } from "../kernel/file-blocks.js";
import { isZeroPage } from "./page-index.js";
import { type PageMap, type PageSite, pageSites } from "./page-sites.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import type { SiteDelta } from "./store-v4.js";

interface Shadow {
  /** the map's place (1-based) in the last tracked file's site list */
  index: number;
  /** a process map: the wrapper whose dirty bits were cleared then, and the vpns the map held, ascending */
  mem: Memory | null;
  keys: Uint32Array | null;
  /** another map (tmpfs blocks): its entries then */
  copy: PageMap | null;
}

/** The machine's page maps now, with the wrapper of each process map. */
export interface Sites {
  sites: PageSite[];
  mems: Map<PageMap, Memory>;
}

export function sitesOf(kernel: Kernel): Sites {
  const mems = new Map<PageMap, Memory>();
  for (const p of kernel.state.procs.values()) {
    const mem = kernel.mem(p);
    mems.set(mem.state.pages, mem);
  }
  return { sites: pageSites(KERNEL_SNAPSHOT.root, kernel.state), mems };
}

/** The vpns of a map, ascending. */
function keysOf(map: PageMap): Uint32Array {
  const keys = new Uint32Array(map.size);
  let i = 0;
  let sorted = true;
  for (const k of map.keys()) {
    if (i > 0 && k < keys[i - 1]!) sorted = false;
    keys[i++] = k;
  }
  if (!sorted) keys.sort();
  return keys;
}

function holds(keys: Uint32Array, vpn: number): boolean {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === vpn) return true;
    if (k < vpn) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** What a map will be known as after the write (applied by `commit`). */
interface Pending {
  map: PageMap;
  /** the shadow to update in place, or null for a map not known */
  old: Shadow | null;
  index: number;
  mem: Memory | null;
  keys: Uint32Array | null;
  copy: PageMap | null;
}

/** The changes of the machine's maps, ready to be written (store-v4) and then remembered (`commit`). */
export interface MapDelta {
  sites: SiteDelta[];
  /** the pages to store, in ref order (ref k ≥ 2 is stored[k − 2]) */
  stored: Uint8Array[];
  /** page map entries of the machine */
  mapped: number;
  /** entries looked at (for tests: an unchanged page is not) */
  visited: number;
  pending: Pending[];
}

const NO_ENTRIES: readonly number[] = [];

export class MapShadows {
  private shadows = new Map<PageMap, Shadow>();
  /** bumped per delta: a shadow met twice in one state (a kernel bug) is written whole the second time */
  private round = 0;
  private readonly met = new WeakMap<Shadow, number>();

  /** The changes since the last tracked write (everything, for maps not known). Changes nothing here. */
  delta(now: Sites): MapDelta {
    const round = ++this.round;
    const stored: Uint8Array[] = [];
    const storedRef = new Map<Uint8Array, number>(); // a page object shared by several changed entries is stored once
    let visited = 0;
    const refOf = (page: Uint8Array): number => {
      visited++;
      if (isZeroPage(page)) return 1;
      let r = storedRef.get(page);
      if (r === undefined) {
        stored.push(page);
        r = stored.length + 1;
        storedRef.set(page, r);
      }
      return r;
    };
    const pending: Pending[] = [];
    let mapped = 0;
    const sites = now.sites.map((site, i): SiteDelta => {
      const map = site.map;
      mapped += map.size;
      const old = this.shadows.get(map) ?? null;
      const mem = now.mems.get(map) ?? null;
      const first = old !== null && this.met.get(old) !== round;
      if (old) this.met.set(old, round);
      if (first && old.mem !== null && old.mem === mem) {
        const d = processDelta(old, mem, map, refOf);
        pending.push({ map, old, index: i + 1, mem, keys: d.keys, copy: null });
        return { base: old.index, vpns: d.vpns, refs: d.refs };
      }
      if (first && old.copy && !mem) {
        const d = copyDelta(old.copy, map, refOf);
        pending.push({ map, old, index: i + 1, mem: null, keys: null, copy: d.vpns.length > 0 ? new Map(map) : old.copy });
        return { base: old.index, vpns: d.vpns, refs: d.refs };
      }
      if (map.size === 0 && !mem) {
        pending.push({ map, old: first ? old : null, index: i + 1, mem: null, keys: null, copy: new Map() });
        return { base: 0, vpns: NO_ENTRIES, refs: NO_ENTRIES };
      }
      const vpns = mem ? Array.from(keysOf(map)) : [...map.keys()].sort((a, b) => a - b);
      const refs = vpns.map((v) => refOf(map.get(v)!));
      pending.push({ map, old: first ? old : null, index: i + 1, mem, keys: mem ? Uint32Array.from(vpns) : null, copy: mem ? null : new Map(map) });
      return { base: 0, vpns, refs };
    });
    return { sites, stored, mapped, visited, pending };
  }

  /** After a tracked write of `delta`: its maps are the known ones (shadows updated in place); dirty bits and tmpfs blocks start afresh. */
  commit(delta: MapDelta): void {
    let same = delta.pending.length === this.shadows.size;
    for (const p of delta.pending) {
      if (p.old && this.shadows.get(p.map) === p.old) {
        p.old.index = p.index;
        p.old.mem = p.mem;
        p.old.keys = p.keys;
        p.old.copy = p.copy;
      } else same = false;
    }
    if (!same) {
      const next = new Map<PageMap, Shadow>();
      for (const p of delta.pending) if (!next.has(p.map)) next.set(p.map, p.old ?? { index: p.index, mem: p.mem, keys: p.keys, copy: p.copy });
      this.shadows = next;
    }
    settle(this.shadows);
  }

  /**
   * After a tracked full write (or a restore: the machine as the file holds it), `now` in that file's
   * order: every map is known as it is. Costs a pass over each process map's vpns.
   */
  recordAll(now: Sites): void {
    const next = new Map<PageMap, Shadow>();
    now.sites.forEach((site, i) => {
      const map = site.map;
      if (next.has(map)) return;
      const mem = now.mems.get(map) ?? null;
      next.set(map, mem ? { index: i + 1, mem, keys: keysOf(map), copy: null } : { index: i + 1, mem: null, keys: null, copy: new Map(map) });
    });
    this.shadows = next;
    settle(next);
  }

  /** Nothing is known: every map is written whole. */
  clear(): void {
    this.shadows = new Map();
  }
}

/** Dirty bits cleared and tmpfs blocks frozen: from now on they say what changed since the write. */
function settle(shadows: Map<PageMap, Shadow>): void {
  for (const [map, sh] of shadows) {
    if (sh.mem) {
      if (sh.mem.dirty.size > 0) sh.mem.clearDirty();
    } else for (const page of map.values()) freezeFileBlock(page);
  }
}

/** A known process map: its dirty vpns, and its removed entries when its size says some were removed unmarked. */
function processDelta(old: Shadow, mem: Memory, map: PageMap, refOf: (p: Uint8Array) => number): { vpns: number[]; refs: number[]; keys: Uint32Array } {
  const keys = old.keys!;
  const dirty = Array.from(mem.dirty).sort((a, b) => a - b);
  const vpns: number[] = [];
  const refs: number[] = [];
  let added = 0;
  let removed = 0;
  for (const vpn of dirty) {
    const page = map.get(vpn);
    const had = holds(keys, vpn);
    if (page) {
      vpns.push(vpn);
      refs.push(refOf(page));
      if (!had) added++;
    } else if (had) {
      vpns.push(vpn);
      refs.push(0);
      removed++;
    }
  }
  if (map.size === keys.length + added - removed) return { vpns, refs, keys: added + removed > 0 ? keysOf(map) : keys };
  // Entries removed without a dirty mark: every old vpn not in the map (and not already listed) goes too.
  const listed = new Set(vpns);
  const gone: number[] = [];
  for (const vpn of keys) if (!map.has(vpn) && !listed.has(vpn)) gone.push(vpn);
  const all = vpns.map((v, k) => [v, refs[k]!] as const).concat(gone.map((v) => [v, 0] as const));
  all.sort((a, b) => a[0] - b[0]);
  return { vpns: all.map((e) => e[0]), refs: all.map((e) => e[1]), keys: keysOf(map) };
}

/** A known map without dirty bits (tmpfs blocks, frozen): entries whose object changed, and removed ones. */
function copyDelta(old: PageMap, map: PageMap, refOf: (p: Uint8Array) => number): { vpns: number[]; refs: number[] } {
  const changes: (readonly [number, number])[] = [];
  for (const [vpn, page] of map) if (old.get(vpn) !== page) changes.push([vpn, refOf(page)]);
  for (const vpn of old.keys()) if (!map.has(vpn)) changes.push([vpn, 0]);
  changes.sort((a, b) => a[0] - b[0]);
  return { vpns: changes.map((e) => e[0]), refs: changes.map((e) => e[1]) };
}
