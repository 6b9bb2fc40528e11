// Named pipes (kernel/fifo.ts, kernel/sys-mknod.ts) driven by hand-made system calls on a bare
// kernel: mknodat's types, errors and privilege; the open rendezvous (a reader waits for a writer and
// the other way round, O_NONBLOCK, ENXIO), the partner completing a waiting open, data, EOF and
// SIGPIPE through the pipe machinery, a signal ending a waiting open with nothing left behind, an
// unlinked FIFO living while open; a fast-check model of random opens/writes/reads/closes/signals
// over three processes, with checkpoint → restore between steps (the bytes in flight survive exactly).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, CONFIG, prepareForCalls, SCRATCH } from "./helpers.js";
import { Kernel } from "../../kernel/kernel.js";
import { KernelState, type ProcState } from "../../kernel/state.js";
import { clone } from "../../state/index.js";
import { allocPid, forkProc } from "../../kernel/proc.js";
import { deliverSignals, sendSignal } from "../../kernel/signal.js";
import { checkpoint, restore } from "../../snapshot/checkpoint.js";
import { checkpointJob } from "../../snapshot/job.js";
import { restartJob } from "../../snapshot/job-restore.js";
import { dispatchSyscall } from "../../kernel/syscalls.js";

const SYS = { mknodat: 33, unlinkat: 35, openat: 56, close: 57, read: 63, write: 64, fstatat: 79, fstat: 80 };
const AT_FDCWD = -100;
const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0o4000;
const S_IFIFO = 0o010000, S_IFCHR = 0o020000, S_IFDIR = 0o040000, S_IFBLK = 0o060000, S_IFREG = 0o100000, S_IFMT = 0o170000;
const EPERM = -1, EINTR = -4, ENXIO = -6, EAGAIN = -11, EEXIST = -17, EINVAL = -22, EPIPE = -32;
const SIGPIPE = 13, SIGUSR1 = 10;
const BUF = SCRATCH + 0x2000;
const STAT = SCRATCH + 0x3000;

/** A second (third, …) process: a fork of p, ready for hand-made calls. */
function spawn(k: Kernel, p: ProcState): ProcState {
  const q = forkProc(k, p, allocPid(k));
  prepareForCalls(k, q);
  return q;
}
const mkfifo = (k: Kernel, p: ProcState, path: string, mode = 0o644): number => call(k, p, SYS.mknodat, AT_FDCWD, path, S_IFIFO | mode, 0) as number;
const open = (k: Kernel, p: ProcState, path: string, flags: number) => call(k, p, SYS.openat, AT_FDCWD, path, flags, 0);
function write(k: Kernel, p: ProcState, fd: number, data: Uint8Array) {
  k.mem(p).poke(BUF, data);
  return call(k, p, SYS.write, fd, BUF, data.length);
}
function read(k: Kernel, p: ProcState, fd: number, n: number): Uint8Array | number | "blocked" | "done" {
  const r = call(k, p, SYS.read, fd, BUF, n);
  return typeof r === "number" && r >= 0 ? k.mem(p).copyIn(BUF, r)! : r;
}
function statMode(k: Kernel, p: ProcState, path: string): number {
  const r = call(k, p, SYS.fstatat, AT_FDCWD, path, STAT, 0);
  if (r !== 0) return r as number;
  return new DataView(k.mem(p).copyIn(STAT, 128)!.buffer).getUint32(16, true);
}
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | number | string) => (b instanceof Uint8Array ? new TextDecoder().decode(b) : b);
/** The result a waiting open got from its partner (a0), once it is runnable again past its ecall. */
function completed(q: ProcState): number | "still waiting" {
  return q.state === "sleeping" ? "still waiting" : q.hart.x[10]!;
}

