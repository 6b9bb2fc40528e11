// The libc allocator (`npm run bench malloc`): user/tests/mallocbench's workloads (many live
// blocks, mixed sizes, realloc growth, fragmentation) and a real tool (`sort` on 20,000 lines)
// run in the box; printed per workload: instructions retired and the median CPU time per run.
// With CRYOBOX_MALLOC_BASE=DIR (a checkout built with another libc, e.g. the previous commit's:
// its user/tests/bin/mallocbench and user/bin/sort) each run alternates the two builds, so a
// loaded host slows both alike, and the table gets both columns.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bench } from "tinybench";
import { bufferIO } from "../cli/run-buffers.js";
import { runSingleProcess } from "../kernel/run-single.js";
import { packageRoot } from "../state/root.js";

interface Work {
  name: string;
  elf: string; // path below the checkout
  argv: string[];
  input?: Uint8Array;
}

/** 20,000 lines of 1–12 random lower-case words (a fixed pseudo-random sequence). */
function sortInput(): Uint8Array {
  let x = 2463534242;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const lines: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const words: string[] = [];
    for (let w = rnd() % 12; w >= 0; w--) {
      let s = "";
      for (let c = 3 + (rnd() % 7); c > 0; c--) s += String.fromCharCode(97 + (rnd() % 26));
      words.push(s);
    }
    lines.push(words.join(" "));
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const WORKS: Work[] = [
  { name: "live (3,000 live blocks)", elf: "user/tests/bin/mallocbench", argv: ["mallocbench", "live", "3"] },
  { name: "mixed (40,000 ops)", elf: "user/tests/bin/mallocbench", argv: ["mallocbench", "mixed", "2"] },
  { name: "realloc (200 strings)", elf: "user/tests/bin/mallocbench", argv: ["mallocbench", "realloc", "1"] },
  { name: "frag (4,000 blocks)", elf: "user/tests/bin/mallocbench", argv: ["mallocbench", "frag", "2"] },
  { name: "sort 20,000 lines", elf: "user/bin/sort", argv: ["sort"], input: sortInput() },
];

/** One run: instructions retired and CPU microseconds; throws if the program fails. */
function runOnce(root: string, w: Work): { instructions: number; cpuUs: number } {
  const elf = new Uint8Array(readFileSync(join(root, w.elf)));
  const buf = bufferIO(w.input ?? new Uint8Array(0));
  const c0 = process.cpuUsage();
  const r = runSingleProcess(elf, w.argv, [], buf.io);
  const c = process.cpuUsage(c0);
  if (r.kind !== "exit" || r.status !== 0) throw new Error(`${w.name} (${root}): ${r.kind}`);
  return { instructions: r.instructions, cpuUs: c.user + c.system };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function addBenchmarks(bench: Bench): void {
  const base = process.env.CRYOBOX_MALLOC_BASE;
  if (base && !existsSync(join(base, "user/tests/bin/mallocbench")))
    console.log(`malloc bench: ${base} has no user/tests/bin/mallocbench — build it there (make -C user/tests bin/mallocbench)`);
  const roots = [packageRoot(), ...(base && existsSync(join(base, "user/tests/bin/mallocbench")) ? [base] : [])];
  for (const w of WORKS) {
    const cpu = roots.map(() => [] as number[]);
    const instr = roots.map(() => 0);
    bench.add(
      `malloc: ${w.name}`,
      () => {
        roots.forEach((root, i) => {
          const r = runOnce(root, w);
          cpu[i]!.push(r.cpuUs / 1000);
          instr[i] = r.instructions;
        });
      },
      {
        beforeAll: () => {
          for (const xs of cpu) xs.length = 0;
        },
        afterAll: (mode) => {
          if (mode !== "run") return;
          const cols = roots.map((root, i) => `${i === 0 ? "this build" : root}: ${(instr[i]! / 1e6).toFixed(1)} M instructions, ${median(cpu[i]!).toFixed(0)} ms CPU median`);
          console.log(`${w.name} — ${cols.join("; ")} (${cpu[0]!.length} runs${roots.length > 1 ? ", alternating" : ""})`);
        },
      },
    );
  }
}
