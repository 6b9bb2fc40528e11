// CPU speed (`npm run bench cpu`): MIPS = instructions retired per second of
// this process's CPU time (steadier than wall time on a shared machine; wall
// time is printed too), with the translator on and off, on:
//  - cpubench (sieve + hash + matmul + div, RV32IM), the program test's guest;
//  - the cpuwork workloads (alu, mem, branch, call, sort, hash), each built for
//    RV32IM and RV32IMAC (bench/fixtures/Makefile), compared with
//    qemu-riscv32 running the very same binary (user+sys CPU time of the
//    child; skipped with a note when qemu is absent);
//  - a shell pipeline inside the full kernel (fork/exec/pipe/wait heavy),
//    which must not get slower with the translator;
//  - a cold start: MIPS of a fresh host process over its first 100 ms, 300 ms
//    and 1 s (bench/fixtures/cold-start.ts, run as a child process).

import { spawnSync } from "node:child_process";
import type { Bench } from "tinybench";
import { clearSharedCode } from "../cpu/jit/cache.js";
import { type CpuOptions, defaultCpuOptions, newCpuStats } from "../cpu/stats.js";
import { runSingleProcess } from "../kernel/run-single.js";
import { defaultImage } from "../machine/host-image.js";
import { CPUBENCH_RESULT, cpubenchElf, loadGuest, runGuest } from "./fixtures/guest.js";

const WORKS = ["alu", "mem", "branch", "call", "sort", "hash"] as const;

/**
 * A task that runs `body` (returning instructions retired) and prints MIPS per CPU second and per
 * wall second over all its runs, and the median run's MIPS per CPU second (the warm figure: the
 * mean also holds the runs V8 spent re-optimising, which on a loaded host can be several).
 */
function mipsTask(bench: Bench, name: string, body: () => number, results: Map<string, number>): void {
  let instructions = 0;
  let ms = 0;
  let cpuUs = 0;
  let perRun: number[] = [];
  bench.add(
    name,
    () => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const n = body();
      const c = process.cpuUsage(c0);
      instructions += n;
      cpuUs += c.user + c.system;
      perRun.push(n / (c.user + c.system));
      ms += performance.now() - t0;
    },
    {
      beforeAll: () => {
        instructions = 0;
        ms = 0;
        cpuUs = 0;
        perRun = [];
      },
      afterAll: (mode) => {
        if (mode !== "run") return;
        const cpu = instructions / cpuUs;
        const median = [...perRun].sort((a, b) => a - b)[perRun.length >> 1]!;
        results.set(name, median);
        console.log(
          `${name}: ${cpu.toFixed(1)} MIPS per CPU second, ${(instructions / ms / 1000).toFixed(1)} MIPS wall ` +
            `(${instructions} instructions in ${perRun.length} runs); median run ${median.toFixed(1)} MIPS per CPU second`,
        );
      },
    },
  );
}

/** Instructions one run of an ELF retires, and its exit status (the translator does not change either). */
function runElf(elf: Uint8Array, opts: CpuOptions): { retired: number; status: number } {
  const { hart, mem } = loadGuest(elf);
  const r = runGuest(hart, mem, 10_000_000, opts);
  return { retired: r.retired, status: r.status >>> 0 };
}

/** qemu-riscv32's CPU seconds (user + sys) for one run of `file`, or null without qemu. */
function qemuSeconds(file: string): number | null {
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S", "qemu-riscv32", file], { encoding: "utf8" });
  if (r.error || r.status === null) return null;
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr.trim());
  return m ? Number(m[1]) + Number(m[2]) : null;
}

function fixture(name: string): string {
  return new URL(`../../bench/fixtures/${name}`, import.meta.url).pathname;
}

/**
 * MIPS of a fresh host process over its first 100 ms, 300 ms and 1 s of CPU time and over the
 * whole run of `file` (bench/fixtures/cold-start.ts in a child process), or null if it failed.
 */
