// Restore validation cost (issue #7: "1,000 processes × 20,000 files take
// 1.5 s; 6,000 × 120,000 take 19 s"). Synthetic machines of P processes and F
// files built from a booted box; measured: the kernel invariants alone
// (validateState, which now also refuses tables beyond the kernel's limits —
// timed through that refusal, after every linear pass of validate.ts), and a
// whole restore of such a forged snapshot file, which the decoder now refuses
// at the process table before building its rows. `npm run bench validate`.

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { validateState } from "../kernel/validate.js";
import type { KernelConfig } from "../kernel/kernel.js";
import type { KernelState } from "../kernel/state.js";
import { SnapshotError, readSnapshot, restore } from "../snapshot/index.js";
import { writeSnapshotFile } from "../snapshot/snapshot.js";
import { KERNEL_SNAPSHOT } from "../snapshot/spec.js";
import { StateError } from "../state/index.js";
import { noChan } from "../kernel/wait-channel.js";

/** A decoded booted box grown to `procs` extra processes and `files` extra files in /tmp. */
export function bigState(procs: number, files: number): { config: KernelConfig; state: KernelState; bytes: () => Uint8Array } {
  const m = Machine.boot({ ttys: 1 });
  m.run();
  const d = readSnapshot(m.checkpoint());
  const s = d.state;
  const template = [...s.procs.values()].find((p) => p.pid !== 1)!;
  for (let i = 0; i < procs; i++) {
    const pid = 1000 + i;
    s.procs.set(pid, {
      ...template,
      pid, ppid: 1, pgid: pid, sid: pid, ctty: -1, state: "runnable", chan: noChan(), inSyscall: false,
      fds: template.fds.map(() => ({ file: -1, cloexec: false })),
      hart: { ...template.hart, x: template.hart.x.slice() },
      mem: { regions: template.mem.regions, pages: template.mem.pages },
    });
    s.runQueue.push(pid);
  }
  const tmp = [...s.inodes.values()].find((n) => n.type === "dir" && s.inodes.get(s.rootIno)!.entries.some((e) => e.name === "tmp" && e.ino === n.ino))!;
  let ino = s.nextIno;
  for (let i = 0; i < files; i++, ino++) {
    s.inodes.set(ino, { ...s.inodes.get(tmp.ino)!, ino, type: "file", nlink: 1, opens: 0, size: 0, blocks: new Map(), entries: [], parent: ino });
    tmp.entries.push({ name: `f${i}`, ino });
  }
  s.nextIno = ino;
  return { config: d.config, state: s, bytes: () => writeSnapshotFile(KERNEL_SNAPSHOT, d.config, d.outside, s) };
}

function validateOnly(config: KernelConfig, s: KernelState): void {
  try {
    validateState(config, s);
  } catch (e) {
    if (!(e instanceof StateError)) throw e; // beyond NPROC/NINODE: refused at the end, after every pass
  }
}

export function addBenchmarks(bench: Bench): void {
  for (const [p, f] of [[60, 8000], [1000, 20_000], [6000, 120_000]] as const) {
    const big = bigState(p, f);
    bench.add(`validateState: ${p} processes × ${f} files`, () => validateOnly(big.config, big.state));
    const file = big.bytes();
    bench.add(`restore of that file (${(file.length / 1e6).toFixed(1)} MB)`, () => {
      try {
        restore(file);
      } catch (e) {
        if (!(e instanceof SnapshotError)) throw e;
      }
    });
  }
}
