// Guest memory: one address space (a process's view of 4 GiB).
//
// Two layers of state, both declared in MemoryState:
//  - regions: what is mapped and with which permissions (like Linux VMAs);
//  - pages:   4 KiB pages that have actually been written, allocated on first
//             write. Reading a mapped but untouched page reads zeros and costs
//             nothing, so a sparse 4 GiB space costs only what is touched.
// Dirty bits (pages written since the last clearDirty) are kept beside the
// state for incremental checkpoints; they describe the host's knowledge of
// what changed, not the machine, so they are not part of the snapshot.
// Under a kernel, every address space of a machine shares one PageStore
// (cpu/page-store.ts): pages are shared copy-on-write after fork or restore,
// and the machine's distinct pages are bounded by its memory limit.

import { type Infer, t } from "../state/index.js";
import type { PageStore } from "./page-store.js";

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/** Permission bits of a region (same values as Linux PROT_*). */
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export const RegionSchema = t.struct({
  start: t.u32, // page aligned
  end: t.uint, // exclusive, page aligned, at most 2^32
  perm: t.u8,
  name: t.string, // "text", "data", "heap", "stack", … for inspect and /proc
});
export type Region = Infer<typeof RegionSchema>;

export const MemoryState = t.struct({
  regions: t.array(RegionSchema), // sorted by start, never overlapping
  pages: t.pages,
});
export type MemoryState = Infer<typeof MemoryState>;

/** A page of zeros shared by every read of an untouched page; never written. */
export const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

const textDecoder = new TextDecoder();

export class Memory {
  /** Transient: vpns written since the last clearDirty(). */
  readonly dirty = new Set<number>();
  /** Transient: bumped on every mapping or permission change, so CPU caches can flush. */
  generation = 0;
  /** Transient: vpn -> permission bits (0 = unmapped), filled lazily from regions. */
  private permCache = new Map<number, number>();
  /**
   * Transient (cpu/jit): pages the CPU holds translated code for. Any write to one (CPU store,
   * copyOut, poke) and any map/unmap/protect over one removes it here and bumps codeEpoch; the
   * translator drops exactly those pages' code. The CPU never caches a write view of a page in
   * this set, so its stores reach `pageForWrite` and are seen here.
   */
  readonly codePages = new Set<number>();
  /** Transient: bumped whenever a page leaves codePages. */
  codeEpoch = 0;

  /**
   * `store`: the machine's page store (shared pages, the memory limit), or null for a standalone
   * address space (loader, tests), whose pages are its own. The pages of `state` are assumed to be
   * counted in `store` already (Kernel builds the counts); use attach() for a space built without one.
   */
  constructor(
    readonly state: MemoryState = { regions: [], pages: new Map() },
    public store: PageStore | null = null,
  ) {}

  /** Join a machine's page store, counting this space's pages in it (exec's fresh image). */
  attach(store: PageStore): void {
    if (this.store === store) return;
    this.store = store;
    for (const page of this.state.pages.values()) store.retain(page);
  }

  /** Drop every page (exit, exec replacing the image): counts are released, regions kept. */
  free(): void {
    if (this.store) for (const page of this.state.pages.values()) this.store.release(page);
    this.state.pages.clear();
    this.changed();
  }

  /** Map [start, start+length) with `perm`, replacing whatever was mapped there. */
  map(start: number, length: number, perm: number, name: string): void {
    const s = start - (start & PAGE_MASK);
    const e = Math.min(2 ** 32, Math.ceil((start + length) / PAGE_SIZE) * PAGE_SIZE);
    if (e <= s) return;
    this.cut(s, e, true); // a fresh mapping reads as zeros
    this.state.regions.push({ start: s, end: e, perm, name });
    this.state.regions.sort((a, b) => a.start - b.start);
    this.coalesce();
    this.changed();
  }

  /** Merge touching regions with the same permissions and name (brk grows a page at a time). */
  private coalesce(): void {
    const merged: Region[] = [];
    for (const r of this.state.regions) {
      const last = merged[merged.length - 1];
      if (last && last.end === r.start && last.perm === r.perm && last.name === r.name) last.end = r.end;
      else merged.push(r);
    }
    this.state.regions = merged;
  }

