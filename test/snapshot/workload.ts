// The project's own fidelity tests draw their workloads from the user API
// (cryobox/testing, testing/): the same arbitraries and steps users get. This
// file keeps the short names the tests use, and the run-count policy.

import type fc from "fast-check";
import type { Machine } from "../../machine/machine.js";
import { bootedMachine as booted, workload, type Step } from "../../testing/index.js";

export { SHELL_POOL as POOL, applySteps as apply, splitSteps as splitAt, type Step } from "../../testing/index.js";

/** Workloads of at most `maxSteps` steps, runs of at most `maxTicks` ticks, typed into tty0 and tty1. */
export function stepsArb(maxSteps: number, maxTicks: number): fc.Arbitrary<Step[]> {
  return workload({ maxSteps, maxTicks, ttys: 2 });
}

/** A freshly booted two-terminal machine with its shells at their prompts (booted once, then restored: cheap). */
export function bootedMachine(): Machine {
  return booted(2);
}

/** Property-test run count: FC_NUM_RUNS, else `long` under CRYOBOX_LONG=1, else `ci`. */
export function numRuns(ci: number, long: number): number {
  const env = Number(process.env.FC_NUM_RUNS);
  if (Number.isInteger(env) && env > 0) return env;
  return process.env.CRYOBOX_LONG === "1" ? long : ci;
}
