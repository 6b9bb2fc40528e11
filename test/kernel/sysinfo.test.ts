// System information calls and files (kernel/sys-sysinfo.ts, sys-statfs.ts, loadavg.ts,
// procfs-sys.ts) by hand-made system calls on a bare kernel: sysinfo's figures, sethostname's
// rules and uname, statfs64 from tmpfs's accounting, /proc/meminfo, mounts, uptime and loadavg in
// Linux's formats; the load average follows Linux's recurrence, is the same however a run is cut,
// and survives a checkpoint; old snapshots get the old name; hostile records are refused.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, CONFIG, prepareForCalls, SCRATCH, text } from "./helpers.js";
import { Kernel } from "../../kernel/kernel.js";
import { KernelState, type ProcState } from "../../kernel/state.js";
import { allocPid, forkProc } from "../../kernel/proc.js";
import { calcLoad, FIXED_1, LOAD_PERIOD } from "../../kernel/loadavg.js";
import { checkpoint, restore } from "../../snapshot/checkpoint.js";
import { clone } from "../../state/index.js";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";

const SYS = { statfs: 43, fstatfs: 44, openat: 56, close: 57, read: 63, write: 64, pipe2: 59, sync: 81, uname: 160, sethostname: 161, sysinfo: 179, syncfs: 267 };
const EPERM = -1, EFAULT = -14, EBADF = -9, EINVAL = -22;
const OUT = SCRATCH + 0x2000;
const SECOND = 100_000_000;

function sysinfo(k: Kernel, p: ProcState) {
  expect(call(k, p, SYS.sysinfo, OUT)).toBe(0);
  const dv = new DataView(k.mem(p).copyIn(OUT, 64)!.buffer);
  const u = (o: number) => dv.getUint32(o, true);
  return { uptime: u(0), loads: [u(4), u(8), u(12)], totalram: u(16), freeram: u(20), shared: u(24), swap: u(32), procs: dv.getUint16(40, true), unit: u(52) };
}
function nodename(k: Kernel, p: ProcState): string {
  expect(call(k, p, SYS.uname, OUT)).toBe(0);
  const b = k.mem(p).copyIn(OUT + 65, 65)!;
  return text(b.subarray(0, b.indexOf(0)));
}
function statfs(k: Kernel, p: ProcState, path: string) {
  const r = call(k, p, SYS.statfs, path, 88, OUT);
  if (r !== 0) return r as number;
  const dv = new DataView(k.mem(p).copyIn(OUT, 88)!.buffer);
  const big = (o: number) => Number(dv.getBigUint64(o, true));
  return { type: dv.getUint32(0, true), bsize: dv.getUint32(4, true), blocks: big(8), bfree: big(16), bavail: big(24), files: big(32), ffree: big(40), namelen: dv.getUint32(56, true), flags: dv.getUint32(64, true) };
}
function readFile(k: Kernel, p: ProcState, path: string): string {
  const fd = call(k, p, SYS.openat, -100, path, 0, 0) as number;
  expect(fd).toBeGreaterThanOrEqual(0);
  let out = "";
  for (;;) {
    const n = call(k, p, SYS.read, fd, OUT, 4096) as number;
    if (n <= 0) break;
    out += text(k.mem(p).copyIn(OUT, n)!);
  }
  call(k, p, SYS.close, fd);
  return out;
}
/** A process spinning in user mode (the scratch page's jump-to-self). */
function spinner(k: Kernel, p: ProcState): ProcState {
  const q = forkProc(k, p, allocPid(k));
  prepareForCalls(k, q);
  q.hart.pc = 0x60000004;
  return q;
}

describe("sysinfo", () => {
  it("uptime (rounded up), RAM = the memory limit in bytes, free pages, processes, no swap", () => {
    const { k, p } = bareKernel();
    sysinfo(k, p); // the first call's copy-out may take the scratch page the second one reports
    const s0 = sysinfo(k, p);
    expect(s0.uptime).toBe(0);
    expect(s0.unit).toBe(1);
    expect(s0.totalram).toBe(CONFIG.memoryLimit);
    expect(s0.freeram).toBe(k.pageStore.free * 4096);
    expect(s0.freeram).toBeLessThan(s0.totalram);
    expect(s0.swap).toBe(0);
    expect(s0.procs).toBe(1);
    spinner(k, p);
    k.state.clock = 3 * SECOND + 1;
    const s1 = sysinfo(k, p);
    expect(s1.uptime).toBe(4); // Linux rounds a part of a second up
    expect(s1.procs).toBe(2);
    expect(call(k, p, SYS.sysinfo, 0x10)).toBe(EFAULT);
  });

  it("sync is 0; syncfs wants an open fd", () => {
    const { k, p } = bareKernel();
    expect(call(k, p, SYS.sync)).toBe(0);
    expect(call(k, p, SYS.syncfs, 9)).toBe(EBADF);
    const fd = call(k, p, SYS.openat, -100, "/tmp", 0, 0) as number;
    expect(call(k, p, SYS.syncfs, fd)).toBe(0);
  });
});