function coldStart(file: string, mode: "jit" | "interp"): number[] | null {
  const script = new URL("./fixtures/cold-start.js", import.meta.url).pathname;
  const r = spawnSync(process.execPath, [script, file, mode], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const { points } = JSON.parse(r.stdout) as { points: [number, number][] };
  const at = (ms: number): number => {
    const p = points.find(([t]) => t >= ms) ?? points[points.length - 1]!;
    return p[1] / p[0] / 1000;
  };
  return [at(100), at(300), at(1000), at(Infinity)];
}

/** The shell pipeline workload: /bin/sh runs a loop of fork/exec/pipe/wait; returns virtual ticks. */
function pipeline(jit: boolean): number {
  const sh = defaultImage().find((f) => f.path === "/bin/sh");
  if (!sh) throw new Error("no /bin/sh in the image");
  const saved = defaultCpuOptions.jit;
  defaultCpuOptions.jit = jit;
  try {
    const io = {
      read: () => new Uint8Array(0),
      write: (_fd: number, b: Uint8Array) => b.length,
      kind: () => "pipe" as const,
      size: () => 0,
    };
    const script = "for i in 1 2 3 4 5 6 7 8 9 10; do echo hello world | cat | wc -c > /dev/null; done";
    const r = runSingleProcess(sh.data, ["sh", "-c", script], [], io, { rootfs: defaultImage() });
    if (r.kind !== "exit" || r.status !== 0) throw new Error(`pipeline workload ended with ${JSON.stringify(r)}`);
    return r.ticks;
  } finally {
    defaultCpuOptions.jit = saved;
  }
}

export function addBenchmarks(bench: Bench): void {
  // Each task runs a whole guest program (up to 160 M instructions; seconds in the interpreter), so
  // two warm-up runs are plenty: the default 16 made this file take half an hour on a loaded host.
  // (bench/run.ts makes one Bench per file; the fields are plain data, typed readonly)
  Object.assign(bench, { warmupIterations: 2, warmupTime: 0 });
  const results = new Map<string, number>();
  const jit: CpuOptions = { jit: true, stats: newCpuStats() };
  const interp: CpuOptions = { jit: false, stats: newCpuStats() };

  const cpubench = cpubenchElf();
  for (const [label, opts] of [["jit", jit], ["interp", interp]] as const) {
    mipsTask(bench, `cpubench ${label}`, () => {
      const r = runElf(cpubench, opts);
      if (r.status !== CPUBENCH_RESULT) throw new Error(`cpubench computed ${r.status}, expected ${CPUBENCH_RESULT}`);
      return r.retired;
    }, results);
  }

  const qemu: string[] = [];
  const qemuMips = new Map<string, number>();
  for (const w of WORKS) {
    for (const isa of ["rv32im", "rv32imac"] as const) {
      const file = `work-${w}-${isa}.elf`;
      const elf = cpubenchElf(file);
      const ref = runElf(elf, interp);
      for (const [label, opts] of [["jit", jit], ["interp", interp]] as const) {
        if (label === "interp" && isa === "rv32imac") continue; // the interpreter's ISA comparison adds little
        mipsTask(bench, `${w} ${isa} ${label}`, () => {
          const r = runElf(elf, opts);
          if (r.status !== ref.status || r.retired !== ref.retired) throw new Error(`${file}: translator and interpreter disagree`);
          return r.retired;
        }, results);
      }
      const s = qemuSeconds(fixture(file));
      if (s === null) qemu.push(`${file}: qemu-riscv32 not available`);
      else {
        qemuMips.set(`${w} ${isa}`, ref.retired / s / 1e6);
        qemu.push(`${file}: ${ref.retired} instructions; qemu-riscv32 ${s.toFixed(2)} CPU s = ${(ref.retired / s / 1e6).toFixed(0)} MIPS`);
      }
    }
  }

  // One run first, so that V8's compiling of the kernel is not charged to whichever runs first; then
  // with and without the translator alternately in one task (two tasks one after the other measured
  // V8's warming of the kernel and of the dispatcher's path as a difference between them).
  let ticks = pipeline(false);
  const pipeMs = { jit: [] as number[], interp: [] as number[] };
  let first = true;
  bench.add("shell pipeline ×10 (fork/exec/pipe/wait), translator on and off alternately", () => {
    first = !first; // which goes first alternates too (the second pays the first's garbage collection)
    for (const on of [first, !first]) {
      const c0 = process.cpuUsage();
      ticks = pipeline(on);
      const c = process.cpuUsage(c0);
      pipeMs[on ? "jit" : "interp"].push((c.user + c.system) / 1000);
    }
  });

  bench.add("cold cpubench jit (translations dropped first)", () => {
    clearSharedCode();
    runElf(cpubench, { jit: true, stats: newCpuStats() });
  });

  // A cold process (V8 warming up the interpreter and each translated page), in a child process.
  const cold: string[] = [];
  for (const w of ["cpubench", "sort", "alu"]) {
    const file = fixture(w === "cpubench" ? "cpubench.elf" : `work-${w}-rv32im.elf`);
    const j = coldStart(file, "jit");
    const i = coldStart(file, "interp");
    const f = (v: number[] | null): string => (v === null ? "failed" : v.map((m) => m.toFixed(0)).join(" / "));
    cold.push(`${w.padEnd(9)} translator ${f(j)}   interpreter ${f(i)}`);
  }

  const print = (): void => {
    console.log("\ncold process, MIPS over the first 100 ms / 300 ms / 1 s of CPU time / the whole run:");
    for (const l of cold) console.log(`  ${l}`);
    console.log("\nqemu-riscv32 on the same binaries (CPU time of the child, includes its start-up):");
    for (const l of qemu) console.log(`  ${l}`);
    const med = (v: number[]): string => (v.length === 0 ? "-" : [...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(0));
    console.log(
      `pipeline workload: ${ticks} virtual ticks per run; CPU ms per run, median of ${pipeMs.jit.length}: ` +
        `translator ${med(pipeMs.jit)}, interpreter ${med(pipeMs.interp)}`,
    );
    console.log(`translator statistics: ${JSON.stringify(jit.stats)}`);
    // The summary: the same run measured both, so the ratios hold even when the host is loaded.
    console.log("\nMIPS per CPU second, median run (RV32IM; translator / interpreter in this run; qemu-riscv32 on the same binary):");
    console.log("workload   translator  interpreter  ratio   qemu   translator/qemu");
    for (const w of ["cpubench", ...WORKS]) {
      const j = results.get(w === "cpubench" ? "cpubench jit" : `${w} rv32im jit`);
      const i = results.get(w === "cpubench" ? "cpubench interp" : `${w} rv32im interp`);
      const q = qemuMips.get(`${w} rv32im`);
      const f = (v: number | undefined, d = 0): string => (v === undefined ? "-" : v.toFixed(d));
      console.log(
        `${w.padEnd(10)} ${f(j).padStart(10)} ${f(i).padStart(12)} ${f(j && i ? j / i : undefined, 1).padStart(6)} ${f(q).padStart(6)} ${f(j && q ? j / q : undefined, 2).padStart(17)}`,
      );
    }
  };
  bench.addEventListener("complete", print);
}
