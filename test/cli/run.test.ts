// `cryobox run` itself: command-line parsing (options before FILE, everything
// after it untouched), messages and statuses for bad files, faults, limits and
// broken pipes, the seed, fork/pipes/exec on the kernel with the userland's
// /bin, determinism, and host stdin through a real non-blocking pipe. The
// system calls themselves are the kernel's (test/kernel/).

import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bufferIO } from "../../cli/run-buffers.js";
import { hostStdio } from "../../cli/run-host.js";
import type { HostIO } from "../../kernel/kernel.js";
import { parseRunArgs, type RunHost, runProgram, runWithHost } from "../../cli/run.js";
import { defaultImage } from "../../machine/host-image.js";
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
function testHost(files: Record<string, Uint8Array>, io: HostIO = bufferIO().io, withBin = false) {
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
    rootfs: withBin ? defaultImage : undefined,
  };
  return { host, log };
}

const hello = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/hello")));

describe("command line", () => {
  it("takes options before FILE and passes everything after FILE unchanged", () => {
    const p = parseRunArgs(["--stats", "--max-instructions=100", "--env", "A=1", "prog", "--stats", "-x", "", "--", "--help"]);
    expect(p).toEqual({ kind: "run", file: "prog", args: ["--stats", "-x", "", "--", "--help"], env: ["A=1"], argv0: undefined, max: 100, stats: true, seed: 1 });
    expect(parseRunArgs(["--kernel", "prog"])).toEqual({ kind: "run", file: "prog", args: [], env: [], argv0: undefined, max: undefined, stats: false, seed: 1 }); // old option, no effect
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
    // Two instructions retire; the ecall traps into the kernel, which charges it one tick.
    const r = run(exitWith(3), ["--stats"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /^cryobox run: 2 instructions retired, virtual time 3 ticks \(0\.00000003 s\), host time [\d.]+ s, [\d.]+ MIPS\ncryobox run: 0 misaligned accesses emulated, \d+ pages translated, \d+ dropped, \d+ instructions in translated code\n$/,
    );
    // a misaligned load is emulated (as Linux does) and counted; --no-jit says the translator is off
    const m = run([lui(R.t0, 0x10), lw(R.t1, R.t0, 2), ...exitWith(0)], ["--stats", "--no-jit"]);
    expect(m.status).toBe(0);
    expect(m.stderr).toMatch(/\ncryobox run: 1 misaligned accesses emulated, translator off\n$/);
  });

  it("faults become signals with one line naming signal, pc and address or instruction", () => {
    // a misaligned atomic is not emulated (misaligned loads and stores are: see --stats above)
    const amo = (0x00b2a2af | (R.t0 << 15)) >>> 0; // amoadd.w t0?, a1, (t0): funct5 0, rd 5
    const misaligned = run([lui(R.t0, 0x10), addi(R.t0, R.t0, 2), amo, ...exitWith(0)]);
    expect(misaligned.status).toBe(128 + 7);
    expect(misaligned.stderr).toBe("cryobox run: p: killed by SIGBUS at pc 0x0001005c: misaligned store at 0x00010002\n");
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

  it("a program that waits for itself forever stops with status 124", () => {
    // It reads from a pipe whose only write end it holds itself.
    const code = [addi(R.sp, R.sp, -16), addi(R.a0, R.sp, 0), addi(R.a1, 0, 0), addi(R.a7, 0, 59), ECALL, // pipe2(sp, 0)
      lw(R.a0, R.sp, 0), addi(R.a1, R.sp, 8), addi(R.a2, 0, 1), addi(R.a7, 0, 63), ECALL, ...exitWith(0)]; // read(rfd, sp+8, 1)
    const r = run(code);
    expect(r.status).toBe(124);
    expect(r.stderr).toBe("cryobox run: p: stopped: no process can run and no timer is pending\n");
  });

  it("a write to a closed pipe kills the guest quietly with SIGPIPE", () => {
    const buf = bufferIO(new Uint8Array(0), true);
    const code = [addi(R.a0, 0, 1), lui(R.a1, 0x10), addi(R.a2, 0, 4), addi(R.a7, 0, 64), ECALL, ...exitWith(0)];
    const r = run(code, [], buf.io);
    expect(r.status).toBe(128 + 13);
    expect(r.stderr).toBe("");
  });
});

describe("the kernel behind run", () => {
  it("getrandom (and AT_RANDOM, from the same generator) is deterministic for a seed and differs between seeds", () => {
    // getrandom(sp, 16, 0); write(1, sp, 16); exit(0)
    const code = [addi(R.sp, R.sp, -32), addi(R.a0, R.sp, 0), addi(R.a1, 0, 16), addi(R.a2, 0, 0), addi(R.a7, 0, 278), ECALL,
      addi(R.a0, 0, 1), addi(R.a1, R.sp, 0), addi(R.a2, 0, 16), addi(R.a7, 0, 64), ECALL, ...exitWith(0)];
    const bytes = (seed?: number): string => {
      const buf = bufferIO();
      const { host } = testHost({ p: tinyElf(code) }, buf.io);
      expect(runWithHost([...(seed === undefined ? [] : ["--seed", String(seed)]), "p"], host)).toBe(0);
      expect(buf.stdout().length).toBe(16);
      return Buffer.from(buf.stdout()).toString("hex");
    };
    expect(bytes(7)).toBe(bytes(7));
    expect(bytes(7)).not.toBe(bytes(8));
    expect(bytes()).toBe(bytes(1));
  });

  it("with the userland as /bin, the shell forks, pipes and execs: sh -c 'echo hi | wc -c'", () => {
    const buf = bufferIO();
    const sh = new Uint8Array(readFileSync(join(packageRoot(), "user/bin/sh")));
    const { host, log } = testHost({ "user/bin/sh": sh }, buf.io, true);
    expect(runWithHost(["user/bin/sh", "-c", "echo hi | wc -c; uname -s"], host)).toBe(0);
    expect(log.stderr).toBe("");
    expect(new TextDecoder().decode(buf.stdout()).replace(/ +/g, "")).toBe("3\nLinux\n");
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
        const end = runProgram(tinyElf(code), { argv: ["p"], envp: [], maxInstructions: 5000 }, bufferIO(new Uint8Array(50)).io);
        expect(["exit", "signal", "limit", "deadlock"]).toContain(end.kind);
        expect(end.instret).toBeLessThanOrEqual(5000);
        expect(end.ticks).toBeLessThanOrEqual(5000);
      }),
      { numRuns: 200 },
    );
  });
});

describe("determinism", () => {
  it("the same program and input give the same instructions, ticks and output", () => {
    const prog = new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/malloc")));
    const once = () => {
      const buf = bufferIO();
      const end = runProgram(prog, { argv: ["malloc"], envp: [] }, buf.io);
      return { end, out: new TextDecoder().decode(buf.stdout()) };
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