describe("sethostname and uname", () => {
  it("root sets the name (≤ 64 bytes), others get EPERM; uname shows it; a checkpoint keeps it", () => {
    const { k, p } = bareKernel();
    expect(nodename(k, p)).toBe("cryobox");
    expect(call(k, p, SYS.sethostname, "box2", 4)).toBe(0);
    expect(nodename(k, p)).toBe("box2");
    expect(call(k, p, SYS.sethostname, "x".repeat(65), 65)).toBe(EINVAL);
    expect(call(k, p, SYS.sethostname, "x".repeat(64), 64)).toBe(0);
    expect(nodename(k, p)).toBe("x".repeat(64));
    expect(call(k, p, SYS.sethostname, "ab\0cd", 5)).toBe(0);
    expect(nodename(k, p)).toBe("ab");
    expect(call(k, p, SYS.sethostname, 0x10, 3)).toBe(EFAULT);
    p.posix.creds.euid = 1000;
    expect(call(k, p, SYS.sethostname, "evil", 4)).toBe(EPERM);
    expect(call(k, p, SYS.sethostname, "x".repeat(65), 65)).toBe(EPERM); // privilege first, as Linux
    p.posix.creds.euid = 0;
    call(k, p, SYS.sethostname, "after-restore", 13);
    const k2 = restore(checkpoint(k)).kernel;
    expect(nodename(k2, k2.state.procs.get(1)!)).toBe("after-restore");
  });

  it("a snapshot written before sethostname existed restores with the old name and no load", () => {
    const m = Machine.restore(new Uint8Array(readFileSync(join(packageRoot(), "test/snapshot/fixtures/release/v0.1.0-shell.ckpt"))));
    expect(text(m.kernel.state.hostname)).toBe("cryobox");
    expect([m.kernel.state.load1, m.kernel.state.load5, m.kernel.state.load15]).toEqual([0, 0, 0]);
  });

  it("hostile records are refused in one line: a name over 64 bytes or with a NUL, an impossible load", () => {
    const { k } = bareKernel();
    const bad = (f: (s: KernelState) => void, what: RegExp) => {
      const s = clone(KernelState, k.state);
      f(s);
      expect(() => Kernel.fromState(CONFIG, s)).toThrow(what);
    };
    bad((s) => (s.hostname = new Uint8Array(3).fill(0x61).map((c, i) => (i === 1 ? 0 : c))), /hostname.*NUL/);
    bad((s) => (s.load5 = 0xffffffff), /load5/);
    bad((s) => (s.loadNext = s.clock + 10 * LOAD_PERIOD), /loadNext/);
  });
});

describe("statfs64", () => {
  it("tmpfs: the limit and the blocks files hold, inodes from the table; /proc; a wrong size is EINVAL", () => {
    const { k, p } = bareKernel();
    const before = statfs(k, p, "/tmp");
    if (typeof before === "number") throw new Error(`statfs ${before}`);
    expect(before.type).toBe(0x01021994);
    expect(before.bsize).toBe(4096);
    expect(before.blocks).toBe((64 << 20) / 4096);
    expect(before.bavail).toBe(before.bfree);
    expect(before.files).toBe(8192);
    expect(before.ffree).toBe(8192 - k.state.inodes.size);
    expect(before.namelen).toBe(255);
    const fd = call(k, p, SYS.openat, -100, "/tmp/big", 0o101, 0o644) as number; // O_WRONLY|O_CREAT
    k.mem(p).poke(OUT, new Uint8Array(10_000).fill(7));
    expect(call(k, p, SYS.write, fd, OUT, 10_000)).toBe(10_000);
    const after = statfs(k, p, "/tmp/big");
    if (typeof after === "number") throw new Error(`statfs ${after}`);
    expect(before.bfree - after.bfree).toBe(3); // 10,000 bytes hold three 4 KiB blocks
    expect(before.ffree - after.ffree).toBe(1);
    const proc = statfs(k, p, "/proc/self");
    expect(typeof proc === "number" ? proc : [proc.type, proc.blocks]).toEqual([0x9fa0, 0]);
    expect(call(k, p, SYS.statfs, "/tmp", 84, OUT)).toBe(EINVAL);
    expect(statfs(k, p, "/nonexistent")).toBe(-2);
    // fstatfs64: the fd's file system; a pipe is pipefs
    expect(call(k, p, SYS.fstatfs, fd, 88, OUT)).toBe(0);
    expect(new DataView(k.mem(p).copyIn(OUT, 4)!.buffer).getUint32(0, true)).toBe(0x01021994);
    expect(call(k, p, SYS.pipe2, OUT + 0x100, 0)).toBe(0);
    const rfd = new DataView(k.mem(p).copyIn(OUT + 0x100, 4)!.buffer).getInt32(0, true);
    expect(call(k, p, SYS.fstatfs, rfd, 88, OUT)).toBe(0);
    expect(new DataView(k.mem(p).copyIn(OUT, 4)!.buffer).getUint32(0, true)).toBe(0x50495045);
    expect(call(k, p, SYS.fstatfs, 40, 88, OUT)).toBe(EBADF);
  });
});