describe("mknodat", () => {
  it("makes a FIFO with mode & ~umask; stat says S_IFIFO; a second one is EEXIST", () => {
    const { k, p } = bareKernel();
    expect(mkfifo(k, p, "/tmp/f", 0o666)).toBe(0);
    expect(statMode(k, p, "/tmp/f")).toBe(S_IFIFO | 0o644); // umask 022
    expect(mkfifo(k, p, "/tmp/f")).toBe(EEXIST);
    expect(mkfifo(k, p, "/nodir/f")).toBe(-2);
  });

  it("types: 0 and S_IFREG make a file, S_IFDIR is EPERM, an unknown type EINVAL, S_IFBLK EPERM", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/a", 0o600, 0)).toBe(0);
    expect(statMode(k, p, "/tmp/a")).toBe(S_IFREG | 0o600);
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/b", S_IFREG | 0o600, 0)).toBe(0);
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/c", S_IFDIR | 0o700, 0)).toBe(EPERM);
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/d", 0o170000, 0)).toBe(EINVAL);
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/e", S_IFBLK | 0o600, (8 << 8) | 0)).toBe(EPERM);
    expect(statMode(k, p, "/tmp/c")).toBe(-2);
  });

  it("character devices: root only; a known major/minor works as /dev's, another opens with ENXIO", () => {
    const { k, p } = bareKernel();
    p.posix.creds.euid = 1000;
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/n", S_IFCHR | 0o666, (1 << 8) | 3)).toBe(EPERM);
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/f", S_IFIFO | 0o666, 0)).toBe(0); // FIFOs need no privilege
    p.posix.creds.euid = 0;
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/n", S_IFCHR | 0o666, (1 << 8) | 3)).toBe(0);
    expect(statMode(k, p, "/tmp/n") & S_IFMT).toBe(S_IFCHR);
    const fd = open(k, p, "/tmp/n", O_RDWR) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(write(k, p, fd, enc("gone"))).toBe(4); // /dev/null's
    expect(dec(read(k, p, fd, 10))).toBe("");
    expect(call(k, p, SYS.mknodat, AT_FDCWD, "/tmp/x", S_IFCHR | 0o666, (200 << 8) | 7)).toBe(0);
    expect(open(k, p, "/tmp/x", O_RDONLY)).toBe(ENXIO);
    const r = call(k, p, SYS.fstatat, AT_FDCWD, "/tmp/x", STAT, 0);
    expect(r).toBe(0);
    const rdev = Number(new DataView(k.mem(p).copyIn(STAT, 128)!.buffer).getBigUint64(32, true));
    expect([rdev >> 8, rdev & 0xff]).toEqual([200, 7]);
  });

  it("only tmpfs holds special files: /proc refuses with EPERM", () => {
    const { k, p } = bareKernel();
    expect(mkfifo(k, p, "/proc/f")).toBe(EPERM);
  });
});

