// Where translated code lives. Nothing here is machine state: it is rebuilt
// on demand, never saved, never digested (DESIGN rule 4).
//
//  - Per address space (a WeakMap keyed by the Memory): which pages have code,
//    how hot the others are, and which pcs missed an entry. A page with code
//    is listed in `mem.codePages`; Memory removes it there when the page's
//    bytes or mapping change, and `sync` then drops exactly that page.
//  - Shared by all address spaces: translations keyed by page number and
//    checked byte for byte against the page, so a forked or re-executed
//    program reuses the code (and V8's optimisation of it) of its parent.
//    Several versions per page number (programs are all linked at the same
//    addresses: a shell's page 0x11 and cat's must not evict each other at
//    every exec, each eviction a new function for V8 to warm and compile).
//    Bounded: it is emptied when it holds more than MAX_SHARED pages.

import type { Memory } from "../memory.js";
import { ZERO_PAGE } from "../memory.js";
import type { CpuStats } from "../stats.js";
import { type CpuCache, TLB_MASK } from "../tlb.js";
import { warmPage } from "./frame.js";
import { type JitHelpers, type PageCode, translatePage } from "./translate.js";

/** Dispatcher visits to a page before it is translated (tests set 1 to translate at once). Host tuning, not state. */
export const tuning = { hot: 1024 };
/** Misses at one pc before it becomes an entry (and the page is translated again). */
const MISSES_TO_ENTRY = 8;
/** Retranslations of one page in one address space before its misses are left to the interpreter. */
const MAX_RETRANSLATE = 24;
const MAX_SHARED = 4096;
/** Versions (different bytes) kept per page number in the shared cache; the oldest goes first. */
const VERSIONS = 4;
/** Most entries remembered per cold page. */
const MAX_SEEN = 256;

const shared = new Map<number, PageCode[]>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The translated code of one address space. */
export class JitSpace {
  readonly pages = new Map<number, PageCode>();
  private heat = new Map<number, number>();
  private misses = new Map<number, number>();
  private retranslated = new Map<number, number>();
  /** pcs the dispatcher entered a cold page at (bounded by MAX_SEEN). */
  private seen = new Map<number, Set<number>>();
  private epoch = -1;

  /** Drop the code of pages Memory has taken out of codePages (written, unmapped, re-protected). */
  sync(mem: Memory, stats: CpuStats): void {
    if (this.epoch === mem.codeEpoch) return;
    this.epoch = mem.codeEpoch;
    for (const vpn of this.pages.keys()) {
      if (!mem.codePages.has(vpn)) {
        this.pages.delete(vpn);
        this.heat.delete(vpn);
        this.seen.delete(vpn);
        stats.invalidated++;
      }
    }
  }

  /**
   * Count a visit to page `vpn` at `pc`; translate it once it is hot, with every pc the visits
   * started at as an entry (so code reached from the page's other functions is in from the start,
   * rather than found by misses, each costing a new translation that V8 has to warm up again).
   */
  visit(mem: Memory, c: CpuCache, vpn: number, pc: number, stats: CpuStats, h: JitHelpers): PageCode | undefined {
    const heat = (this.heat.get(vpn) ?? 0) + 1;
    this.heat.set(vpn, heat);
    let seen = this.seen.get(vpn);
    if (seen === undefined) this.seen.set(vpn, (seen = new Set()));
    if (seen.size < MAX_SEEN) seen.add(pc);
    if (heat < tuning.hot) return undefined;
    this.seen.delete(vpn);
    return this.install(mem, c, vpn, [...seen], stats, h);
  }

  /** A miss at `pc` in translated page `code`: after a few, make pc an entry. */
  miss(mem: Memory, c: CpuCache, code: PageCode, pc: number, stats: CpuStats, h: JitHelpers): void {
    const m = (this.misses.get(pc) ?? 0) + 1;
    this.misses.set(pc, m);
    if (m < MISSES_TO_ENTRY) return;
    const times = this.retranslated.get(code.vpn) ?? 0;
    if (times >= MAX_RETRANSLATE) return;
    this.retranslated.set(code.vpn, times + 1);
    this.misses.delete(pc);
    this.install(mem, c, code.vpn, [...code.entries, pc], stats, h);
  }

  private install(mem: Memory, c: CpuCache, vpn: number, entries: number[], stats: CpuStats, h: JitHelpers): PageCode | undefined {
    const page = mem.pageForExec(vpn);
    if (page === null || page === ZERO_PAGE) return undefined;
    let versions = shared.get(vpn);
    const same = versions?.find((v) => sameBytes(v.bytes, page));
    let code = same;
    if (code === undefined || !entries.every((e) => code!.entries.has(e))) {
      code = translatePage(vpn, page, same !== undefined ? [...same.entries, ...entries] : entries, h);
      warmPage(code);
      stats.translated++;
      if (versions === undefined && shared.size >= MAX_SHARED / VERSIONS) shared.clear();
      if (versions === undefined) shared.set(vpn, (versions = []));
      if (same !== undefined) versions.splice(versions.indexOf(same), 1);
      if (versions.length >= VERSIONS) versions.shift();
      versions.push(code);
    }
    this.pages.set(vpn, code);
    mem.codePages.add(vpn);
    // Stores to this page must reach Memory (and drop the code): no cached write view.
    const i = vpn & TLB_MASK;
    if (c.wTag[i] === vpn) c.wTag[i] = -1;
    return code;
  }
}

const spaces = new WeakMap<Memory, JitSpace>();

/** The translated code of `mem`. */
export function spaceFor(mem: Memory): JitSpace {
  let s = spaces.get(mem);
  if (s === undefined) {
    s = new JitSpace();
    spaces.set(mem, s);
  }
  return s;
}

/** Forget every translation (tests, benchmarks of cold start). */
export function clearSharedCode(): void {
  shared.clear();
}
