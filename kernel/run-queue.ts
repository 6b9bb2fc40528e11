// The scheduler's index of runnable processes: which process the run queue
// names first among the runnable ones, found in O(log n) instead of a scan of
// the whole queue (with 1,000 sleepers the scan cost ~49 µs a pick).
//
// It is a cache, never state. The state keeps what it always had: the run
// queue (`state.runQueue`, the round-robin order of every live pid) and each
// process's `state`. The pick is, as before, the first pid in the run queue
// whose process is runnable. The cache gives every queued pid a key that
// grows along the queue (its place at the last rebuild, or a new largest key
// when it goes to the back), and keeps a min-heap of (key, pid) entries that
// holds at least every runnable process. Entries are checked when they reach
// the top: one whose process is no longer runnable, or whose key is old (the
// pid went to the back since), is dropped there, so going to sleep, stopping
// and exiting need no notice. Becoming runnable does: every place that makes a
// process runnable calls `runnableNow` (fork's addProc, wakeup, timers,
// signals, lock waiters). Anything else that reshapes the queue or the process
// table (exit, reap, a restore, a job restart) changes its signature and the
// cache is rebuilt from the state at the next pick. With `checkRunQueue(k)`
// on (tests), every answer is compared with a full scan.

import type { Kernel } from "./kernel.js";
import type { KernelState, ProcState } from "./state.js";

interface Cache {
  state: KernelState;
  /** the state's queue, table and their sizes, and nextPid, as the cache last saw them */
  queue: number[];
  procs: Map<number, ProcState>;
  queueLen: number;
  procCount: number;
  nextPid: number;
  /** pid → its key: keys grow along the run queue */
  key: Map<number, number>;
  nextKey: number;
  /** min-heap on key of [key, pid], flattened: heap[2i] key, heap[2i+1] pid */
  heap: number[];
  /** pid → key of the entry it has in the heap (at most one with its current key) */
  inHeap: Map<number, number>;
}

/** Per kernel (host-side, weakly held): never saved, rebuilt from the state whenever in doubt. */
const caches = new WeakMap<Kernel, Cache>();
/** Kernels whose every pick is checked against a full scan (tests). */
const checked = new WeakSet<Kernel>();
/** Host-side settings. `all` (the test setup turns it on): check every kernel's picks, as checkRunQueue
 *  does. `small`: with a run queue this short the scan is cheaper than the cache (measured: 0.25 µs a pick
 *  with 5 processes against 0.4 µs), so there is no cache and the hooks cost nothing; tests set it to 0
 *  to put every workload through the cache. */
export const runQueueChecks = { all: false, small: 32 };

/** Compare every answer of the cache with a full scan of the run queue, throwing on a difference. */
export function checkRunQueue(k: Kernel, on = true): void {
  if (on) checked.add(k);
  else checked.delete(k);
}

/** Check the picks of every kernel, and put every run queue, however short, through the cache (test
 *  setup: the whole suite then proves the cache, pick by pick). */
export function checkAllRunQueues(on: boolean): void {
  runQueueChecks.all = on;
  runQueueChecks.small = on ? 0 : 32;
}

/** The pick as the scheduler always defined it: the first runnable pid in the run queue. */
export function scanFirstRunnable(s: KernelState): ProcState | undefined {
  for (const pid of s.runQueue) {
    const p = s.procs.get(pid);
    if (p && p.state === "runnable") return p;
  }
  return undefined;
}

function rebuild(k: Kernel): Cache {
  const s = k.state;
  const c: Cache = {
    state: s, queue: s.runQueue, procs: s.procs, queueLen: s.runQueue.length, procCount: s.procs.size, nextPid: s.nextPid,
    key: new Map(), nextKey: 0, heap: [], inHeap: new Map(),
  };
  // Keys in queue order, runnable ones pushed in that order: a sorted array is already a heap.
  for (const pid of s.runQueue) {
    const key = c.nextKey++;
    c.key.set(pid, key);
    if (s.procs.get(pid)?.state === "runnable") {
      c.heap.push(key, pid);
      c.inHeap.set(pid, key);
    }
  }
  caches.set(k, c);
  return c;
}

/** The cache, rebuilt when the state was reshaped behind its back; undefined for a short run queue. */
function cache(k: Kernel): Cache | undefined {
  const s = k.state;
  const c = caches.get(k);
  if (s.runQueue.length <= runQueueChecks.small) {
    if (c) caches.delete(k); // scanning is cheaper; the hooks see no cache and do nothing
    return undefined;
  }
  if (c && c.state === s && c.queue === s.runQueue && c.procs === s.procs && c.queueLen === s.runQueue.length
    && c.procCount === s.procs.size && c.nextPid === s.nextPid) return c;
  return rebuild(k);
}