describe("FIFO open, read and write", () => {
  it("a reader waits for a writer; the writer's open completes the reader's; data, then EOF", () => {
    const { k, p: w } = bareKernel();
    const r = spawn(k, w);
    expect(mkfifo(k, w, "/tmp/f")).toBe(0);
    expect(open(k, r, "/tmp/f", O_RDONLY)).toBe("blocked");
    expect(r.chan).toEqual({ kind: "fifo", ino: expect.any(Number), end: "r" });
    expect(k.state.pipes.size).toBe(0); // a waiting open holds nothing
    const wfd = open(k, w, "/tmp/f", O_WRONLY) as number;
    expect(wfd).toBeGreaterThanOrEqual(0);
    const rfd = completed(r) as number;
    expect(rfd).toBeGreaterThanOrEqual(0);
    expect(r.state).toBe("runnable");
    expect(r.inSyscall).toBe(false);
    expect(write(k, w, wfd, enc("hello"))).toBe(5);
    expect(dec(read(k, r, rfd, 3))).toBe("hel");
    expect(call(k, w, SYS.close, wfd)).toBe(0);
    expect(dec(read(k, r, rfd, 10))).toBe("lo");
    expect(dec(read(k, r, rfd, 10))).toBe(""); // EOF: no writer left
    expect(call(k, r, SYS.close, rfd)).toBe(0);
    expect(k.state.pipes.size).toBe(0);
  });

  it("a writer that opens, writes and closes before the woken reader runs: the reader still reads it all", () => {
    const { k, p: w } = bareKernel();
    const r = spawn(k, w);
    mkfifo(k, w, "/tmp/f");
    expect(open(k, r, "/tmp/f", O_RDONLY)).toBe("blocked");
    const wfd = open(k, w, "/tmp/f", O_WRONLY) as number;
    expect(write(k, w, wfd, enc("hi\n"))).toBe(3); // no SIGPIPE: the reader's open is complete
    expect(w.sigPending & (1 << (SIGPIPE - 1))).toBe(0);
    call(k, w, SYS.close, wfd);
    const rfd = completed(r) as number;
    expect(dec(read(k, r, rfd, 10))).toBe("hi\n");
    expect(dec(read(k, r, rfd, 10))).toBe("");
  });

  it("a writer waits for a reader; O_NONBLOCK: a writer without a reader gets ENXIO, a reader opens at once", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    expect(open(k, a, "/tmp/f", O_WRONLY | O_NONBLOCK)).toBe(ENXIO);
    expect(open(k, a, "/tmp/f", O_WRONLY)).toBe("blocked");
    const rfd = open(k, b, "/tmp/f", O_RDONLY | O_NONBLOCK) as number; // completes the waiting writer
    expect(rfd).toBeGreaterThanOrEqual(0);
    const wfd = completed(a) as number;
    expect(wfd).toBeGreaterThanOrEqual(0);
    expect(dec(read(k, b, rfd, 4))).toBe(EAGAIN); // empty, a writer present, O_NONBLOCK
    expect(write(k, a, wfd, enc("x"))).toBe(1);
    expect(dec(read(k, b, rfd, 4))).toBe("x");
    // a second writer finds the reader: no wait, even without O_NONBLOCK
    const wfd2 = open(k, a, "/tmp/f", O_WRONLY | O_NONBLOCK) as number;
    expect(wfd2).toBeGreaterThanOrEqual(0);
  });

  it("O_NONBLOCK reader with no writer reads EOF", () => {
    const { k, p } = bareKernel();
    mkfifo(k, p, "/tmp/f");
    const fd = open(k, p, "/tmp/f", O_RDONLY | O_NONBLOCK) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(dec(read(k, p, fd, 4))).toBe("");
  });

  it("O_RDWR never waits, holds both ends (reads what it wrote) and completes waiters of either end", () => {
    const { k, p: a } = bareKernel();
    const r = spawn(k, a);
    const w = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    mkfifo(k, a, "/tmp/g");
    expect(open(k, r, "/tmp/f", O_RDONLY)).toBe("blocked"); // a reader waiting for a writer
    expect(open(k, w, "/tmp/g", O_WRONLY)).toBe("blocked"); // a writer waiting for a reader
    const fd = open(k, a, "/tmp/f", O_RDWR) as number;
    const gd = open(k, a, "/tmp/g", O_RDWR) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(gd).toBeGreaterThanOrEqual(0);
    const rfd = completed(r) as number, wfd = completed(w) as number;
    expect(rfd).toBeGreaterThanOrEqual(0);
    expect(wfd).toBeGreaterThanOrEqual(0);
    const fIno = Math.min(...[...k.state.inodes.values()].filter((n) => n.type === "fifo").map((n) => n.ino)); // /tmp/f, made first
    const pf = [...k.state.pipes.values()].find((x) => x.fifo === fIno)!;
    expect([pf.readers, pf.writers]).toEqual([2, 1]);
    expect(write(k, a, fd, enc("self"))).toBe(4);
    expect(dec(read(k, a, fd, 2))).toBe("se");
    expect(dec(read(k, r, rfd, 9))).toBe("lf");
    expect(write(k, w, wfd, enc("via g"))).toBe(5);
    expect(dec(read(k, a, gd, 9))).toBe("via g");
    call(k, a, SYS.close, fd);
    expect(dec(read(k, r, rfd, 9))).toBe(""); // the O_RDWR end was the last writer: EOF
    expect(k.state.pipes.get(pf.id)!.writers).toBe(0);
    restore(checkpoint(k));
  });

  it("writing with the reader gone: EPIPE and SIGPIPE, as pipe(2)", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    const rfd = open(k, b, "/tmp/f", O_RDONLY | O_NONBLOCK) as number;
    const wfd = open(k, a, "/tmp/f", O_WRONLY) as number;
    call(k, b, SYS.close, rfd);
    a.sigActions[SIGPIPE]!.handler = 1; // SIG_IGN: the call's own result is what is checked
    expect(write(k, a, wfd, enc("x"))).toBe(EPIPE);
  });

  it("a signal ends a waiting open (EINTR via the handler's frame) and leaves nothing behind", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    expect(open(k, b, "/tmp/f", O_RDONLY)).toBe("blocked");
    b.sigActions[SIGUSR1] = { handler: 0x60000004, flags: 0, mask: 0, restorer: 0 };
    sendSignal(k, b.pid, SIGUSR1, false);
    deliverSignals(k, b);
    expect(b.state).toBe("runnable");
    expect(b.inSyscall).toBe(false);
    expect(b.chan.kind).toBe("none");
    // The frame holds the interrupted call's result: a0 saved at regs + 40.
    const frameRegs = b.hart.x[12]! >>> 0;
    expect(new DataView(k.mem(b).copyIn(frameRegs + 40, 4)!.buffer).getInt32(0, true)).toBe(EINTR);
    expect(open(k, a, "/tmp/f", O_WRONLY | O_NONBLOCK)).toBe(ENXIO); // the reader is gone
    expect(k.state.pipes.size).toBe(0);
    restore(checkpoint(k)); // and the state is sound
  });

  it("a FIFO unlinked while open keeps working and is freed at the last close", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    const rfd = open(k, b, "/tmp/f", O_RDONLY | O_NONBLOCK) as number;
    const wfd = open(k, a, "/tmp/f", O_WRONLY) as number;
    const inodes = k.state.inodes.size;
    expect(call(k, a, SYS.unlinkat, AT_FDCWD, "/tmp/f", 0)).toBe(0);
    expect(k.state.inodes.size).toBe(inodes); // held by its pipe
    expect(write(k, a, wfd, enc("still"))).toBe(5);
    restore(checkpoint(k)); // an unlinked FIFO held open is a sound state
    expect(dec(read(k, b, rfd, 10))).toBe("still");
    call(k, a, SYS.close, wfd);
    call(k, b, SYS.close, rfd);
    expect(k.state.inodes.size).toBe(inodes - 1);
    expect(k.state.pipes.size).toBe(0);
  });

  it("fstat of a FIFO's end shows the FIFO's inode", () => {
    const { k, p } = bareKernel();
    mkfifo(k, p, "/tmp/f", 0o600);
    const fd = open(k, p, "/tmp/f", O_RDONLY | O_NONBLOCK) as number;
    expect(call(k, p, SYS.fstat, fd, STAT)).toBe(0);
    const dv = new DataView(k.mem(p).copyIn(STAT, 128)!.buffer);
    const ino = [...k.state.inodes.values()].find((n) => n.type === "fifo")!.ino;
    expect(Number(dv.getBigUint64(8, true))).toBe(ino);
    expect(dv.getUint32(16, true)).toBe(S_IFIFO | 0o600);
  });

  it("a checkpoint taken mid-transfer restores the bytes in flight and both ends", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    const rfd = open(k, b, "/tmp/f", O_RDONLY | O_NONBLOCK) as number;
    const wfd = open(k, a, "/tmp/f", O_WRONLY) as number;
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    expect(write(k, a, wfd, data)).toBe(3000);
    expect((read(k, b, rfd, 1000) as Uint8Array).length).toBe(1000);
    const k2 = restore(checkpoint(k)).kernel;
    const a2 = k2.state.procs.get(a.pid)!, b2 = k2.state.procs.get(b.pid)!;
    expect(write(k2, a2, wfd, data.subarray(0, 100))).toBe(100);
    const rest = read(k2, b2, rfd, 4096) as Uint8Array;
    expect([...rest]).toEqual([...data.subarray(1000), ...data.subarray(0, 100)]);
  });

  it("a waiting open survives checkpoint → restore and is completed by a writer in the restored machine", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    expect(open(k, b, "/tmp/f", O_RDONLY)).toBe("blocked");
    const k2 = restore(checkpoint(k)).kernel;
    const a2 = k2.state.procs.get(a.pid)!, b2 = k2.state.procs.get(b.pid)!;
    expect(b2.chan.kind).toBe("fifo");
    const wfd = open(k2, a2, "/tmp/f", O_WRONLY) as number;
    expect(wfd).toBeGreaterThanOrEqual(0);
    const rfd = completed(b2) as number;
    expect(write(k2, a2, wfd, enc("ok"))).toBe(2);
    expect(dec(read(k2, b2, rfd, 5))).toBe("ok");
  });
});