  /** Unmap [start, start+length): its pages are freed. */
  unmap(start: number, length: number): void {
    const s = start - (start & PAGE_MASK);
    const e = Math.min(2 ** 32, Math.ceil((start + length) / PAGE_SIZE) * PAGE_SIZE);
    if (e <= s) return;
    this.cut(s, e, true);
    this.changed();
  }

  /** Change the permissions of every mapped page in [start, start+length). */
  protect(start: number, length: number, perm: number): void {
    const s = start - (start & PAGE_MASK);
    const e = Math.ceil((start + length) / PAGE_SIZE) * PAGE_SIZE;
    const pieces = this.state.regions.filter((r) => r.end > s && r.start < e);
    this.cut(s, e, false);
    for (const r of pieces) {
      this.state.regions.push({ start: Math.max(r.start, s), end: Math.min(r.end, e), perm, name: r.name });
    }
    this.state.regions.sort((a, b) => a.start - b.start);
    this.changed();
  }

  /** The region containing `addr`, or undefined. */
  regionAt(addr: number): Region | undefined {
    addr >>>= 0;
    for (const r of this.state.regions) if (addr >= r.start && addr < r.end) return r;
    return undefined;
  }

  /** Permission bits at page `vpn` (0 when unmapped). */
  permOf(vpn: number): number {
    let p = this.permCache.get(vpn);
    if (p === undefined) {
      p = this.regionAt(vpn * PAGE_SIZE)?.perm ?? 0;
      this.permCache.set(vpn, p);
    }
    return p;
  }

  /** The page to read at `vpn` (zeros if untouched), or null when not readable. */
  pageForRead(vpn: number): Uint8Array | null {
    if ((this.permOf(vpn) & PROT_READ) === 0) return null;
    return this.state.pages.get(vpn) ?? ZERO_PAGE;
  }

  /** The page to execute at `vpn`, or null when not executable. */
  pageForExec(vpn: number): Uint8Array | null {
    if ((this.permOf(vpn) & PROT_EXEC) === 0) return null;
    return this.state.pages.get(vpn) ?? ZERO_PAGE;
  }

  /**
   * The page to write at `vpn` (allocated on first write, copied first if shared, marked dirty), or
   * null when not writable or when the machine's memory limit leaves no page for it.
   */
  pageForWrite(vpn: number): Uint8Array | null {
    if ((this.permOf(vpn) & PROT_WRITE) === 0) return null;
    return this.writable(vpn, true);
  }

  /** Supervisor access: the page at `vpn`, allocated, whatever its permissions (loader, kernel). */
  touch(vpn: number): Uint8Array {
    return this.writable(vpn, false)!;
  }

  /** Does writing `vpn` need a new page (untouched, or shared copy-on-write)? */
  private needsPage(vpn: number): boolean {
    const page = this.state.pages.get(vpn);
    return !page || (this.store !== null && !this.store.owns(page));
  }

  /** This space's own page at `vpn` for writing; null only when `limited` and the limit is reached. */
  private writable(vpn: number, limited: boolean): Uint8Array | null {
    const store = this.store;
    let page = this.state.pages.get(vpn);
    if (page && (store === null || store.owns(page))) {
      if (this.codePages.size !== 0) this.dropCode(vpn);
      this.dirty.add(vpn);
      return page;
    }
    if (limited && store && store.free === 0) return null;
    if (this.codePages.size !== 0) this.dropCode(vpn);
    // A fresh page, or a private copy of a shared one. CPUs may hold the zero page or the shared
    // page as this vpn's views: the generation bump flushes them.
    const fresh = page ? page.slice() : new Uint8Array(PAGE_SIZE);
    if (page) store?.release(page);
    store?.retain(fresh);
    this.state.pages.set(vpn, fresh);
    this.generation++;
    this.dirty.add(vpn);
    return fresh;
  }

  /** Forget which pages were written (after an incremental checkpoint). */
  clearDirty(): void {
    this.dirty.clear();
    this.generation++; // CPUs that cache writable pages must re-mark them dirty
  }

  // ---- Kernel helpers: copy between the kernel and user space. null = fault (EFAULT). ----