function heapPush(c: Cache, key: number, pid: number): void {
  const h = c.heap;
  let i = h.length >> 1;
  h.push(key, pid);
  while (i > 0) {
    const up = (i - 1) >> 1;
    if (h[2 * up]! <= key) break;
    h[2 * i] = h[2 * up]!;
    h[2 * i + 1] = h[2 * up + 1]!;
    i = up;
  }
  h[2 * i] = key;
  h[2 * i + 1] = pid;
  c.inHeap.set(pid, key);
}

function heapPop(c: Cache): void {
  const h = c.heap;
  const pid = h[1]!, key = h[0]!;
  if (c.inHeap.get(pid) === key) c.inHeap.delete(pid);
  const lastPid = h.pop()!, lastKey = h.pop()!;
  const n = h.length >> 1;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && h[2 * (child + 1)]! < h[2 * child]!) child++;
    if (h[2 * child]! >= lastKey) break;
    h[2 * i] = h[2 * child]!;
    h[2 * i + 1] = h[2 * child + 1]!;
    i = child;
  }
  h[2 * i] = lastKey;
  h[2 * i + 1] = lastPid;
}

/** Drop invalid entries from the top; the top is then the first runnable pid in queue order. */
function top(c: Cache): number {
  const h = c.heap;
  while (h.length > 0) {
    const key = h[0]!, pid = h[1]!;
    if (c.key.get(pid) === key && c.procs.get(pid)?.state === "runnable") return pid;
    heapPop(c);
  }
  return -1;
}

/** A bug in cryobox, never the guest's doing: the cache and the scan disagree. */
export class RunQueueBug extends Error {
  constructor(what: string) {
    super(`bug in cryobox: the run-queue cache ${what}`);
    this.name = "RunQueueBug";
  }
}

/** The first runnable process in run-queue order (what scanFirstRunnable finds), in O(log n). */
export function firstRunnable(k: Kernel): ProcState | undefined {
  const c = cache(k);
  if (!c) return scanFirstRunnable(k.state);
  const pid = top(c);
  const p = pid < 0 ? undefined : c.procs.get(pid);
  if (runQueueChecks.all || checked.has(k)) {
    const want = scanFirstRunnable(k.state);
    if (want !== p) throw new RunQueueBug(`picked pid ${p?.pid ?? "none"}, the run queue's first runnable is ${want?.pid ?? "none"}`);
  }
  return p;
}

/** Whether a process other than `p` is runnable. */
export function otherRunnable(k: Kernel, p: ProcState): boolean {
  const c = cache(k);
  if (!c) {
    for (const q of k.state.procs.values()) if (q !== p && q.state === "runnable") return true;
    return false;
  }
  let other = top(c);
  if (other === p.pid) {
    // look under p's entry: take it out, find the next valid one, put it back
    const key = c.heap[0]!;
    heapPop(c);
    other = top(c);
    heapPush(c, key, p.pid);
  }
  const answer = other >= 0;
  if (runQueueChecks.all || checked.has(k)) {
    let want = false;
    for (const q of k.state.procs.values()) if (q !== p && q.state === "runnable") want = true;
    if (want !== answer) throw new RunQueueBug(`says another process is runnable: ${answer}, the table says ${want}`);
  }
  return answer;
}

/** Send `pid` to the back of the run queue (state) and give it the largest key (cache). */
export function rotate(k: Kernel, pid: number): void {
  const c = cache(k);
  const q = k.state.runQueue;
  // a process goes to the back when it has run, so it is nearly always near the back
  const i = q.lastIndexOf(pid);
  if (i < 0) return;
  q.splice(i, 1);
  q.push(pid);
  if (!c) return;
  const key = c.nextKey++;
  c.key.set(pid, key);
  if (c.procs.get(pid)?.state === "runnable") heapPush(c, key, pid);
}

/** `p` has just become runnable (or was just queued by addProc): index it. */
export function runnableNow(k: Kernel, p: ProcState): void {
  const c = caches.get(k);
  if (!c || c.state !== k.state) return; // no cache yet (or a stale one): the next pick builds it from the state
  const s = k.state;
  if (!c.key.has(p.pid)) {
    // addProc: a new pid at the back of the queue; the table and the queue grew by one
    if (s.runQueue[s.runQueue.length - 1] !== p.pid || c.queueLen + 1 !== s.runQueue.length || c.procCount + 1 !== s.procs.size) {
      caches.delete(k); // reshaped some other way: rebuild at the next pick
      return;
    }
    c.key.set(p.pid, c.nextKey++);
    c.queueLen = s.runQueue.length;
    c.procCount = s.procs.size;
    c.nextPid = s.nextPid;
  }
  const key = c.key.get(p.pid)!;
  if (p.state === "runnable" && c.inHeap.get(p.pid) !== key) heapPush(c, key, p.pid);
}