describe("/proc machine files", () => {
  it("meminfo, mounts, uptime and loadavg in Linux's formats", () => {
    const { k, p } = bareKernel();
    k.state.clock = 125 * SECOND + 37 * (SECOND / 100) + 5;
    const mi = readFile(k, p, "/proc/meminfo");
    expect(mi).toMatch(/^MemTotal: {10}65536 kB\nMemFree: +\d+ kB\nMemAvailable: +\d+ kB\nBuffers: +0 kB\nCached: +0 kB\nSwapTotal: +0 kB\nSwapFree: +0 kB\n$/);
    expect(mi.split("\n")[0]!.length).toBe("MemTotal:       ".length + 8 + 3);
    expect(readFile(k, p, "/proc/mounts")).toBe("tmpfs / tmpfs rw 0 0\nproc /proc proc rw,nosuid,nodev,noexec 0 0\n");
    expect(readFile(k, p, "/proc/self/mounts")).toBe(readFile(k, p, "/proc/mounts"));
    expect(readFile(k, p, "/proc/uptime")).toBe("125.37 0.00\n");
    k.state.load1 = 2 * FIXED_1 + FIXED_1 / 2; // 2.50
    k.state.load5 = 1; // rounds to 0.00
    k.state.load15 = FIXED_1 / 4; // 0.25
    expect(readFile(k, p, "/proc/loadavg")).toBe("2.50 0.00 0.25 1/1 1\n");
  });
});

describe("load average", () => {
  it("follows Linux's recurrence on the runnable count, sampled every 5 s of virtual time", () => {
    const { k, p } = bareKernel();
    p.hart.pc = 0x60000004;
    spinner(k, p); // two processes runnable all the time
    k.run(30 * SECOND + 1);
    let want = [0, 0, 0];
    for (let i = 0; i < 6; i++) want = want.map((l, j) => calcLoad(l, [1884, 2014, 2037][j]!, 2 * FIXED_1));
    expect([k.state.load1, k.state.load5, k.state.load15]).toEqual(want);
    expect(k.state.loadNext).toBe(35 * SECOND);
    expect(sysinfo(k, p).loads).toEqual(want.map((l) => l * 32)); // sysinfo scales by 2^16
  });

  it("the same however the run is cut, and across checkpoints", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 * SECOND }), { minLength: 3, maxLength: 5 }), fc.boolean(), (cuts, viaSnapshot) => {
        const build = () => {
          const { k, p } = bareKernel();
          p.hart.pc = 0x60000004;
          spinner(k, p);
          return k;
        };
        const total = cuts.reduce((a, b) => a + b, 0);
        const whole = build();
        whole.run(total);
        let pieces = build();
        for (const c of cuts) {
          pieces.run(c);
          if (viaSnapshot) pieces = restore(checkpoint(pieces)).kernel;
        }
        const s = (k: Kernel) => [k.state.clock, k.state.load1, k.state.load5, k.state.load15, k.state.loadNext];
        expect(s(pieces)).toEqual(s(whole));
      }),
      { numRuns: 8 },
    );
  });

  it("a sample falls on its own tick: a process waking 500 ticks later is not counted, however the run is cut", () => {
    const build = () => {
      const { k, p } = bareKernel();
      p.hart.pc = 0x60000004; // spins: runnable all along
      const q = spinner(k, p);
      k.mem(q).poke(OUT, new Uint8Array(new Int32Array([5, 5000]).buffer)); // 5 s + 500 ticks
      expect(call(k, q, 101, OUT, 0)).toBe("blocked"); // nanosleep; then it spins
      return k;
    };
    const whole = build();
    whole.run(5 * SECOND + 1000);
    const cut = build();
    cut.run(5 * SECOND + 100);
    cut.run(900);
    const one = calcLoad(0, 1884, FIXED_1);
    expect(whole.state.load1).toBe(one);
    expect(cut.state.load1).toBe(one);
    expect(whole.state.procs.get(2)!.state).toBe("runnable"); // it did wake
  });

  it("decays to 0 while nothing runs (periods slept through are caught up)", () => {
    const { k, p } = bareKernel();
    p.hart.pc = 0x60000004;
    k.run(20 * SECOND);
    const busy = k.state.load1;
    expect(busy).toBeGreaterThan(0);
    p.state = "sleeping";
    p.chan = { kind: "timer", pid: p.pid };
    k.state.timers.push({ time: k.state.clock + 600 * SECOND, kind: "wake", target: p.pid });
    k.run(601 * SECOND); // the clock jumps to the timer
    expect(k.state.load1).toBeLessThan(busy);
    expect(k.state.load1).toBe(0);
  });
});
