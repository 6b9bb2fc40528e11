// Wait channels: what a sleeping process waits for, as typed plain data.
//
// A channel used to be a string ("pipe:3:r") built in two dozen places and
// parsed back with a regex by the restore validator, so a new kind of sleep
// (a terminal line's transmission time, a tape drive waiting for its volume)
// could be written into a snapshot that the validator then refused. Here each
// kind is a variant of one declared union (ProcState.chan), built by the
// functions below, compared by sameChan, and checked by validate.ts with a
// switch the compiler keeps exhaustive. `chanText` gives the old text form
// for people (strace-style traces, inspect) and for the procs v2 upgrade.

import { type Infer, t } from "../state/index.js";

export const WaitChan = t.union("kind", {
  none: t.struct({}), // not sleeping
  pipe: t.struct({ pipe: t.u32, end: t.enum("r", "w") }), // data to read (r) or room to write (w)
  child: t.struct({ pid: t.u32 }), // wait(2): a change in one of pid's children (pid = the sleeper)
  timer: t.struct({ pid: t.u32 }), // nanosleep and friends: only pid's timer wakes it (pid = the sleeper)
  poll: t.struct({ pid: t.u32 }), // poll/select: any wake-up re-checks (pid = the sleeper)
  // tty n: input (in), room in the output queue (out), a background stop (bg), the line's transmission time (line)
  tty: t.struct({ n: t.u32, end: t.enum("in", "out", "bg", "line") }),
  sock: t.struct({ sock: t.u32 }), // a socket's state or buffers changed
  tape: t.struct({ unit: t.u32 }), // a tape drive waiting for its volume to be mounted
  fifo: t.struct({ ino: t.u32, end: t.enum("r", "w") }), // open(2) of FIFO ino waiting for a writer (r) or a reader (w) (kernel/fifo.ts)
});
export type WaitChan = Infer<typeof WaitChan>;
export type WaitKind = WaitChan["kind"];

/** Not sleeping. A new object each time: state values never share objects. */
export const noChan = (): WaitChan => ({ kind: "none" });
export const pipeChan = (pipe: number, end: "r" | "w"): WaitChan => ({ kind: "pipe", pipe, end });
export const childChan = (pid: number): WaitChan => ({ kind: "child", pid });
export const timerChan = (pid: number): WaitChan => ({ kind: "timer", pid });
export const pollChan = (pid: number): WaitChan => ({ kind: "poll", pid });
export const ttyChan = (n: number, end: "in" | "out" | "bg" | "line"): WaitChan => ({ kind: "tty", n, end });
export const sockChan = (sock: number): WaitChan => ({ kind: "sock", sock });
export const tapeChan = (unit: number): WaitChan => ({ kind: "tape", unit });
export const fifoChan = (ino: number, end: "r" | "w"): WaitChan => ({ kind: "fifo", ino, end });

/** Do a and b name the same channel? */
export function sameChan(a: WaitChan, b: WaitChan): boolean {
  if (a.kind !== b.kind) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (x[key] !== y[key]) return false;
  return true;
}

/** The text form ("pipe:3:r", "tty:0:in", "" for none): for traces and inspect, and what procs v2 stored. */
export function chanText(c: WaitChan): string {
  switch (c.kind) {
    case "none":
      return "";
    case "pipe":
      return `pipe:${c.pipe}:${c.end}`;
    case "fifo":
      return `fifo:${c.ino}:${c.end}`;
    case "tty":
      return `tty:${c.n}:${c.end}`;
    case "sock":
      return `sock:${c.sock}`;
    case "tape":
      return `tape:${c.unit}`;
    case "child":
    case "timer":
    case "poll":
      return `${c.kind}:${c.pid}`;
  }
}

const TEXT = /^(pipe|child|timer|tty|poll|sock|tape):(\d{1,10})(?::(r|w|in|out|bg|line))?$/;

/** Parse the text form back (procs v2 snapshots stored it); null when it is no channel. */
export function parseChanText(s: string): WaitChan | null {
  if (s === "") return noChan();
  const m = TEXT.exec(s);
  if (!m) return null;
  const id = Number(m[2]);
  if (id > 0xffff_ffff) return null;
  const end = m[3];
  switch (m[1]) {
    case "pipe":
      return end === "r" || end === "w" ? pipeChan(id, end) : null;
    case "tty":
      return end === "in" || end === "out" || end === "bg" || end === "line" ? ttyChan(id, end) : null;
  }
  if (end !== undefined) return null;
  switch (m[1]) {
    case "child":
      return childChan(id);
    case "timer":
      return timerChan(id);
    case "poll":
      return pollChan(id);
    case "sock":
      return sockChan(id);
    default:
      return tapeChan(id);
  }
}
