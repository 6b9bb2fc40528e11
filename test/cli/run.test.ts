// `cryobox run` itself: command-line parsing (options before FILE, everything
// after it untouched), messages and statuses for bad files, faults, limits and
// broken pipes, the system call layer one call at a time, determinism, and
// host stdin through a real non-blocking pipe.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bufferIO } from "../../cli/run-buffers.js";
import { hostStdio } from "../../cli/run-host.js";
import { newProcess, runProcess } from "../../cli/run-machine.js";
import { type HostIO, type RunProc, SysState, syscall } from "../../cli/run-syscalls.js";
import { HartState } from "../../cpu/hart.js";
import { MemoryState } from "../../cpu/memory.js";
import { assertConforms, encode, sha256Hex, t } from "../../state/index.js";
import { parseRunArgs, type RunHost, runWithHost } from "../../cli/run.js";
import { MMAP_TOP } from "../../cpu/elf.js";
import { packageRoot } from "../../state/root.js";

// ---- a few RV32I encodings, enough for tiny guest programs ----
const R = { zero: 0, ra: 1, sp: 2, t0: 5, t1: 6, a0: 10, a1: 11, a2: 12, a7: 17 };
const iType = (op: number, f3: number, rd: number, rs1: number, imm: number): number => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const addi = (rd: number, rs1: number, imm: number): number => iType(0x13, 0, rd, rs1, imm);
const lui = (rd: number, imm20: number): number => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
const lw = (rd: number, rs1: number, imm: number): number => iType(0x03, 2, rd, rs1, imm);
const sw = (rs2: number, rs1: number, imm: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const ECALL = 0x73;
const LOOP = 0x6f; // jal x0, 0
const exitWith = (status: number): number[] => [addi(R.a0, 0, status), addi(R.a7, 0, 93), ECALL];

/** A one-segment RX executable at 0x10000 holding `code`. */
function tinyElf(code: number[]): Uint8Array {
  const out = new Uint8Array(84 + code.length * 4);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  dv.setUint16(16, 2, true);
  dv.setUint16(18, 243, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, 0x10000 + 84, true);
  dv.setUint32(28, 52, true);
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, 1, true);
  dv.setUint32(52, 1, true); // PT_LOAD, offset 0, vaddr 0x10000
  dv.setUint32(60, 0x10000, true);
  dv.setUint32(68, out.length, true);
  dv.setUint32(72, out.length, true);
  dv.setUint32(76, 5, true); // R X
  code.forEach((w, i) => dv.setUint32(84 + i * 4, w, true));
  return out;
}

/** A RunHost over buffers; files come from `files` (anything else is ENOENT). */
function testHost(files: Record<string, Uint8Array>, io: HostIO = bufferIO().io) {
  const log = { stdout: "", stderr: "" };
  const host: RunHost = {
    io,
    stdout: (t) => (log.stdout += t),
    stderr: (t) => (log.stderr += t),
    readFile: (p) => {
      const f = files[p];
      if (!f) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return f;
    },
    clock: () => 0,
  };
  return { host, log };
}

const hello = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/hello")));

