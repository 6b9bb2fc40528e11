// Workloads for restore-fidelity properties (cryobox/testing): keystrokes and
// commands typed into the shells of a booted machine, interleaved with runs of
// virtual time. A workload is plain data (a list of steps), so a failing case
// prints as JSON, shrinks with fast-check, and replays exactly.
//
// The default command pool reaches the states a restart must get right
// (SCENARIOS.md): pipelines, background and stopped jobs, writers blocked on
// full pipes and readers on empty ones, sleepers, raw-mode terminals with
// pending input, partial canonical lines, pending signals, files in /tmp.

import fc from "fast-check";
import type { Machine } from "../machine/machine.js";

/** One step of a workload: type into a terminal, or let virtual time pass. */
export type Step = { kind: "send"; tty: number; text: string } | { kind: "run"; ticks: number };

/** Shell command lines and keys, each a plausible thing to type at a shell or at whatever runs in the foreground. */
export const SHELL_POOL: readonly string[] = [
  "echo hello | wc\n",
  "yes | head -40 | wc -l\n",
  "echo abc > /tmp/a; cat /tmp/a /tmp/a >> /tmp/b; wc /tmp/b\n",
  "yes | sleep 3 &\n", // writer blocked on a full pipe
  "sleep 2 | cat &\n", // reader blocked on an empty pipe
  "sleep 1\n", // foreground sleeper
  "sleep 5 &\n",
  "primes > /dev/null &\n", // a busy background job
  "primes | head -20\n",
  "cat\n", // a foreground reader waiting for a line
  "partial line", // a canonical line typed but not ended
  "\n",
  "\x1a", // ^Z: stop the foreground job
  "\x03", // ^C
  "\x04", // ^D
  "fg\n",
  "bg\n",
  "jobs\n",
  "kill -STOP %1\n",
  "kill -TERM %1\n", // pending while stopped
  "kill -CONT %1\n",
  "stty raw -echo\n", // raw mode: following keys reach the program at once
  "stty sane\n",
  "ls /tmp; ps\n",
  "echo $?; pwd\n",
];

/** Pipelines only: bytes in flight between processes at every cut. */
export const PIPELINE_POOL: readonly string[] = [
  "yes | head -2000 | wc -l\n",
  "primes | cat | cat > /tmp/p &\n",
  "yes abc | cat | head -500 > /tmp/y\n",
  "cat /tmp/p | wc -c\n",
  "yes | sleep 2 &\n",
];

/** Job control: stopping, resuming, signalling groups. */
export const JOB_CONTROL_POOL: readonly string[] = [
  "sleep 3\n", "\x1a", "fg\n", "bg\n", "jobs\n", "sleep 4 &\n", "kill -STOP %1\n", "kill -CONT %1\n",
  "kill -INT %1\n", "cat\n", "\x03", "primes > /dev/null &\n", "wait\n",
];

/** Terminal input: cooked lines, erase and kill characters, raw mode, EOF. */
export const TERMINAL_POOL: readonly string[] = [
  "cat\n", "half a li", "ne\n", "abc\x7f\x7fx\n", "junk\x15", "\x04", "stty raw -echo; cat\n", "xy", "stty -echo\n",
  "stty sane\n", "\x03", "\n",
];

export interface WorkloadOptions {
  /** commands and keys to draw from (default SHELL_POOL) */
  pool?: readonly string[];
  /** terminals typed into: 0..ttys−1 (default 2; the machine needs at least that many) */
  ttys?: number;
  /** most steps in one workload (default 10) */
  maxSteps?: number;
  /** most virtual ticks in one run step (default 2,000,000 = 0.02 virtual seconds) */
  maxTicks?: number;
}

/** A fast-check arbitrary of workloads. Small tick counts keep a CI run cheap. */
export function workload(options: WorkloadOptions = {}): fc.Arbitrary<Step[]> {
  const pool = options.pool ?? SHELL_POOL;
  if (pool.length === 0) throw new RangeError("workload: the command pool is empty");
  const send = fc.record({
    kind: fc.constant("send" as const),
    tty: fc.integer({ min: 0, max: Math.max(0, (options.ttys ?? 2) - 1) }),
    text: fc.constantFrom(...pool),
  });
  const run = fc.record({ kind: fc.constant("run" as const), ticks: fc.integer({ min: 0, max: options.maxTicks ?? 2_000_000 }) });
  return fc.array(fc.oneof({ arbitrary: send, weight: 3 }, { arbitrary: run, weight: 2 }), { minLength: 1, maxLength: options.maxSteps ?? 10 });
}

/** Where to cut a workload: a fraction in [0, 1). */
export function cutPoint(): fc.Arbitrary<number> {
  return fc.double({ min: 0, max: 0.999, noNaN: true });
}

/** Apply `steps` to `m` in order. */
export function applySteps(m: Machine, steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === "send") m.tty(s.tty).send(s.text);
    else m.run(s.ticks);
  }
}

/**
 * Cut `steps` at `cut` (0..1): the steps before and after. A run step the cut falls
 * inside is split in two, so a checkpoint can land mid-run, at any tick.
 */
export function splitSteps(steps: readonly Step[], cut: number): [Step[], Step[]] {
  const i = Math.min(steps.length - 1, Math.floor(cut * steps.length));
  const s = steps[i]!;
  if (s.kind === "run" && s.ticks > 1) {
    const a = Math.floor(s.ticks * ((cut * steps.length) % 1));
    return [[...steps.slice(0, i), { kind: "run", ticks: a }], [{ kind: "run", ticks: s.ticks - a }, ...steps.slice(i + 1)]];
  }
  return [steps.slice(0, i), steps.slice(i)];
}
