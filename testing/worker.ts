// The far side of checkNewProcess (host-process.ts): a fresh host process that
// restores a snapshot from bytes only, applies the rest of a workload, and
// answers with its own checkpoint and what each terminal displayed.
// Input on stdin and output on stdout are one JSON object each.

import { readFileSync } from "node:fs";
import "../machine/host-platform.js"; // a worker process boots the default image (machine/platform.ts)
import { Machine } from "../machine/machine.js";
import { applySteps, type Step } from "./workload.js";

interface Request {
  snapshot: string; // base64
  steps: Step[];
}

const req = JSON.parse(readFileSync(0, "utf8")) as Request;
const m = Machine.restore(new Uint8Array(Buffer.from(req.snapshot, "base64")));
applySteps(m, req.steps);
const outputs = Array.from({ length: m.ttyCount }, (_, n) => m.tty(n).output());
process.stdout.write(JSON.stringify({ checkpoint: Buffer.from(m.checkpoint()).toString("base64"), outputs }));
