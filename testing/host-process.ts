// Restore in a new host process (SCENARIOS 28, the real thing): the first half
// of a workload runs here, the snapshot crosses to a fresh `node` running
// worker.js, which restores it from the bytes alone and runs the second half;
// the result must equal carrying on here. Host-side by nature (spawns node).

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Machine } from "../machine/machine.js";
import { packageRoot } from "../state/root.js";
import { FidelityError, explain } from "./fidelity.js";
import { applySteps, splitSteps, type Step } from "./workload.js";

/** The compiled worker: beside this file when running from dist/, else the package's dist/. */
export function workerPath(): string {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(packageRoot(), "dist", "testing", "worker.js");
  if (existsSync(built)) return built;
  throw new Error(`cryobox/testing: the compiled worker is missing (${built}); run npm run build`);
}

/** Run the steps before `cut` here, the rest in a new host process and here; both must end equal. */
export function checkNewProcess(start: () => Machine, steps: readonly Step[], cut: number): void {
  const [before, after] = splitSteps(steps, cut);
  const a = start();
  applySteps(a, before);
  const snapshot = a.checkpoint();
  const marks = Array.from({ length: a.ttyCount }, (_, n) => a.tty(n).outputLength());
  const r = spawnSync(process.execPath, [workerPath()], {
    input: JSON.stringify({ snapshot: Buffer.from(snapshot).toString("base64"), steps: after }),
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`cryobox/testing: the restoring host process failed (status ${r.status}): ${(r.stderr || String(r.error)).trim().split("\n")[0]}`);
  const far = JSON.parse(r.stdout) as { checkpoint: string; outputs: string[] };
  applySteps(a, after);
  const differences: string[] = [];
  const dec = new TextDecoder();
  marks.forEach((mark, n) => {
    const here = dec.decode(a.tty(n).outputSince(mark));
    if (here !== far.outputs[n]) differences.push(`tty${n} output: this process ${JSON.stringify(here.slice(-200))} ≠ new process ${JSON.stringify((far.outputs[n] ?? "").slice(-200))}`);
  });
  differences.push(...explain(a.checkpoint(), new Uint8Array(Buffer.from(far.checkpoint, "base64"))));
  if (differences.length > 0) throw new FidelityError("restore in a new host process", differences);
}