describe("command line", () => {
  it("takes options before FILE and passes everything after FILE unchanged", () => {
    const p = parseRunArgs(["--stats", "--max-instructions=100", "--env", "A=1", "prog", "--stats", "-x", "", "--", "--help"]);
    expect(p).toEqual({ kind: "run", file: "prog", args: ["--stats", "-x", "", "--", "--help"], env: ["A=1"], argv0: undefined, max: 100, stats: true, seed: 1, kernel: false });
    expect(parseRunArgs(["--kernel", "prog"])).toMatchObject({ kind: "run", kernel: true, file: "prog" });
    expect(parseRunArgs(["--", "--weird-name", "a"])).toMatchObject({ kind: "run", file: "--weird-name", args: ["a"] });
    expect(parseRunArgs(["--help", "prog"])).toEqual({ kind: "help" });
  });

  it("rejects bad options with a one-line message and status 2", () => {
    for (const args of [[], ["--bogus", "x"], ["--max-instructions"], ["--max-instructions", "-5", "x"], ["--env", "NOEQUALS", "x"]]) {
      const { host, log } = testHost({});
      expect(runWithHost(args, host)).toBe(2);
      expect(log.stderr).toMatch(/^cryobox run: [^\n]+\n$/);
    }
  });

  it("--help prints usage and succeeds", () => {
    const { host, log } = testHost({});
    expect(runWithHost(["--help"], host)).toBe(0);
    expect(log.stdout).toContain("usage: cryobox run [options] FILE [ARGS...]");
  });

  it("a missing file and a non-ELF file give one line and status 2", () => {
    const { host, log } = testHost({ "notes.txt": new TextEncoder().encode("hello\n") });
    expect(runWithHost(["nope"], host)).toBe(2);
    expect(log.stderr).toBe("cryobox run: nope: no such file\n");
    log.stderr = "";
    expect(runWithHost(["notes.txt"], host)).toBe(2);
    expect(log.stderr).toBe("cryobox run: notes.txt: not an ELF file (magic 68 65 6c 6c)\n");
  });
});

