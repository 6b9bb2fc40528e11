// The CPU's transient caches for one Memory: a direct-mapped software TLB for
// loads, one for stores, and typed-array views over each page.
//
// Nothing here is machine state (DESIGN rule 4): it lives in a WeakMap keyed by
// the Memory, is rebuilt on demand, and is flushed whenever `mem.generation`
// differs from the generation it was filled under (mapping or permission
// change, supervisor write, clearDirty, first allocation of a page). A write
// entry is only ever filled through `Memory.pageForWrite`, which marks the page
// dirty; clearDirty bumps the generation, so every write after it goes through
// pageForWrite again and re-marks its page.

import { type Memory, PAGE_SIZE, ZERO_PAGE } from "./memory.js";

export const TLB_BITS = 8;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;

/** Views of one 4 KiB page, sharing its buffer. */
export interface PageViews {
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
}

// Int32Array/Int16Array views read in host byte order; RISC-V is little-endian.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("cryobox's CPU needs a little-endian host");
}

const viewsOfPage = new WeakMap<Uint8Array, PageViews>();

function makeViews(page: Uint8Array): PageViews {
  return {
    u8: page,
    i16: new Int16Array(page.buffer, page.byteOffset, PAGE_SIZE >> 1),
    i32: new Int32Array(page.buffer, page.byteOffset, PAGE_SIZE >> 2),
  };
}

export const ZERO_VIEWS: PageViews = makeViews(ZERO_PAGE);

/**
 * The views of page `vpn` of `mem`. A page whose bytes are not 4-aligned in
 * their buffer (possible for pages built by hand) is replaced in the page map
 * by an aligned copy with the same contents, so word views are always legal.
 */
export function viewsOf(mem: Memory, vpn: number, page: Uint8Array): PageViews {
  let v = viewsOfPage.get(page);
  if (v) return v;
  if ((page.byteOffset & 3) !== 0 || page.length !== PAGE_SIZE) {
    const copy = new Uint8Array(PAGE_SIZE);
    copy.set(page.subarray(0, PAGE_SIZE));
    if (mem.state.pages.get(vpn) === page) mem.state.pages.set(vpn, copy);
    page = copy;
  }
  v = makeViews(page);
  viewsOfPage.set(page, v);
  return v;
}

/** Per-Memory CPU cache: tags are vpns (-1 = empty), views are parallel arrays. */
export class CpuCache {
  generation = -1;
  readonly rTag = new Int32Array(TLB_SIZE).fill(-1);
  readonly rI32: Int32Array[] = new Array<Int32Array>(TLB_SIZE).fill(ZERO_VIEWS.i32);
  readonly rI16: Int16Array[] = new Array<Int16Array>(TLB_SIZE).fill(ZERO_VIEWS.i16);
  readonly rU8: Uint8Array[] = new Array<Uint8Array>(TLB_SIZE).fill(ZERO_VIEWS.u8);
  readonly wTag = new Int32Array(TLB_SIZE).fill(-1);
  readonly wI32: Int32Array[] = new Array<Int32Array>(TLB_SIZE).fill(ZERO_VIEWS.i32);
  readonly wI16: Int16Array[] = new Array<Int16Array>(TLB_SIZE).fill(ZERO_VIEWS.i16);
  readonly wU8: Uint8Array[] = new Array<Uint8Array>(TLB_SIZE).fill(ZERO_VIEWS.u8);

  /** Forget every entry (the views arrays may keep stale views: tags guard them). */
  flush(): void {
    this.rTag.fill(-1);
    this.wTag.fill(-1);
  }

  /** Fill the load entry for `vpn`; false when the page is not readable. */
  fillRead(mem: Memory, vpn: number): boolean {
    const page = mem.pageForRead(vpn);
    if (!page) return false;
    const v = page === ZERO_PAGE ? ZERO_VIEWS : viewsOf(mem, vpn, page);
    const i = vpn & TLB_MASK;
    this.rTag[i] = vpn;
    this.rI32[i] = v.i32;
    this.rI16[i] = v.i16;
    this.rU8[i] = v.u8;
    return true;
  }

  /**
   * Fill the store entry for `vpn` (allocating and marking the page dirty);
   * false when not writable. The load entry of the same vpn is dropped, since
   * it may still show the shared zero page the write just replaced.
   */
  fillWrite(mem: Memory, vpn: number): boolean {
    const page = mem.pageForWrite(vpn);
    if (!page) return false;
    const v = viewsOf(mem, vpn, page);
    const i = vpn & TLB_MASK;
    this.wTag[i] = vpn;
    this.wI32[i] = v.i32;
    this.wI16[i] = v.i16;
    this.wU8[i] = v.u8;
    if (this.rTag[i] === vpn) this.rTag[i] = -1;
    return true;
  }
}

const caches = new WeakMap<Memory, CpuCache>();

/** The CPU cache of `mem`, flushed if the memory changed since it was last used. */
export function cacheFor(mem: Memory): CpuCache {
  let c = caches.get(mem);
  if (!c) {
    c = new CpuCache();
    caches.set(mem, c);
  }
  if (c.generation !== mem.generation) {
    c.flush();
    c.generation = mem.generation;
  }
  return c;
}

