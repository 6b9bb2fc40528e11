// Restore-fidelity checks (cryobox/testing): each runs a workload on a machine
// and on its restored copy and throws FidelityError when they part, with the
// difference in kernel terms (the `cryobox diff` of the two machines) and the
// terminal output each produced. They are plain functions, so they work inside
// fast-check properties (properties.ts), in example tests, or in a script.

import { Machine } from "../machine/machine.js";
import { describeChanges, diffSnapshots } from "../machine/inspect.js";
import { applySteps, splitSteps, type Step } from "./workload.js";

/** Two machines that should be equal are not: what differs, in kernel terms. */
export class FidelityError extends Error {
  constructor(
    readonly check: string,
    readonly differences: string[],
  ) {
    super(`${check}: the restored machine differs from the original:\n  ${differences.slice(0, 40).join("\n  ")}${differences.length > 40 ? `\n  … ${differences.length - 40} more` : ""}`);
    this.name = "FidelityError";
  }
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const text = new TextDecoder();

/**
 * The differences between two snapshots as lines; when kernel terms explain
 * nothing (bytes differ in a field the view does not show) say so, so that a
 * failure is never silent.
 */
export function explain(a: Uint8Array, b: Uint8Array): string[] {
  if (same(a, b)) return [];
  const lines = describeChanges(diffSnapshots(a, b));
  return lines.length > 0 ? lines : [`the snapshots differ (${a.length} and ${b.length} bytes) in no field diff shows`];
}

/** Output of every terminal since the given marks (per tty). */
function outputsSince(m: Machine, marks: readonly number[]): string[] {
  return marks.map((mark, n) => text.decode(m.tty(n).outputSince(mark)));
}

function marksOf(m: Machine): number[] {
  return Array.from({ length: m.ttyCount }, (_, n) => m.tty(n).outputLength());
}

/** Compare the futures of `a` (original) and `b` (its copy): terminal output since the marks, then the whole machine. */
function compareFutures(check: string, a: Machine, aMarks: readonly number[], b: Machine, bMarks: readonly number[]): void {
  const differences: string[] = [];
  const oa = outputsSince(a, aMarks);
  const ob = outputsSince(b, bMarks);
  oa.forEach((o, n) => {
    if (o !== ob[n]) differences.push(`tty${n} output: original ${JSON.stringify(o.slice(-200))} ≠ restored ${JSON.stringify((ob[n] ?? "").slice(-200))}`);
  });
  const sa = a.checkpoint();
  const sb = b.checkpoint();
  differences.push(...explain(sa, sb));
  if (differences.length > 0) throw new FidelityError(check, differences);
}

/** SCENARIOS 27: checkpoint → restore → checkpoint is byte-identical, with equal digests. */
export function checkRoundTrip(m: Machine): void {
  const a = m.checkpoint();
  const r = Machine.restore(a);
  const b = r.checkpoint();
  const differences = explain(a, b);
  if (differences.length === 0 && r.digest() !== m.digest()) differences.push(`digest ${m.digest()} ≠ ${r.digest()}`);
  if (differences.length > 0) throw new FidelityError("round trip", differences);
}

/**
 * SCENARIOS 28 in one host process: run the steps before `cut`, checkpoint,
 * restore into a new Machine, run the rest on both; same output, same machine.
 */
export function checkSplitRun(start: () => Machine, steps: readonly Step[], cut: number): void {
  const [before, after] = splitSteps(steps, cut);
  const a = start();
  applySteps(a, before);
  const aMarks = marksOf(a);
  const b = Machine.restore(a.checkpoint());
  const bMarks = marksOf(b);
  applySteps(a, after);
  applySteps(b, after);
  compareFutures("run N, checkpoint, restore, run M", a, aMarks, b, bMarks);
}

/**
 * CRIU zdtm's --iters: checkpoint and restore `iterations` times at evenly
 * spread points of the workload, carrying on each time in the restored copy;
 * the end equals a run that was never interrupted.
 */
export function checkCycles(start: () => Machine, steps: readonly Step[], iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`checkCycles: iterations must be a positive integer, not ${iterations}`);
  const whole = start();
  const marks = marksOf(whole);
  applySteps(whole, steps);
  let m = start();
  const startMarks = marksOf(m);
  let rest: Step[] = [...steps];
  const outputs = marks.map(() => "");
  for (let i = 0; i < iterations; i++) {
    const [now, later] = splitSteps(rest, 1 / (iterations - i + 1));
    applySteps(m, now);
    outputs.forEach((_, n) => (outputs[n] += text.decode(m.tty(n).outputSince(i === 0 ? startMarks[n]! : 0))));
    m = Machine.restore(m.checkpoint());
    rest = later;
  }
  applySteps(m, rest);
  outputs.forEach((_, n) => (outputs[n] += text.decode(m.tty(n).outputBytes())));
  const differences: string[] = [];
  const expected = outputsSince(whole, marks);
  expected.forEach((o, n) => {
    if (o !== outputs[n]) differences.push(`tty${n} output: uninterrupted ${JSON.stringify(o.slice(-200))} ≠ after ${iterations} restarts ${JSON.stringify(outputs[n]!.slice(-200))}`);
  });
  differences.push(...explain(whole.checkpoint(), m.checkpoint()));
  if (differences.length > 0) throw new FidelityError(`${iterations} checkpoint/restore cycles`, differences);
}

let bootedImage: Uint8Array | null = null;
let bootedTtys = 0;

/**
 * A freshly booted machine with every shell at its prompt. The boot runs once
 * per host process and is then restored from its snapshot, which is cheap.
 */
export function bootedMachine(ttys = 2): Machine {
  if (!bootedImage || bootedTtys !== ttys) {
    const m = Machine.boot({ ttys });
    m.run();
    bootedImage = m.checkpoint();
    bootedTtys = ttys;
  }
  return Machine.restore(bootedImage);
}
