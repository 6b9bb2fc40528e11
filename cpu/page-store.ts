// The pages of one machine: which 4 KiB page objects its address spaces hold,
// and how many address spaces hold each. This is what makes fork cheap and the
// memory limit a limit on the whole machine:
//  - fork shares every page with the child (both maps hold the same
//    Uint8Array); the first write through either copies it (copy-on-write);
//  - the machine may hold at most `limitPages` distinct pages, however many
//    processes map them (Memory refuses to allocate beyond: SIGSEGV for a
//    store, EFAULT for a system call, ENOMEM for mmap/brk).
//
// A transient cache, never state: the reference counts are rebuilt from the
// processes' page maps (Kernel constructor), and a snapshot stores each
// distinct page once by content (snapshot/pages.ts), so a restore may hand the
// same page object to several address spaces — counted here like a fork.
// A page this store does not know (count 0) is treated as shared: it is copied
// before it is written, so a missed count can cost a copy, never a wrong write.

/** Reference counts of one machine's pages, keyed by page identity. */
export class PageStore {
  private readonly refs = new Map<Uint8Array, number>();

  /** `limitPages`: most distinct pages the machine may hold (memoryLimit / 4096). */
  constructor(readonly limitPages: number = Infinity) {}

  /** Distinct pages held by the machine. */
  get used(): number {
    return this.refs.size;
  }

  /** Pages that may still be allocated before the limit. */
  get free(): number {
    return Math.max(0, this.limitPages - this.refs.size);
  }

  /** One more address space holds `page`. */
  retain(page: Uint8Array): void {
    this.refs.set(page, (this.refs.get(page) ?? 0) + 1);
  }

  /** One address space dropped `page` (unknown pages are ignored). */
  release(page: Uint8Array): void {
    const n = this.refs.get(page);
    if (n === undefined) return;
    if (n <= 1) this.refs.delete(page);
    else this.refs.set(page, n - 1);
  }

  /** May the one address space holding `page` write it in place (exactly one holder)? */
  owns(page: Uint8Array): boolean {
    return this.refs.get(page) === 1;
  }

  /** Address spaces holding `page` (0 = unknown to this store). */
  count(page: Uint8Array): number {
    return this.refs.get(page) ?? 0;
  }
}
