// Live migration, the receiving side's protocol state (host-neutral; the
// socket is in host-migrate-receive.ts). It takes frames from a FrameReader
// (migrate-wire.ts, which bounds every frame), keeps one page per slot and
// builds the page maps round by round as they arrive (migrate-maps.ts), so at
// the stop only the last changes are applied; on STATE it decodes the kernel
// tables exactly as a restore does — every section checked, upgraded if
// older — puts the built maps in their places (SITES) and adopts the state
// through Kernel.fromState (its invariants, pages included). Everything a
// peer sends is bounded: the slots by the page limit the HELLO declared
// (itself bounded by MAX_SLOTS), the map entries by MAX_REFS, the frames by
// their types. Anything wrong is a ProtocolError of one line.

import type { Kernel, KernelConfig, KernelState } from "../kernel/kernel.js";
import { Kernel as KernelClass } from "../kernel/kernel.js";
import { KERNEL_SNAPSHOT, type Outside, SnapshotError } from "../snapshot/index.js";
import { parseContainer, verifyPlain } from "../snapshot/format.js";
import { specSections } from "../snapshot/snapshot.js";
import { decodeSection, putSection } from "../snapshot/sections.js";
import { StateError, withPageHooks } from "../state/index.js";
import { type Frame, MAX_REFS, MAX_SLOTS, PAGE_BYTES, ProtocolError, T, frame, frameText } from "./migrate-wire.js";
import type { TerminalCarry } from "./migrate-send.js";
import { pageSites } from "./migrate-pages.js";
import { MapMirror, ReceivedPages } from "./migrate-maps.js";

/** Frame types a receiver accepts. */
export const SENDER_FRAMES: ReadonlySet<number> = new Set([T.HELLO, T.FREE, T.PAGES, T.STATE, T.TERMS, T.GO, T.ABORT, T.SYNC, T.SITES, T.MAPS, T.DRAFT]);
/** Slack over the declared page limit: tmpfs file blocks are pages too (64 MiB by default). */
const TMPFS_SLOTS = 64 * 256 + 1024;

export interface Arrived {
  kernel: Kernel;
  config: KernelConfig;
  outside: Outside;
  terms: TerminalCarry[];
}

export class MigrationReceiver {
  /** pages by slot (dense, bounded by 2 × the limit), and the page maps built from them */
  private slots = new ReceivedPages(0, 0);
  private maps = new MapMirror(this.slots, 0);
  private limit = 0;
  private ttys = 0;
  private phase: "hello" | "pages" | "state" | "terms" | "go" | "done" = "hello";
  private built: Omit<Arrived, "terms"> | null = null;
  private terms: TerminalCarry[] | null = null;
  private sites: Uint8Array | null = null;
  /** host epoch ms of the sender's stop, from GO (NaN before) */
  stoppedAt = NaN;
  /** pages received (with resends), for the report */
  pagesReceived = 0;

