// System calls one at a time through the dispatch table (hand-made traps):
// argument checking, error numbers, and the encodings user space reads.

import { describe, expect, it } from "vitest";
import { bareKernel, call, park, prepareForCalls, SCRATCH } from "./helpers.js";
import { SYSCALLS } from "../../kernel/syscalls.js";

describe("syscall table", () => {
  it("has unique numbers and names", () => {
    expect(new Set(SYSCALLS.map(([n]) => n)).size).toBe(SYSCALLS.length);
    expect(new Set(SYSCALLS.map(([, name]) => name)).size).toBe(SYSCALLS.length);
  });
  it("unknown numbers give ENOSYS", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, 4242)).toBe(-38);
    expect(call(k, p, -1)).toBe(-38);
  });
});

describe("fds", () => {
  it("EBADF, EMFILE, dup3 and fcntl", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, 63, 5, SCRATCH, 1)).toBe(-9);
    expect(call(k, p, 57, 9999)).toBe(-9);
    const fd = call(k, p, 56, -100, "/dev/null", 2, 0) as number;
    expect(fd).toBe(0);
    expect(call(k, p, 24, fd, fd, 0)).toBe(-22); // dup3 to itself
    expect(call(k, p, 24, fd, 10, 0o2000000)).toBe(10);
    expect(call(k, p, 25, 10, 1)).toBe(1); // FD_CLOEXEC
    expect(call(k, p, 25, fd, 0, 20)).toBe(20); // F_DUPFD from 20
    expect(call(k, p, 25, fd, 4, 0o4000)).toBe(0);
    expect((call(k, p, 25, 20, 3) as number) & 0o4000).toBe(0o4000); // status flags shared with the dup
    let last = 0;
    for (let i = 0; i < 70; i++) last = call(k, p, 23, fd) as number;
    expect(last).toBe(-24); // EMFILE
  });

  it("read/write with bad buffers give EFAULT, nothing is consumed", () => {
    const { k, p } = bareKernel();
    call(k, p, 59, SCRATCH, 0);
    const r = k.mem(p).load32(SCRATCH)!;
    const w = k.mem(p).load32(SCRATCH + 4)!;
    k.mem(p).poke(SCRATCH + 64, new TextEncoder().encode("data"));
    expect(call(k, p, 64, w, 0x100, 4)).toBe(-14);
    expect(call(k, p, 64, w, SCRATCH + 64, 4)).toBe(4);
    expect(call(k, p, 63, r, 0x100, 4)).toBe(-14);
    expect(call(k, p, 63, r, SCRATCH + 128, 4)).toBe(4); // the bytes were still there
  });
});

