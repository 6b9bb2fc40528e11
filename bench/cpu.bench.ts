// CPU speed: runs the committed cpubench guest program (sieve, FNV hash,
// matrix multiply, digit sums; clang -O2 RV32IM) to completion per iteration
// and reports MIPS = instructions retired / host seconds. Also a tight
// ALU loop and a load/store loop, to show the spread between kinds of code.

import type { Bench } from "tinybench";
import { run } from "../cpu/execute.js";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../cpu/memory.js";
import { newHart } from "../cpu/hart.js";
import { CPUBENCH_RESULT, cpubenchElf, loadGuest, runGuest } from "./fixtures/guest.js";

/**
 * A task that runs `body` (returning instructions retired) and, after the run
 * phase, prints MIPS against wall time and against this process's CPU time
 * (the second is steadier when other processes share the machine).
 */
function mipsTask(bench: Bench, name: string, body: () => number): void {
  let instructions = 0;
  let ms = 0;
  let cpuUs = 0;
  bench.add(
    name,
    () => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      instructions += body();
      const c = process.cpuUsage(c0);
      cpuUs += c.user + c.system;
      ms += performance.now() - t0;
    },
    {
      beforeAll: () => {
        instructions = 0;
        ms = 0;
        cpuUs = 0;
      },
      afterAll: (mode) => {
        if (mode !== "run") return;
        const wall = (instructions / ms / 1000).toFixed(1);
        const cpu = (instructions / cpuUs).toFixed(1);
        console.log(`${name}: ${wall} MIPS wall, ${cpu} MIPS per CPU second (${instructions} instructions)`);
      },
    },
  );
}

/** A hand-assembled loop of `words` followed by a backward branch, looping for `budget` instructions. */
function loopMachine(words: number[]): { hart: ReturnType<typeof newHart>; mem: Memory } {
  const mem = new Memory();
  mem.map(0x1000, 0x1000, PROT_READ | PROT_EXEC, "text");
  mem.map(0x10000, 0x4000, PROT_READ | PROT_WRITE, "data");
  const b = new Uint8Array(words.length * 4);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  mem.poke(0x1000, b);
  const hart = newHart(0x1000);
  hart.x[10] = 0x10000;
  return { hart, mem };
}

export function addBenchmarks(bench: Bench): void {
  const elf = cpubenchElf();
  mipsTask(bench, "cpubench (sieve+hash+matmul+div)", () => {
    const { hart, mem } = loadGuest(elf);
    const r = runGuest(hart, mem);
    if (r.status >>> 0 !== CPUBENCH_RESULT) throw new Error(`cpubench computed ${r.status >>> 0}, expected ${CPUBENCH_RESULT}`);
    return r.retired;
  });

  // addi x5,x5,1; xor x6,x6,x5; slli x7,x5,3; add x6,x6,x7; jal x0,-16
  const alu = loopMachine([0x00128293, 0x0053c333, 0x00329393, 0x00730333, 0xff1ff06f]);
  mipsTask(bench, "alu loop", () => run(alu.hart, alu.mem, 10_000_000, 0).retired);

  // lw x5,0(x10); addi x5,x5,1; sw x5,0(x10); lbu x6,5(x10); sb x6,9(x10); jal x0,-20
  const mem = loopMachine([0x00052283, 0x00128293, 0x00552023, 0x00554303, 0x006504a3, 0xfedff06f]);
  mipsTask(bench, "load/store loop", () => run(mem.hart, mem.mem, 10_000_000, 0).retired);
}
