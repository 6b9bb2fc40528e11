// Ready-made fast-check properties of restore fidelity (cryobox/testing). Each
// draws random workloads (and cut points) and runs one check of fidelity.ts;
// run them with fc.assert. On failure fast-check prints the seed and path to
// replay (fc.assert(p, { seed, path })) and the shrunk workload as JSON, and
// the error says what differs in kernel terms.

import fc from "fast-check";
import type { Machine } from "../machine/machine.js";
import { bootedMachine, checkCycles, checkRoundTrip, checkSplitRun } from "./fidelity.js";
import { checkNewProcess } from "./host-process.js";
import { applySteps, cutPoint, workload, type WorkloadOptions } from "./workload.js";

export interface PropertyOptions extends WorkloadOptions {
  /** the machine each case starts from (default: a booted machine with `ttys` terminals at their prompts) */
  start?: () => Machine;
}

const startOf = (o: PropertyOptions): (() => Machine) => o.start ?? (() => bootedMachine(o.ttys ?? 2));

/** For any workload: checkpoint → restore → checkpoint is byte-identical (SCENARIOS 27). */
export function roundTripProperty(options: PropertyOptions = {}) {
  const start = startOf(options);
  return fc.property(workload(options), (steps) => {
    const m = start();
    applySteps(m, steps);
    checkRoundTrip(m);
  });
}

/** For any workload and cut: run N + checkpoint + restore + run M ≡ run N+M (SCENARIOS 28). */
export function splitRunProperty(options: PropertyOptions = {}) {
  const start = startOf(options);
  return fc.property(workload(options), cutPoint(), (steps, cut) => checkSplitRun(start, steps, cut));
}

/** For any workload: `iterations` checkpoint/restore cycles change nothing (CRIU zdtm --iters). */
export function cyclesProperty(options: PropertyOptions & { iterations?: number } = {}) {
  const start = startOf(options);
  return fc.property(workload(options), fc.integer({ min: 1, max: options.iterations ?? 3 }), (steps, n) => checkCycles(start, steps, n));
}

/** For any workload and cut: the second half in a NEW host process ends equal (needs the built package). */
export function newProcessProperty(options: PropertyOptions = {}) {
  const start = startOf(options);
  return fc.property(workload(options), cutPoint(), (steps, cut) => checkNewProcess(start, steps, cut));
}
