// The state #15 added is plain data that survives a checkpoint: queued real-time signals with
// their values, a pending standard signal's siginfo, an armed ITIMER_REAL, an alternate signal
// stack, changed ids and a held record lock are all the same after checkpoint + restore, and the
// restored machine goes on exactly as the original (the timer fires, the signals arrive in order).

import { describe, expect, it } from "vitest";
import { checkpoint, restore } from "../../snapshot/checkpoint.js";
import { bareKernel, call, SCRATCH } from "./helpers.js";
import { allocFile, fdAlloc, O_RDWR } from "../../kernel/file.js";
import { createIn, inode } from "../../kernel/vfs.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

const SIGUSR1 = 10;
const SIGALRM = 14;
const SIGRT = 40;
const TICKS_PER_MS = 100_000;

function setup(): { k: Kernel; p: ProcState; fd: number } {
  const { k, p } = bareKernel();
  const mem = k.mem(p);
  // block SIGUSR1, SIGALRM and SIGRT so that everything stays pending
  mem.poke(SCRATCH, new Uint8Array(new Uint32Array([(1 << (SIGUSR1 - 1)) | (1 << (SIGALRM - 1)), 1 << (SIGRT - 33)]).buffer));
  expect(call(k, p, 135, 0, SCRATCH, 0, 8)).toBe(0);
  // three sigqueue'd values of one real-time signal, then a kill of SIGUSR1
  for (const v of [7, 8, 9]) {
    const info = new DataView(new ArrayBuffer(128));
    info.setInt32(0, SIGRT, true);
    info.setInt32(8, -1, true); // SI_QUEUE
    info.setInt32(12, p.pid, true);
    info.setInt32(20, v, true);
    mem.poke(SCRATCH + 0x100, new Uint8Array(info.buffer));
    expect(call(k, p, 138, p.pid, SIGRT, SCRATCH + 0x100)).toBe(0);
  }
  expect(call(k, p, 129, p.pid, SIGUSR1)).toBe(0);
  // ITIMER_REAL in 5 ms, every 5 ms
  mem.poke(SCRATCH + 0x200, new Uint8Array(new Int32Array([0, 5000, 0, 5000]).buffer));
  expect(call(k, p, 103, 0, SCRATCH + 0x200, 0)).toBe(0);
  // an alternate stack, a dropped effective uid, a write lock on bytes 0..9 of a file
  mem.poke(SCRATCH + 0x300, new Uint8Array(new Uint32Array([0x60008000, 0, 8192]).buffer));
  expect(call(k, p, 132, SCRATCH + 0x300, 0)).toBe(0);
  expect(call(k, p, 147, -1, 1000, -1)).toBe(0);
  const node = createIn(k, inode(k, k.state.rootIno), "locked", "file", 0o644);
  if (typeof node === "number") throw new Error("no inode");
  const fd = fdAlloc(p, allocFile(k, { kind: "inode", ino: node.ino }, O_RDWR));
  mem.poke(SCRATCH + 0x400, new Uint8Array(new Int16Array([1, 0, 0, 0, 0, 0, 10, 0]).buffer)); // F_WRLCK, SEEK_SET, start 0, len 10
  expect(call(k, p, 25, fd, 6, SCRATCH + 0x400)).toBe(0);
  return { k, p, fd };
}

describe("POSIX process state across a checkpoint", () => {
  it("is restored exactly and the restored machine goes on the same way", () => {
    const { k } = setup();
    const before = structuredClone(k.state.procs.get(1)!.posix);
    expect(before.queue.map((r) => [r.signo, r.value])).toEqual([[SIGRT, 7], [SIGRT, 8], [SIGRT, 9], [SIGUSR1, 0]]);
    expect(before.itimer.realInterval).toBe(5 * TICKS_PER_MS);
    expect(before.creds.euid).toBe(1000);
    expect(k.state.locks).toHaveLength(1);
    expect(k.state.timers.some((t) => t.kind === "alarm")).toBe(true);
    const bytes = checkpoint(k);
    const r = restore(bytes).kernel;
    const p2 = r.state.procs.get(1)!;
    expect(p2.posix).toEqual(before);
    expect(r.state.locks).toEqual(k.state.locks);
    expect(r.state.timers).toEqual(k.state.timers);
    // both machines run 12 ms: the alarm fires twice in each, SIGALRM is pending (blocked) in both
    for (const m of [k, r]) m.run(12 * TICKS_PER_MS);
    const a = k.state.procs.get(1)!;
    const b = r.state.procs.get(1)!;
    expect((a.sigPending >> (SIGALRM - 1)) & 1).toBe(1);
    expect(b.posix).toEqual(a.posix);
    expect(b.sigPending).toBe(a.sigPending);
    expect(b.posix.itimer.real).toBe(a.posix.itimer.real);
    expect(a.posix.itimer.real).toBe(before.itimer.real + 2 * 5 * TICKS_PER_MS);
  });
});