  /** Take one frame; returns the frames to answer with. Throws ProtocolError. */
  accept(f: Frame): Uint8Array[] {
    if (f.type === T.ABORT) throw new ProtocolError(`the sender gave up: ${frameText(f)}`);
    switch (this.phase) {
      case "hello": {
        if (f.type !== T.HELLO) throw new ProtocolError(`expected HELLO, got frame type ${f.type}`);
        const v = view(f.payload, 8, "HELLO");
        const pages = v.getUint32(0, true);
        this.ttys = v.getUint32(4, true);
        if (pages < 1 || pages > MAX_SLOTS) throw new ProtocolError(`the machine's ${pages} pages of memory are more than this receiver accepts (${MAX_SLOTS})`);
        if (this.ttys < 1 || this.ttys > 64) throw new ProtocolError(`a machine with ${this.ttys} terminals is not acceptable (1 to 64)`);
        this.limit = pages + TMPFS_SLOTS;
        // Within a round new pages arrive before the freed ones go (FREE comes last): room for both.
        this.slots = new ReceivedPages(2 * this.limit, 2 * this.limit);
        this.maps = new MapMirror(this.slots, Math.min(MAX_REFS, 64 * this.limit));
        this.phase = "pages";
        return [frame(T.READY)];
      }
      case "pages":
        if (f.type === T.FREE) return this.free(f.payload), [];
        if (f.type === T.PAGES) return this.pages(f.payload), [];
        if (f.type === T.MAPS) return this.maps.apply(f.payload), [];
        if (f.type === T.DRAFT) return this.rehearse(f.payload), [];
        if (f.type === T.SYNC) return [frame(T.SYNCED)];
        if (f.type === T.SITES) {
          this.sites = f.payload;
          return [];
        }
        if (f.type === T.STATE) {
          if (!this.sites) throw new ProtocolError("STATE before SITES");
          this.state(f.payload, this.sites);
          this.phase = "terms";
          return [];
        }
        throw new ProtocolError(`unexpected frame type ${f.type} during pre-copy`);
      case "terms":
        if (f.type !== T.TERMS) throw new ProtocolError(`expected TERMS, got frame type ${f.type}`);
        this.terms = decodeTerms(f.payload, this.built!.config.ttys);
        this.phase = "go";
        return [frame(T.ARRIVED)];
      case "go":
        if (f.type !== T.GO) throw new ProtocolError(`expected GO, got frame type ${f.type}`);
        if (f.payload.length === 8) this.stoppedAt = new DataView(f.payload.buffer, f.payload.byteOffset, 8).getFloat64(0, true);
        this.phase = "done";
        return [];
      default:
        throw new ProtocolError(`frame type ${f.type} after the machine arrived`);
    }
  }

  /** The machine, once GO came; null before. */
  result(): Arrived | null {
    return this.phase === "done" && this.built && this.terms ? { ...this.built, terms: this.terms } : null;
  }

  /** The machine as built, before GO (the host starts it, then answers ARRIVED). */
  peek(): Arrived | null {
    return this.built && this.terms ? { ...this.built, terms: this.terms } : null;
  }

  /** Built and waiting for GO (the sender's commit). */
  get waitingForGo(): boolean {
    return this.phase === "go";
  }

  get pagesHeld(): number {
    return this.slots.size;
  }

  private free(p: Uint8Array): void {
    const v = view(p, -1, "FREE");
    const n = v.getUint32(0, true);
    if (p.length !== 4 + 4 * n) throw new ProtocolError(`FREE of ${n} slots has ${p.length} bytes`);
    for (let i = 0; i < n; i++) this.slots.free(v.getUint32(4 + 4 * i, true));
  }

  private pages(p: Uint8Array): void {
    const v = view(p, -1, "PAGES");
    const n = v.getUint32(0, true);
    if (p.length !== 4 + n * (4 + PAGE_BYTES)) throw new ProtocolError(`PAGES of ${n} pages has ${p.length} bytes`);
    for (let i = 0; i < n; i++) {
      const at = 4 + i * (4 + PAGE_BYTES);
      this.slots.put(v.getUint32(at, true), p.subarray(at + 4, at + 4 + PAGE_BYTES));
      this.pagesReceived++;
    }
  }

  /**
   * A rehearsal of the stop: the state as of a pre-copy round (page maps empty), decoded and adopted
   * exactly as the final one will be, then dropped. A state this receiver cannot take (a section too
   * new, an invariant broken) is refused now, while the machine still runs at the source; and the
   * decode and validation code is warm (compiled by V8) when the stop comes — cold, in a fresh
   * process, it cost more than everything else in the stop-and-copy.
   */
  private rehearse(file: Uint8Array): void {
    this.state(file, null);
  }