describe("jobs", () => {
  it("a process waiting in a FIFO open, checkpointed as a job, runs its open again where it is restarted", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    expect(open(k, b, "/tmp/f", O_RDONLY)).toBe("blocked");
    const bytes = checkpointJob(k, { kind: "process", id: b.pid, caller: 0, cut: false });
    const { k: k2, p: a2 } = bareKernel();
    mkfifo(k2, a2, "/tmp/f"); // another machine's FIFO of that name
    const r = restartJob(k2, bytes, { renumber: true, attach: -1, parent: 1 });
    const b2 = k2.state.procs.get(r.pids.get(b.pid)!)!;
    expect([b2.state, b2.chan.kind, b2.inSyscall]).toEqual(["runnable", "none", true]);
    dispatchSyscall(k2, b2); // what the scheduler does when it runs b2: its openat again
    expect(b2.chan).toEqual({ kind: "fifo", ino: [...k2.state.inodes.values()].find((n) => n.type === "fifo")!.ino, end: "r" });
    const wfd = open(k2, a2, "/tmp/f", O_WRONLY) as number;
    const rfd = completed(b2) as number;
    expect(rfd).toBeGreaterThanOrEqual(0);
    expect(write(k2, a2, wfd, enc("there"))).toBe(5);
    expect(dec(read(k2, b2, rfd, 9))).toBe("there");
  });
});

