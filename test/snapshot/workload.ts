// Random workloads for the fidelity properties: keystrokes and commands typed
// into the shells of a booted machine, interleaved with random run lengths.
// The command pool reaches the states a restart must get right (SCENARIOS):
// pipelines, background and stopped jobs, writers blocked on full pipes and
// readers on empty ones, sleeping processes, raw-mode terminals with pending
// input, partial canonical lines, pending signals, files in /tmp.

import fc from "fast-check";
import { Machine } from "../../machine/machine.js";

export type Step = { kind: "send"; tty: number; text: string } | { kind: "run"; ticks: number };

/** Commands and keys, each a plausible thing to type at a shell (or at whatever runs in the foreground). */
export const POOL: readonly string[] = [
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

/** The running tick counts are small: a CI run must stay cheap (the CPU does ~10–50 M instructions a second). */
export function stepsArb(maxSteps: number, maxTicks: number): fc.Arbitrary<Step[]> {
  const send = fc.record({ kind: fc.constant("send" as const), tty: fc.integer({ min: 0, max: 1 }), text: fc.constantFrom(...POOL) });
  const run = fc.record({ kind: fc.constant("run" as const), ticks: fc.integer({ min: 0, max: maxTicks }) });
  return fc.array(fc.oneof({ arbitrary: send, weight: 3 }, { arbitrary: run, weight: 2 }), { minLength: 1, maxLength: maxSteps });
}

/** Apply `steps` to `m`. */
export function apply(m: Machine, steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === "send") m.tty(s.tty).send(s.text);
    else m.run(s.ticks);
  }
}

/** Cut `steps` at `cut` (0..1), splitting a run step in two when the cut falls inside it. */
export function splitAt(steps: readonly Step[], cut: number): [Step[], Step[]] {
  const i = Math.min(steps.length - 1, Math.floor(cut * steps.length));
  const s = steps[i]!;
  if (s.kind === "run" && s.ticks > 1) {
    const a = Math.floor(s.ticks * ((cut * steps.length) % 1));
    return [[...steps.slice(0, i), { kind: "run", ticks: a }], [{ kind: "run", ticks: s.ticks - a }, ...steps.slice(i + 1)]];
  }
  return [steps.slice(0, i), steps.slice(i)];
}

let booted: Uint8Array | null = null;

/** A freshly booted machine with its shells at their prompts (booted once, then restored: cheap). */
export function bootedMachine(): Machine {
  if (!booted) {
    const m = Machine.boot({ ttys: 2 });
    m.run();
    booted = m.checkpoint();
  }
  return Machine.restore(booted);
}

/** Property-test run count: FC_NUM_RUNS, else `long` under CRYOBOX_LONG=1, else `ci`. */
export function numRuns(ci: number, long: number): number {
  const env = Number(process.env.FC_NUM_RUNS);
  if (Number.isInteger(env) && env > 0) return env;
  return process.env.CRYOBOX_LONG === "1" ? long : ci;
}