  /** Decode the kernel tables as a restore does, and adopt them with the built page maps (or, for a rehearsal, none). */
  private state(file: Uint8Array, sites: Uint8Array | null): void {
    try {
      const found = parseContainer(file, verifyPlain);
      const defs = specSections(KERNEL_SNAPSHOT);
      const root: Record<string, unknown> = {};
      let config: unknown = null;
      let outside: unknown = null;
      const source = (ref: number, path: string): Uint8Array => {
        const page = this.slots.get(ref);
        if (!page) throw new StateError(path, `page slot ${ref} was never sent`);
        return page;
      };
      withPageHooks({ source }, () => {
        let i = 0;
        for (const def of defs) {
          const s = found[i];
          if (s && s.name === def.name) {
            const value = decodeSection(def, s);
            i++;
            if (def.name === "config") config = value;
            else if (def.name === "outside") outside = value;
            else putSection(def, root, value);
          } else if (def.optional === true) putSection(def, root, def.schema.kind === "map" ? new Map() : []);
          else throw new ProtocolError(`section "${def.name}" is missing from the machine's state`);
        }
        if (i !== found.length) throw new ProtocolError(`unknown section "${found[i]!.name}" in the machine's state`);
      });
      // The page maps came empty; put in the ones built during the rounds (same walk, same order as the sender's).
      if (sites) this.maps.place(pageSites(KERNEL_SNAPSHOT.root, root), sites);
      const c = config as KernelConfig;
      if (c.ttys !== this.ttys) throw new ProtocolError(`the state has ${c.ttys} terminals, HELLO said ${this.ttys}`);
      if (Math.ceil(c.memoryLimit / PAGE_BYTES) > this.limit) throw new ProtocolError("the state's memory limit is larger than HELLO said");
      const kernel = KernelClass.fromState(c, root as unknown as KernelState);
      if (!sites) return; // a rehearsal: dropped
      this.built = { kernel, config: c, outside: outside as Outside };
      this.slots = new ReceivedPages(0, 0); // the kernel holds the pages now
      this.maps = new MapMirror(this.slots, 0);
    } catch (e) {
      if (e instanceof ProtocolError) throw e;
      if (e instanceof SnapshotError || e instanceof StateError) throw new ProtocolError(`the machine's state is refused: ${e.message}`);
      throw e;
    }
  }
}

function view(p: Uint8Array, exact: number, what: string): DataView {
  if ((exact >= 0 && p.length !== exact) || p.length < 4) throw new ProtocolError(`${what} frame of ${p.length} bytes`);
  return new DataView(p.buffer, p.byteOffset, p.length);
}

/** Decode TERMS (bounded: one record per terminal of the machine, lengths checked). */
export function decodeTerms(p: Uint8Array, ttys: number): TerminalCarry[] {
  if (p.length < 4) throw new ProtocolError(`TERMS frame of ${p.length} bytes`);
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  const n = v.getUint32(0, true);
  if (n !== ttys) throw new ProtocolError(`TERMS for ${n} terminals, the machine has ${ttys}`);
  const out: TerminalCarry[] = [];
  let at = 4;
  for (let i = 0; i < n; i++) {
    if (at + 28 > p.length) throw new ProtocolError("TERMS frame is truncated");
    const start = v.getFloat64(at, true);
    const printFrom = v.getFloat64(at + 8, true);
    const expectFrom = v.getFloat64(at + 16, true);
    const len = v.getUint32(at + 24, true);
    if (at + 28 + len > p.length) throw new ProtocolError("TERMS frame is truncated");
    const end = start + len;
    for (const x of [start, printFrom, expectFrom]) {
      if (!Number.isSafeInteger(x) || x < 0 || x > end) throw new ProtocolError(`TERMS: terminal ${i} has a bad offset ${x}`);
    }
    out.push({ start, printFrom, expectFrom, bytes: p.slice(at + 28, at + 28 + len) });
    at += 28 + len;
  }
  if (at !== p.length) throw new ProtocolError(`TERMS frame has ${p.length - at} trailing bytes`);
  return out;
}