describe("hostile snapshots", () => {
  it("bad FIFO records are refused in one line naming the field", () => {
    const { k, p: a } = bareKernel();
    const b = spawn(k, a);
    mkfifo(k, a, "/tmp/f");
    open(k, b, "/tmp/f", O_RDONLY | O_NONBLOCK);
    const fifo = [...k.state.inodes.values()].find((n) => n.type === "fifo")!.ino;
    const file = [...k.state.inodes.values()].find((n) => n.type === "dir")!.ino;
    const pipeId = [...k.state.pipes.keys()][0]!;
    const bad = (f: (s: KernelState) => void, what: RegExp) => {
      const s = clone(KernelState, k.state);
      f(s);
      let message = "";
      try {
        Kernel.fromState(CONFIG, s);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(what);
      expect(message).not.toContain("\n");
    };
    bad((s) => (s.pipes.get(pipeId)!.fifo = 99999), /pipes\[\d+\]\.fifo.*does not exist/);
    bad((s) => (s.pipes.get(pipeId)!.fifo = file), /pipes\[\d+\]\.fifo.*not a FIFO/);
    bad((s) => {
      s.inodes.get(fifo)!.size = 10;
    }, /inodes\[\d+\]\.size.*FIFO keeps its bytes in its pipe/);
    bad((s) => {
      s.inodes.get(fifo)!.opens = 0;
    }, /inodes\[\d+\]\.opens/); // its pipe holds it open
    bad((s) => {
      const q = s.procs.get(a.pid)!;
      q.state = "sleeping";
      q.chan = { kind: "fifo", ino: file, end: "w" };
    }, /chan.*not a FIFO/);
    bad((s) => {
      const second = { ...s.pipes.get(pipeId)!, id: 77, readers: 1 };
      s.pipes.set(77, second);
      const f = [...s.openFiles.values()][0]!;
      s.openFiles.set(9999, { ...f, id: 9999, refs: 1, target: { kind: "pipeRead", pipe: 77 } });
      s.procs.get(a.pid)!.fds[20] = { file: 9999, cloexec: false };
      s.inodes.get(fifo)!.opens++;
    }, /already serves|opens/);
  });
});

// ---- the model ----

type End = "r" | "w";
type Actor = { kind: "idle" } | { kind: "waiting"; end: End } | { kind: "open"; end: End | "rw"; fd: number; nonblock: boolean };
type Op =
  | { op: "open"; who: number; end: End | "rw"; nonblock: boolean }
  | { op: "write"; who: number; n: number }
  | { op: "read"; who: number; n: number }
  | { op: "close"; who: number }
  | { op: "signal"; who: number }
  | { op: "checkpoint" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("open" as const), who: fc.nat(2), end: fc.constantFrom("r" as const, "w" as const, "rw" as const), nonblock: fc.boolean() }),
  fc.record({ op: fc.constant("write" as const), who: fc.nat(2), n: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ op: fc.constant("read" as const), who: fc.nat(2), n: fc.integer({ min: 1, max: 2000 }) }),
  fc.record({ op: fc.constant("close" as const), who: fc.nat(2) }),
  fc.record({ op: fc.constant("signal" as const), who: fc.nat(2) }),
  fc.constant({ op: "checkpoint" as const }),
);

