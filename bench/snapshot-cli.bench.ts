// What `checkpoint-system` and `boot --restore` cost from the command line,
// against Machine.checkpoint()/restore() alone (#8): the report line used to
// decode, validate and re-hash the snapshot it had just written, and reading
// the file copied it once more than needed.
//   npm run build && node --expose-gc dist/bench/run.js snapshot-cli

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { Console, describeCheckpoint } from "../machine/console.js";
import { hostConsole } from "../machine/host-console.js";
import { dirtyBox } from "./snapshot.bench.js";

export function addBenchmarks(bench: Bench): void {
  const m = dirtyBox(16); // 16 MiB of dirty guest memory: the costs are proportional to the snapshot
  const dir = mkdtempSync(join(tmpdir(), "cryobox-bench-"));
  const file = join(dir, "box.ckpt");
  const con = new Console(m, hostConsole);
  const bytes = m.checkpoint();
  writeFileSync(file, bytes);
  bench
    .add("Machine.checkpoint() (16 MiB dirty)", () => void m.checkpoint())
    .add("checkpoint + report, old (decode, validate, hash)", () => void describeCheckpoint(file, m.checkpoint()))
    .add("checkpoint + report, new (state counts, hash)", () => void describeCheckpoint(file, m.checkpoint(), m.kernel.state))
    .add("console checkpoint-system FILE (atomic write, fsync)", () => void con.executeLine(`checkpoint-system ${file}`))
    .add("read snapshot file, copied (old)", () => void new Uint8Array(readFileSync(file)))
    .add("read snapshot file, viewed (new)", () => void hostConsole.readFile(file))
    .add("Machine.restore(bytes)", () => void Machine.restore(bytes, { noReels: true }));
}