describe("how a guest ends", () => {
  const run = (code: number[], args: string[] = [], io?: HostIO) => {
    const { host, log } = testHost({ p: tinyElf(code) }, io);
    return { status: runWithHost([...args, "p"], host), stderr: log.stderr };
  };

  it("exit status is the guest's status & 0xff", () => {
    expect(run(exitWith(0)).status).toBe(0);
    expect(run(exitWith(42)).status).toBe(42);
    expect(run(exitWith(-1)).status).toBe(255);
    expect(run([addi(R.a0, 0, 300), addi(R.a7, 0, 94), ECALL]).status).toBe(300 & 0xff);
  });

  it("--max-instructions stops a runaway guest with status 124 after exactly N instructions", () => {
    const r = run([LOOP], ["--max-instructions", "12345"]);
    expect(r.status).toBe(124);
    expect(r.stderr).toBe("cryobox run: p: stopped after 12345 instructions (--max-instructions)\n");
  });

  it("--stats reports instructions, virtual time, host time and MIPS", () => {
    const r = run(exitWith(3), ["--stats"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^cryobox run: 3 instructions retired, virtual time 3 ticks \(0\.00000003 s\), host time [\d.]+ s, [\d.]+ MIPS\n$/);
  });

  it("faults become signals with one line naming signal, pc and address or instruction", () => {
    const misaligned = run([addi(R.t0, 0, 0), lui(R.t0, 0x10), lw(R.t1, R.t0, 2), ...exitWith(0)]);
    expect(misaligned.status).toBe(128 + 7);
    expect(misaligned.stderr).toBe("cryobox run: p: killed by SIGBUS at pc 0x0001005c: misaligned load at 0x00010002\n");
    const toText = run([lui(R.t0, 0x10), sw(R.t0, R.t0, 0), ...exitWith(0)]);
    expect(toText.status).toBe(128 + 11);
    expect(toText.stderr).toBe("cryobox run: p: killed by SIGSEGV at pc 0x00010058: store to protected address 0x00010000\n");
    const wild = run([lui(R.t0, 0x60000), lw(R.t1, R.t0, 0)]);
    expect(wild.stderr).toBe("cryobox run: p: killed by SIGSEGV at pc 0x00010058: load from unmapped address 0x60000000\n");
    // jalr ra, 0(sp): jump into the stack, which is not executable
    const fetch = run([iType(0x67, 0, R.ra, R.sp, 0)]);
    expect(fetch.status).toBe(128 + 11);
    expect(fetch.stderr).toMatch(/^cryobox run: p: killed by SIGSEGV at pc 0x7f[0-9a-f]{6}: instruction fetch from protected address 0x7f[0-9a-f]{6}\n$/);
    const ill = run([0xffffffff]);
    expect(ill.status).toBe(128 + 4);
    expect(ill.stderr).toBe("cryobox run: p: killed by SIGILL at pc 0x00010054: illegal instruction 0xffffffff\n");
    const brk = run([0x00100073]);
    expect(brk.status).toBe(128 + 5);
    expect(brk.stderr).toBe("cryobox run: p: killed by SIGTRAP at pc 0x00010054: ebreak\n");
  });

  it("--kernel gives the same statuses and fault lines on the full kernel", () => {
    expect(run(exitWith(42), ["--kernel"]).status).toBe(42);
    const ill = run([0xffffffff], ["--kernel"]);
    expect(ill.status).toBe(128 + 4);
    expect(ill.stderr).toBe("cryobox run: p: killed by SIGILL at pc 0x00010054: illegal instruction 0xffffffff\n");
    const wild = run([lui(R.t0, 0x60000), lw(R.t1, R.t0, 0)], ["--kernel"]);
    expect(wild.stderr).toBe("cryobox run: p: killed by SIGSEGV at pc 0x00010058: load from address 0x60000000\n");
    const loop = run([LOOP], ["--kernel", "--max-instructions", "50000"]);
    expect(loop.status).toBe(124);
  });

  it("a write to a closed pipe kills the guest quietly with SIGPIPE", () => {
    const buf = bufferIO(new Uint8Array(0), true);
    const code = [addi(R.a0, 0, 1), lui(R.a1, 0x10), addi(R.a2, 0, 4), addi(R.a7, 0, 64), ECALL, ...exitWith(0)];
    const r = run(code, [], buf.io);
    expect(r.status).toBe(128 + 13);
    expect(r.stderr).toBe("");
  });
});

describe("system calls", () => {
  /** A fresh process (hello's image) and a way to make one call. */
  function proc(input = new Uint8Array(0)) {
    const buf = bufferIO(input);
    const p = newProcess(hello, { argv: ["hello"], envp: [] });
    const call = (nr: number, ...args: number[]): number => {
      p.hart.x[17] = nr;
      args.forEach((a, i) => (p.hart.x[10 + i] = a | 0));
      const out = syscall(p, buf.io);
      expect(out).toEqual({ kind: "continue" });
      return p.hart.x[10]!;
    };
    return { p, call, buf };
  }
  const scratch = (p: RunProc): number => p.hart.x[2]! - 4096; // inside the stack, below sp

  it("read and write move bytes; EOF reads 0; bad fds and pointers give EBADF / EFAULT", () => {
    const { p, call, buf } = proc(new TextEncoder().encode("abc"));
    const at = scratch(p);
    expect(call(63, 0, at, 100)).toBe(3);
    expect(call(63, 0, at, 100)).toBe(0);
    expect(call(64, 1, at, 3)).toBe(3);
    expect(new TextDecoder().decode(buf.stdout())).toBe("abc");
    expect(call(64, 7, at, 3)).toBe(-9);
    expect(call(64, 1, 0x10, 3)).toBe(-14);
    expect(call(63, 0, 0x10000, 3)).toBe(-14); // read-only text
    expect(call(57, 1)).toBe(0);
    expect(call(64, 1, at, 3)).toBe(-9);
    expect(call(57, 1)).toBe(-9);
  });

  it("writev gathers and readv scatters", () => {
    const { p, call, buf } = proc(new TextEncoder().encode("12345"));
    const at = scratch(p);
    p.mem.copyOut(at, new TextEncoder().encode("hello world"));
    const iov = new Uint32Array([at, 5, at + 5, 6]);
    p.mem.copyOut(at + 64, new Uint8Array(iov.buffer));
    expect(call(66, 1, at + 64, 2)).toBe(11);
    expect(new TextDecoder().decode(buf.stdout())).toBe("hello world");
    expect(call(65, 0, at + 64, 2)).toBe(5);
    expect(new TextDecoder().decode(p.mem.copyIn(at, 11)!)).toBe("12345 world");
    expect(call(66, 1, at + 64, 5000)).toBe(-22);
  });

  it("brk grows and shrinks the heap and refuses to go below its start", () => {
    const { p, call } = proc();
    const start = call(214, 0);
    expect(start).toBe(p.sys.brkStart);
    expect(call(214, start + 10000)).toBe(start + 10000);
    expect(p.mem.store32(start + 9996, 7)).toBe(true);
    expect(call(214, start + 100)).toBe(start + 100);
    expect(p.mem.store32(start + 8192, 7)).toBe(false); // unmapped again
    expect(call(214, start - 4096)).toBe(start + 100);
    expect(call(214, MMAP_TOP + 4096)).toBe(start + 100);
  });

  it("mmap gives zeroed anonymous memory, munmap takes it away, files are refused", () => {
    const { p, call } = proc();
    const a = call(222, 0, 10000, 3, 0x22, -1, 0) >>> 0;
    expect(a % 4096).toBe(0);
    expect(a + 12288).toBeLessThanOrEqual(MMAP_TOP);
    expect(p.mem.copyIn(a, 10000)!.every((b) => b === 0)).toBe(true);
    expect(p.mem.store32(a + 9996, 1)).toBe(true);
    const b = call(222, 0, 4096, 1, 0x22, -1, 0) >>> 0;
    expect(b + 4096).toBeLessThanOrEqual(a);
    expect(p.mem.store32(b, 1)).toBe(false); // PROT_READ only
    expect(call(215, a, 12288)).toBe(0);
    expect(p.mem.load32(a)).toBeNull();
    expect(call(222, 0, 4096, 1, 0x2, 0, 0)).toBe(-19);
    expect(call(222, 0, 0, 3, 0x22, -1, 0)).toBe(-22);
  });

  it("clock_gettime (113 and 403) reads virtual time; clock_nanosleep advances it without host time", () => {
    const { p, call } = proc();
    const at = scratch(p);
    p.sys.ticks = 2 * 100_000_000 + 12345;
    for (const nr of [113, 403]) {
      expect(call(nr, 1, at)).toBe(0);
      expect([p.mem.load32(at), p.mem.load32(at + 4), p.mem.load32(at + 8)]).toEqual([2, 0, 123450]);
    }
    expect(call(403, 99, at)).toBe(-22);
    expect(call(403, 0, 0x10)).toBe(-14);
    p.mem.copyOut(at, new Uint8Array(new Uint32Array([100, 0, 500, 0]).buffer));
    expect(call(407, 1, 0, at, 0)).toBe(0);
    expect(p.sys.ticks).toBe(102 * 100_000_000 + 12345 + 50);
  });

  it("identity, uname, signals stubs, ioctl, openat, unknown numbers", () => {
    const { p, call } = proc();
    const at = scratch(p);
    expect(call(172)).toBe(1);
    expect(call(160, at)).toBe(0);
    expect(p.mem.readCString(at, 65)).toBe("Linux");
    expect(p.mem.readCString(at + 4 * 65, 65)).toBe("riscv32");
    expect(call(134, 2, 0, at, 8)).toBe(0);
    expect(call(134, 0, 0, 0, 8)).toBe(-22);
    expect(call(135, 0, 0, at, 8)).toBe(0);
    expect(call(29, 1, 0x5401, at)).toBe(-25);
    expect(call(29, 9, 0x5401, at)).toBe(-9);
    p.mem.copyOut(at, new TextEncoder().encode("/etc/passwd\0"));
    expect(call(56, -100, at, 0)).toBe(-2);
    expect(call(80, 0, at)).toBe(0);
    expect(p.mem.load32(at + 16)! & 0o170000).toBe(0o100000); // the buffer stdin is a regular file
    expect(call(17, at, 100)).toBe(2);
    expect(p.mem.readCString(at, 10)).toBe("/");
    expect(call(17, at, 1)).toBe(-34);
    expect(call(4095)).toBe(-38);
    expect(call(-1)).toBe(-38);
  });

  it("getrandom and AT_RANDOM are deterministic for a seed and differ between seeds", () => {
    const bytes = (seed: number): number[] => {
      const p = newProcess(hello, { argv: ["x"], envp: [], seed });
      const at = p.hart.x[2]! - 4096;
      p.hart.x[17] = 278;
      p.hart.x[10] = at;
      p.hart.x[11] = 32;
      p.hart.x[12] = 0;
      syscall(p, bufferIO().io);
      expect(p.hart.x[10]).toBe(32);
      return [...p.mem.copyIn(at, 32)!];
    };
    expect(bytes(7)).toEqual(bytes(7));
    expect(bytes(7)).not.toEqual(bytes(8));
  });

  it("no sequence of random system calls throws on the host", () => {
    const nrs = [17, 25, 29, 56, 57, 62, 63, 64, 65, 66, 80, 93, 96, 113, 124, 134, 135, 160, 172, 214, 215, 222, 226, 278, 291, 403, 407, 999];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...nrs), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 6, maxLength: 6 })), { maxLength: 20 }), (calls) => {
        const p = newProcess(hello, { argv: ["x"], envp: [] });
        const io = bufferIO(new Uint8Array(100)).io;
        for (const [nr, args] of calls) {
          p.hart.x[17] = nr;
          args.forEach((a, i) => (p.hart.x[10 + i] = a));
          const out = syscall(p, io);
          if (out.kind === "exit") expect(out.status).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("random programs", () => {
  it("random instruction words (with ecalls among them) end in exit, signal or limit, never a host exception", () => {
    const word = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.constant(ECALL),
      fc.integer({ min: -2048, max: 2047 }).map((imm) => addi(R.a7, 0, imm)),
      fc.integer({ min: -2048, max: 2047 }).map((imm) => addi(R.a0, R.sp, imm)),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), (code) => {
        const end = runProcess(newProcess(tinyElf(code), { argv: ["p"], envp: [] }), bufferIO(new Uint8Array(50)).io, 5000);
        expect(["exit", "signal", "limit"]).toContain(end.kind);
        expect(end.instret).toBeLessThanOrEqual(5000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("determinism", () => {
  it("the same program and input give the same instructions, ticks, output and final state bytes", () => {
    const prog = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/malloc")));
    const Whole = t.struct({ hart: HartState, mem: MemoryState, sys: SysState });
    const once = () => {
      const buf = bufferIO();
      const p = newProcess(prog, { argv: ["malloc"], envp: [] });
      const end = runProcess(p, buf.io);
      const state = { hart: p.hart, mem: p.mem.state, sys: p.sys };
      assertConforms(Whole, state); // everything the process is, is declared plain data
      return { end, out: new TextDecoder().decode(buf.stdout()), digest: sha256Hex(encode(Whole, state)) };
    };
    const a = once();
    const b = once();
    expect(a.end.kind).toBe("exit");
    expect(a).toEqual(b);
  });
});

const haveMkfifo = spawnSync("sh", ["-c", "command -v mkfifo"]).status === 0;
if (!haveMkfifo) console.warn("run.test: mkfifo not available; host pipe test skipped");

describe.skipIf(!haveMkfifo)("host stdio", () => {
  it("reads a regular file to EOF", () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-run-"));
    try {
      writeFileSync(join(dir, "f"), "file bytes");
      const fd = openSync(join(dir, "f"), "r");
      const io = hostStdio();
      expect(new TextDecoder().decode(io.read(fd, 100) as Uint8Array)).toBe("file bytes");
      expect((io.read(fd, 100) as Uint8Array).length).toBe(0);
      expect(io.kind(fd)).toBe("file");
      closeSync(fd);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("waits on a non-blocking pipe that says EAGAIN until data arrives", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-run-"));
    const fifo = join(dir, "fifo");
    try {
      spawnSync("mkfifo", [fifo]);
      const rd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const wr = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK); // keeps the pipe from reading as EOF
      const child = spawn("sh", ["-c", `sleep 0.2; printf late > '${fifo}'`]);
      const exited = new Promise((resolve) => child.on("exit", resolve));
      const got = hostStdio().read(rd, 100);
      expect(new TextDecoder().decode(got as Uint8Array)).toBe("late");
      expect(hostStdio().kind(rd)).toBe("pipe");
      closeSync(wr);
      closeSync(rd);
      await exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
