// SCENARIOS 28 in a new host process: `vite-node test/scenarios/restore-child.ts SNAPSHOT TICKS`
// restores the snapshot file into a fresh Machine, runs TICKS and prints one JSON line:
// { digest, now, output } (output = tty0 since the restore).
import { readFileSync } from "node:fs";
import { Machine } from "../../machine/machine.js";

const [file, ticks] = process.argv.slice(2);
if (!file || !ticks) {
  process.stderr.write("usage: restore-child.ts SNAPSHOT TICKS\n");
  process.exit(2);
}
const m = Machine.restore(new Uint8Array(readFileSync(file)));
m.run(Number(ticks));
process.stdout.write(JSON.stringify({ digest: m.digest(), now: m.now(), output: m.tty(0).output() }) + "\n");
