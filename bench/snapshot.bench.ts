// Snapshot speed and size (docs/snapshot.md "Figures"): for an idle booted
// box, a box with shells and a running `primes`, and a box with 64 MiB of
// guest memory dirtied — checkpoint pause, snapshot size, restore time to a
// running machine. The 64 MiB case also prints the checkpoint rate in MB/s of
// guest memory (bar: ≥ 300 MB/s); idle bars: ≤ 20 ms each way, ≤ 1 MiB.

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { PROT_READ, PROT_WRITE } from "../cpu/memory.js";

const MIB = 1024 * 1024;

function idleBox(): Machine {
  const m = Machine.boot();
  m.run();
  return m;
}

function primesBox(): Machine {
  const m = Machine.boot();
  m.run();
  m.tty(0).send("primes > /dev/null &\n");
  m.tty(1).send("echo hello | wc\n");
  m.run(5_000_000);
  return m;
}

/** A booted box whose first shell owns 64 MiB of distinct, non-zero pages (filled directly through the kernel state). */
export function dirtyBox(mib = 64): Machine {
  const m = idleBox();
  const sh = m.kernel.state.procs.get(2)!;
  const base = 0x40000000;
  const pages = (mib * MIB) / 4096;
  sh.mem.regions.push({ start: base, end: base + mib * MIB, perm: PROT_READ | PROT_WRITE, name: "bench" });
  sh.mem.regions.sort((a, b) => a.start - b.start);
  for (let i = 0; i < pages; i++) {
    const p = new Uint8Array(4096);
    const w = new Uint32Array(p.buffer);
    for (let j = 0; j < 1024; j += 64) w[j] = i * 1024 + j + 1; // distinct per page, cheap to make
    sh.mem.pages.set((base >>> 12) + i, p);
  }
  return m;
}

/** Add checkpoint and restore tasks for `m`, and print its snapshot size. */
function addBox(bench: Bench, name: string, m: Machine, guestBytes?: number): void {
  const bytes = m.checkpoint();
  console.log(`${name}: snapshot ${(bytes.length / MIB).toFixed(3)} MiB (${bytes.length} bytes)`);
  let ms = 0;
  let cpuUs = 0;
  let n = 0;
  bench.add(
    `${name}: checkpoint`,
    () => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      m.checkpoint();
      const c = process.cpuUsage(c0);
      cpuUs += c.user + c.system;
      ms += performance.now() - t0;
      n++;
    },
    {
      beforeAll: () => {
        ms = 0;
        cpuUs = 0;
        n = 0;
      },
      afterAll: (mode) => {
        if (mode !== "run" || !guestBytes) return;
        // Against wall time and against this process's CPU time (steadier when other processes share the host).
        const wall = (guestBytes * n) / (ms / 1000) / 1e6;
        const cpu = (guestBytes * n) / (cpuUs / 1e6) / 1e6;
        console.log(`${name}: checkpoint rate ${wall.toFixed(0)} MB/s wall, ${cpu.toFixed(0)} MB/s CPU time, of guest memory`);
      },
    },
  );
  // Machine.restore returns a machine ready to run: validated, caches rebuilt, reels reattached.
  bench.add(`${name}: restore`, () => {
    Machine.restore(bytes);
  });
}

/** Registered by bench/run.ts. */
export function addBenchmarks(bench: Bench): void {
  addBox(bench, "idle box", idleBox());
  addBox(bench, "shells + primes", primesBox());
  addBox(bench, "64 MiB dirtied", dirtyBox(), 64 * MIB);
}