describe("processes", () => {
  it("wait4 status encodings: exit, signal, stop, continue", () => {
    const { k, p } = bareKernel();
    const kids = [0, 1, 2].map(() => call(k, p, 220, 17, 0, 0, 0, 0) as number);
    const [a, b, c] = kids.map((pid) => k.state.procs.get(pid)!);
    prepareForCalls(k, a!);
    call(k, a!, 93, 0x1234); // exit(0x1234): only the low byte counts
    expect(call(k, p, 129, b!.pid, 15)).toBe(0);
    expect(call(k, p, 129, c!.pid, 19)).toBe(0);
    park(p);
    k.run(100_000);
    prepareForCalls(k, p);
    const st = SCRATCH + 256;
    expect(call(k, p, 260, a!.pid, st, 0, 0)).toBe(a!.pid);
    expect(k.mem(p).load32(st)).toBe(0x34 << 8);
    expect(call(k, p, 260, b!.pid, st, 0, 0)).toBe(b!.pid);
    expect(k.mem(p).load32(st)).toBe(15);
    expect(call(k, p, 260, c!.pid, st, 2, 0)).toBe(c!.pid);
    expect(k.mem(p).load32(st)).toBe((19 << 8) | 0x7f);
    expect(call(k, p, 260, c!.pid, st, 1 | 2, 0)).toBe(0); // already reported
    expect(call(k, p, 129, c!.pid, 18)).toBe(0);
    expect(call(k, p, 260, c!.pid, st, 8, 0)).toBe(c!.pid);
    expect(k.mem(p).load32(st)).toBe(0xffff);
    expect(call(k, p, 260, 999, st, 0, 0)).toBe(-10);
  });

  it("kill: ESRCH, EINVAL, signal 0 probes", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, 129, 12345, 0)).toBe(-3);
    expect(call(k, p, 129, 1, 65)).toBe(-22);
    expect(call(k, p, 129, 1, 0)).toBe(0);
    expect(call(k, p, 129, -77, 1)).toBe(-3);
  });

  it("rt_sigaction reports the old action and refuses SIGKILL", () => {
    const { k, p } = bareKernel();
    const act = SCRATCH + 512;
    k.mem(p).poke(act, new Uint8Array([0x00, 0x10, 0, 0, 0, 0, 0, 0x10, 4, 0, 0, 0, 0, 0, 0, 0]));
    expect(call(k, p, 134, 10, act, 0, 8)).toBe(0);
    expect(call(k, p, 134, 10, 0, SCRATCH + 600, 8)).toBe(0);
    expect(k.mem(p).load32(SCRATCH + 600)).toBe(0x1000);
    expect(k.mem(p).load32(SCRATCH + 604)).toBe(0x10000000);
    expect(k.mem(p).load32(SCRATCH + 608)).toBe(4);
    expect(call(k, p, 134, 9, act, 0, 8)).toBe(-22);
    expect(call(k, p, 134, 10, act, 0, 4)).toBe(-22);
  });

  it("mmap anonymous memory is zeroed, usable and unmappable", () => {
    const { k, p } = bareKernel();
    const a = (call(k, p, 222, 0, 10000, 3, 0x22, -1, 0) as number) >>> 0;
    expect(a % 4096).toBe(0);
    expect(k.mem(p).load32(a + 8000)).toBe(0);
    expect(k.mem(p).copyOut(a + 8000, new Uint8Array([1]))).toBe(true);
    expect(call(k, p, 226, a, 4096, 1)).toBe(0);
    expect(k.mem(p).copyOut(a, new Uint8Array([1]))).toBe(false);
    expect(call(k, p, 215, a, 12288)).toBe(0);
    expect(k.mem(p).load32(a)).toBe(null);
    expect(call(k, p, 222, 0, 4096, 3, 0x02, 3, 0)).toBe(-19); // file mappings are not supported
  });

  it("getrandom and clocks are deterministic functions of the state", () => {
    const one = bareKernel();
    const two = bareKernel();
    for (const { k, p } of [one, two]) expect(call(k, p, 278, SCRATCH, 32, 0)).toBe(32);
    expect(one.k.mem(one.p).copyIn(SCRATCH, 32)).toEqual(two.k.mem(two.p).copyIn(SCRATCH, 32));
    const { k, p } = one;
    k.state.clock = 250_000_000; // 2.5 s
    expect(call(k, p, 403, 1, SCRATCH)).toBe(0);
    expect(k.mem(p).load32(SCRATCH)).toBe(2);
    expect(k.mem(p).load32(SCRATCH + 8)).toBe(500_000_000);
    expect(call(k, p, 403, 99, SCRATCH)).toBe(-22);
  });

  it("setsid, setpgid rules", () => {
    const { k, p } = bareKernel();
    p.pgid = 0; // pid 1 is not a group leader here
    p.sid = 0;
    expect(call(k, p, 157)).toBe(1);
    expect(call(k, p, 157)).toBe(-1); // already a group leader
    expect(call(k, p, 154, 0, 0)).toBe(-1); // a session leader cannot change group
    const c = call(k, p, 220, 17, 0, 0, 0, 0) as number;
    expect(call(k, p, 154, c, 0)).toBe(0);
    expect(call(k, p, 155, c)).toBe(c);
    expect(call(k, p, 154, 4242, 0)).toBe(-3);
    expect(call(k, p, 156, 0)).toBe(1);
  });
});