  /** Copy `length` bytes from user space, or null if any byte is not readable. */
  copyIn(addr: number, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = (addr + done) >>> 0;
      const page = this.pageForRead(a >>> PAGE_SHIFT);
      if (!page) return null;
      const off = a & PAGE_MASK;
      const n = Math.min(length - done, PAGE_SIZE - off);
      out.set(page.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Copy bytes to user space; false if any byte is not writable (nothing partial is promised). */
  copyOut(addr: number, bytes: Uint8Array): boolean {
    return this.copyTo(addr, bytes, false);
  }

  /** Supervisor write ignoring permissions (ELF loader, initial stack); false if unmapped. */
  poke(addr: number, bytes: Uint8Array): boolean {
    return this.copyTo(addr, bytes, true);
  }

  private copyTo(addr: number, bytes: Uint8Array, supervisor: boolean): boolean {
    // Check first so that a fault (or the memory limit) leaves memory untouched.
    let needed = 0;
    for (let a = addr - (addr & PAGE_MASK); a < addr + bytes.length; a += PAGE_SIZE) {
      const vpn = (a >>> 0) >>> PAGE_SHIFT;
      const perm = this.permOf(vpn);
      if (supervisor ? perm === 0 : (perm & PROT_WRITE) === 0) return false;
      if (!supervisor && this.store && this.needsPage(vpn)) needed++;
    }
    if (this.store && needed > this.store.free) return false;
    let done = 0;
    while (done < bytes.length) {
      const a = (addr + done) >>> 0;
      const page = this.touch(a >>> PAGE_SHIFT);
      const off = a & PAGE_MASK;
      const n = Math.min(bytes.length - done, PAGE_SIZE - off);
      page.set(bytes.subarray(done, done + n), off);
      done += n;
    }
    // No generation bump: touch() dropped translated code of exactly the pages written, and a
    // data TLB entry stays valid (the page's buffer is the same).
    return true;
  }

  /** Read a NUL-terminated string of at most `max` bytes: the string, "fault", or "toolong". */
  readCString(addr: number, max: number): string | "fault" | "toolong" {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const a = (addr + i) >>> 0;
      const page = this.pageForRead(a >>> PAGE_SHIFT);
      if (!page) return "fault";
      const b = page[a & PAGE_MASK]!;
      if (b === 0) return textDecoder.decode(new Uint8Array(bytes));
      bytes.push(b);
    }
    return "toolong";
  }

  /** Read a 32-bit little-endian word from user space, or null on fault. */
  load32(addr: number): number | null {
    const b = this.copyIn(addr, 4);
    return b ? (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) : null;
  }

  /** Write a 32-bit little-endian word to user space; false on fault. */
  store32(addr: number, value: number): boolean {
    return this.copyOut(addr, new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]));
  }

  /**
   * The child's address space (fork). With a page store the pages are shared copy-on-write (no
   * bytes are copied; each side copies a page on its first write), else copied. Every page of the
   * child counts as dirty.
   */
  clone(): Memory {
    const store = this.store;
    const pages = store ? new Map(this.state.pages) : new Map<number, Uint8Array>();
    if (store) {
      for (const page of pages.values()) store.retain(page);
      this.generation++; // our CPU caches may hold write views of pages that are now shared
    } else for (const [vpn, page] of this.state.pages) pages.set(vpn, page.slice());
    const copy = new Memory({ regions: this.state.regions.map((r) => ({ ...r })), pages }, store);
    for (const vpn of pages.keys()) copy.dirty.add(vpn);
    return copy;
  }

  /** Remove [s, e) from the region list (splitting regions), optionally freeing its pages. */
  private cut(s: number, e: number, freePages: boolean): void {
    const kept: Region[] = [];
    for (const r of this.state.regions) {
      if (r.end <= s || r.start >= e) {
        kept.push(r);
        continue;
      }
      if (r.start < s) kept.push({ ...r, end: s });
      if (r.end > e) kept.push({ ...r, start: e });
    }
    this.state.regions = kept;
    for (const vpn of [...this.codePages]) if (vpn * PAGE_SIZE >= s && vpn * PAGE_SIZE < e) this.dropCode(vpn);
    if (freePages) {
      for (const [vpn, page] of [...this.state.pages]) {
        if (vpn * PAGE_SIZE >= s && vpn * PAGE_SIZE < e) {
          this.state.pages.delete(vpn);
          this.store?.release(page);
        }
      }
    }
  }

  /** Forget that `vpn` holds translated code (its bytes or mapping changed). */
  dropCode(vpn: number): void {
    if (this.codePages.delete(vpn)) this.codeEpoch++;
  }

  private changed(): void {
    this.permCache.clear();
    this.generation++;
  }
}