describe("FIFO model (fast-check)", () => {
  it("random opens, writes, reads, closes, signals and checkpoints over three processes match a model", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 120, size: "max" }), (ops) => {
        let { k, p: first } = bareKernel();
        const pids = [first.pid, spawn(k, first).pid, spawn(k, first).pid];
        for (const pid of pids) k.state.procs.get(pid)!.sigActions[SIGPIPE]!.handler = 1; // SIG_IGN
        expect(mkfifo(k, first, "/tmp/f")).toBe(0);
        const proc = (i: number) => k.state.procs.get(pids[i]!)!;
        const actors: Actor[] = [{ kind: "idle" }, { kind: "idle" }, { kind: "idle" }];
        let buf: number[] = [];
        let seq = 0;
        // an O_RDWR opener counts as a reader and a writer
        const count = (end: End, kind: "open" | "waiting") => actors.filter((a) => a.kind === kind && (a.end === end || a.end === "rw")).length;
        /** Waiting openers of `end` complete (their partner opened). */
        const completeWaiting = (end: End) => {
          actors.forEach((a, i) => {
            if (a.kind !== "waiting" || a.end !== end) return;
            const fd = completed(proc(i));
            expect(fd).toBeTypeOf("number");
            expect(fd as number).toBeGreaterThanOrEqual(0);
            actors[i] = { kind: "open", end, fd: fd as number, nonblock: false };
          });
        };
        for (const o of ops) {
          if (o.op === "checkpoint") {
            k = restore(checkpoint(k)).kernel;
            continue;
          }
          const a = actors[o.who]!;
          const p = proc(o.who);
          if (o.op === "open" && o.end === "rw") {
            if (a.kind !== "idle") continue;
            const r = open(k, p, "/tmp/f", O_RDWR | (o.nonblock ? O_NONBLOCK : 0));
            expect(r).toBeTypeOf("number");
            expect(r as number).toBeGreaterThanOrEqual(0); // never waits
            actors[o.who] = { kind: "open", end: "rw", fd: r as number, nonblock: o.nonblock };
            completeWaiting("r");
            completeWaiting("w");
          } else if (o.op === "open") {
            if (a.kind !== "idle") continue;
            const end: End = o.end === "r" ? "r" : "w";
            const other: End = end === "r" ? "w" : "r";
            const partners = count(other, "open") + count(other, "waiting");
            const r = open(k, p, "/tmp/f", (o.end === "r" ? O_RDONLY : O_WRONLY) | (o.nonblock ? O_NONBLOCK : 0));
            if (partners === 0 && !(o.end === "r" && o.nonblock)) {
              if (o.nonblock) expect(r).toBe(ENXIO);
              else {
                expect(r).toBe("blocked");
                actors[o.who] = { kind: "waiting", end };
              }
              continue;
            }
            expect(r).toBeTypeOf("number");
            expect(r as number).toBeGreaterThanOrEqual(0);
            actors[o.who] = { kind: "open", end: o.end, fd: r as number, nonblock: o.nonblock };
            completeWaiting(other);
          } else if (o.op === "write") {
            if (a.kind !== "open" || a.end === "r") continue;
            const data = Uint8Array.from({ length: o.n }, () => seq++ & 0xff);
            if (count("r", "open") === 0) {
              expect(write(k, p, a.fd, data)).toBe(EPIPE);
              p.sigPending = 0;
              continue;
            }
            if (buf.length + o.n > 4096) {
              if (a.nonblock) expect(write(k, p, a.fd, data)).toBe(EAGAIN);
              seq -= o.n;
              continue; // a blocking write would wait: not a step of this model
            }
            expect(write(k, p, a.fd, data)).toBe(o.n);
            buf = buf.concat([...data]);
          } else if (o.op === "read") {
            if (a.kind !== "open" || a.end === "w") continue;
            if (buf.length === 0 && count("w", "open") > 0) {
              if (a.nonblock) expect(read(k, p, a.fd, o.n)).toBe(EAGAIN);
              continue;
            }
            const got = read(k, p, a.fd, o.n) as Uint8Array;
            const want = buf.slice(0, o.n);
            buf = buf.slice(want.length);
            expect([...got]).toEqual(want);
          } else if (o.op === "close") {
            if (a.kind !== "open") continue;
            expect(call(k, p, SYS.close, a.fd)).toBe(0);
            actors[o.who] = { kind: "idle" };
            if (count("r", "open") === 0 && count("w", "open") === 0) buf = []; // the pipe goes, unread bytes with it
          } else if (o.op === "signal") {
            if (a.kind !== "waiting") continue;
            p.sigActions[SIGUSR1] = { handler: 0x60000004, flags: 0, mask: 0, restorer: 0 };
            sendSignal(k, p.pid, SIGUSR1, false);
            deliverSignals(k, p);
            expect(p.state).toBe("runnable");
            p.sigMask = 0; // as the handler's sigreturn would
            p.hart.x[2] = SCRATCH + 0x4000; // and its stack back
            prepareForCalls(k, p);
            actors[o.who] = { kind: "idle" };
          }
        }
        // The kernel's pipe matches the model's: present exactly while an end is open, with its bytes.
        const pipes = [...k.state.pipes.values()];
        const open_ = actors.some((a) => a.kind === "open");
        expect(pipes.length).toBe(open_ ? 1 : 0);
        if (open_) {
          expect([...pipes[0]!.buf]).toEqual(buf);
          expect(pipes[0]!.readers).toBe(count("r", "open"));
          expect(pipes[0]!.writers).toBe(count("w", "open"));
        }
        restore(checkpoint(k)); // sound at the end too
      }),
      { numRuns: process.env.CRYOBOX_LONG === "1" ? 500 : 60 },
    );
  });
});
