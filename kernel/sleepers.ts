// The kernel's index of sleeping processes by wait channel: which processes a
// wakeup on a channel may wake, found without a scan of the whole process
// table (with 1,000 processes asleep, every pipe read and write scanned all
// 1,000, and `yes | cat` ran at half speed).
//
// It is a cache, never state. The state keeps what it always had: each
// process's `state` and `chan`. A wakeup's meaning is unchanged: every process
// sleeping on the channel, and every poller, becomes runnable. The cache maps
// a channel's text to the pids that went to sleep on it, and keeps the set of
// pids that went to sleep in poll/select. It may hold stale pids (woken by a
// signal or a timer, since gone, or asleep elsewhere now): a candidate is
// checked against its process before it is woken, and a stale one is dropped
// there, so waking by other paths needs no notice. Going to sleep does: the one
// place that puts a process to sleep (dispatchSyscall) calls `sleptOn`.
// Anything else that reshapes the process table (fork, exit, reap, a restore,
// a job restart) changes its signature and the cache is rebuilt from the state
// at the next wakeup. With checks on (tests), every wakeup's set of woken pids
// is compared with a full scan's.

import type { Kernel } from "./kernel.js";
import type { KernelState, ProcState } from "./state.js";
import { chanText, sameChan, type WaitChan } from "./wait-channel.js";

interface Index {
  /** the state's table, its size, and nextPid, as the index last saw them */
  state: KernelState;
  procs: Map<number, ProcState>;
  procCount: number;
  nextPid: number;
  /** channel text → pids that went to sleep on it (some may be stale) */
  byChan: Map<string, Set<number>>;
  /** pids that went to sleep in poll/select (some may be stale) */
  pollers: Set<number>;
}

/** Per kernel (host-side, weakly held): never saved, rebuilt from the state whenever in doubt. */
const indexes = new WeakMap<Kernel, Index>();

/** Host-side settings. `all` (the test setup turns it on): compare every wakeup with a full scan.
 *  `small`: with a table this small the scan is cheaper than the index, so there is none. */
export const sleeperChecks = { all: false, small: 32 };

/** Check every wakeup, and index every table however small (test setup: the suite then proves the
 *  index, wakeup by wakeup). */
export function checkAllSleepers(on: boolean): void {
  sleeperChecks.all = on;
  sleeperChecks.small = on ? 0 : 32;
}

/** A bug in cryobox, never the guest's doing: the index and the scan disagree. */
export class SleeperIndexBug extends Error {
  constructor(what: string) {
    super(`bug in cryobox: the sleeper index ${what}`);
    this.name = "SleeperIndexBug";
  }
}

function add(ix: Index, p: ProcState): void {
  if (p.chan.kind === "poll") {
    ix.pollers.add(p.pid);
    return;
  }
  const key = chanText(p.chan);
  let set = ix.byChan.get(key);
  if (!set) ix.byChan.set(key, (set = new Set()));
  set.add(p.pid);
}

function rebuild(k: Kernel): Index {
  const s = k.state;
  const ix: Index = { state: s, procs: s.procs, procCount: s.procs.size, nextPid: s.nextPid, byChan: new Map(), pollers: new Set() };
  for (const p of s.procs.values()) if (p.state === "sleeping") add(ix, p);
  indexes.set(k, ix);
  return ix;
}

/** The index, rebuilt when the table was reshaped behind its back; undefined for a small table. */
function index(k: Kernel): Index | undefined {
  const s = k.state;
  const ix = indexes.get(k);
  if (s.procs.size <= sleeperChecks.small) {
    if (ix) indexes.delete(k);
    return undefined;
  }
  if (ix && ix.state === s && ix.procs === s.procs && ix.procCount === s.procs.size && ix.nextPid === s.nextPid) return ix;
  return rebuild(k);
}

/** p has just gone to sleep on p.chan (called where a process is put to sleep). */
export function sleptOn(k: Kernel, p: ProcState): void {
  const ix = indexes.get(k);
  if (!ix) return;
  // Stale entries of channels nobody wakes again would pile up in a long run without a fork or an
  // exit; past this bound the index is dropped and rebuilt from the table at the next wakeup.
  if (ix.byChan.size > 4 * ix.procCount + 64) indexes.delete(k);
  else add(ix, p);
}

/** Does p sleep where a wakeup on `chan` reaches it? */
const wokenBy = (p: ProcState, chan: WaitChan): boolean =>
  p.state === "sleeping" && (p.chan.kind === "poll" || sameChan(p.chan, chan));

/**
 * The processes a wakeup on `chan` makes runnable, each once, taking them out of the index. Their
 * order is not the table's: waking is a state change per process, and the scheduler's pick depends
 * on the run queue's order alone, so the order of wakes changes nothing.
 */
export function sleepersOn(k: Kernel, chan: WaitChan): ProcState[] {
  const ix = index(k);
  let found: ProcState[];
  if (!ix) found = scan(k, chan);
  else {
    found = [];
    const key = chan.kind === "poll" ? null : chanText(chan);
    const set = key === null ? undefined : ix.byChan.get(key);
    if (set) {
      for (const pid of set) {
        const p = ix.procs.get(pid);
        if (p && p.state === "sleeping" && sameChan(p.chan, chan)) found.push(p);
      }
      ix.byChan.delete(key!); // every valid one is woken now; the rest were stale
    }
    for (const pid of ix.pollers) {
      const p = ix.procs.get(pid);
      if (p && p.state === "sleeping" && p.chan.kind === "poll") found.push(p);
    }
    ix.pollers.clear();
  }
  if (sleeperChecks.all) check(k, chan, found);
  return found;
}

function scan(k: Kernel, chan: WaitChan): ProcState[] {
  const out: ProcState[] = [];
  for (const p of k.state.procs.values()) if (wokenBy(p, chan)) out.push(p);
  return out;
}

function check(k: Kernel, chan: WaitChan, found: ProcState[]): void {
  const want = scan(k, chan);
  const got = new Set(found);
  if (want.length !== found.length || got.size !== found.length || want.some((p) => !got.has(p))) {
    const pids = (ps: ProcState[]): string => ps.map((p) => p.pid).join(",") || "none";
    throw new SleeperIndexBug(`would wake ${pids(found)} on ${chanText(chan) || chan.kind}; the table has ${pids(want)}`);
  }
}
