// `cryobox run` is fast because the kernel lets a lone runnable process run on through quantum
// ends that change nothing (kernel/kernel.ts sliceBudget/useQuantum). That must be invisible:
// running in pieces that never go past the current quantum (so the kernel never runs through a
// quantum end: the plain slice-by-slice schedule) and in one piece (which runs through them) must
// reach the same kernel state, byte for byte, with timers (sleep), background jobs and pipes in
// the mix.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../../cli/run-buffers.js";
import { Kernel, KernelState } from "../../kernel/kernel.js";
import { emptyState, populateRoot } from "../../kernel/boot.js";
import { addProc, blankProc } from "../../kernel/proc.js";
import { allocFile, fdAlloc, O_RDONLY, O_WRONLY } from "../../kernel/file.js";
import { execImage } from "../../kernel/exec.js";
import { QUANTUM } from "../../kernel/param.js";
import { defaultImage } from "../../machine/host-image.js";
import { encode, sha256Hex } from "../../state/index.js";
import { packageRoot } from "../../state/root.js";

const SCRIPT =
  "sleep 0.0651 & sleep 0.0733 & recurse > /tmp/r & sleep 0.0823 & seq 1 300 | sort | tail -n 1; " +
  "sleep 0.031 & recurse | wc -l; wait; sleep 0.0277 & sleep 0.002 & primes 3000 | wc -l; tsort | wc -l; wait; wc -l /tmp/r";

function machine() {
  const config = { ttys: 0, drives: 0, memoryLimit: 64 << 20 };
  const k = new Kernel(config, emptyState(config));
  const buf = bufferIO();
  k.host = buf.io;
  // Two CPU-bound test programs that make few system calls: they run alone while timers are pending.
  const extra = ["recurse", "sort"].map((n) => ({ path: `/bin/${n === "sort" ? "tsort" : n}`, mode: 0o755, data: new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin", n))) }));
  populateRoot(k, config, [...defaultImage(), ...extra]);
  const p = blankProc(1, 0);
  k.state.nextPid = 2;
  addProc(k, p);
  for (const fd of [0, 1, 2]) fdAlloc(p, allocFile(k, { kind: "host", fd }, fd === 0 ? O_RDONLY : O_WRONLY), fd);
  execImage(k, p, new Uint8Array(readFileSync(join(packageRoot(), "user/bin/sh"))), ["sh", "-c", SCRIPT], [], "sh");
  return { k, out: () => new TextDecoder().decode(buf.stdout()) };
}

describe("a lone process running through quantum ends", () => {
  it("reaches the same state in long runs as quantum by quantum", () => {
    // Compared every 250,001 ticks while the programs run, and once more when all is done.
    const checkpoints = [...Array.from({ length: 80 }, (_, i) => (i + 1) * 250_001), 60_000_000];
    const whole = machine();
    const pieces = machine();
    let done = 0;
    for (const at of checkpoints) {
      whole.k.run(at - whole.k.now());
      for (let i = 0; done < at; i++) {
        const s = pieces.k.state;
        const quantum = s.current >= 0 && s.quantumLeft > 0 ? s.quantumLeft : QUANTUM;
        const n = Math.min(i % 7 === 3 ? 997 : quantum, at - done);
        pieces.k.run(n);
        done += n;
      }
      expect(pieces.k.now()).toBe(whole.k.now());
      expect(sha256Hex(encode(KernelState, pieces.k.state)), `at ${at}`).toBe(sha256Hex(encode(KernelState, whole.k.state)));
      expect(pieces.out()).toBe(whole.out());
    }
    expect(whole.out()).toBe("99\n10\n430\n2\n10 /tmp/r\n");
  });
});
