// What `cryobox inspect` and `diff` add to the snapshot layer's views for the
// command line: every process's registers (diff compares them, so inspect
// shows them), the structured form of a diff for --json, and the usage texts.

import type { KernelState } from "../kernel/state.js";
import type { Change } from "../snapshot/view-diff.js";

export const INSPECT_USAGE = `usage: cryobox inspect FILE [--json] [--chain DIR]...
  Show a snapshot (whole-system or job) in kernel terms: processes with their registers, open files,
  pipes, terminals, tape drives, memory, outside resources, sections. --json: the same as JSON.
  An incremental snapshot's chain is found in FILE's folder and each --chain DIR, and shown.
  Exit status: 0 shown, 2 unreadable or damaged file (one line on stderr).
`;

export const DIFF_USAGE = `usage: cryobox diff A B [--json]
  Show what differs between two snapshots, in kernel terms (process by process, registers, pipes,
  terminals, files, …). --json: a list of {what, object, field, before, after}.
  Exit status: 0 same, 1 different, 2 unreadable or damaged file.
`;

const ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;

/** Registers of every process, by pid: pc and x1..x31 (ABI names), hex. */
export function registersOf(state: KernelState): Record<number, Record<string, string>> {
  const out: Record<number, Record<string, string>> = {};
  for (const p of state.procs.values()) {
    const r: Record<string, string> = { pc: hex(p.hart.pc) };
    for (let i = 1; i < 32; i++) r[ABI[i]!] = hex(p.hart.x[i] ?? 0);
    out[p.pid] = r;
  }
  return out;
}

/** Readable register dump: one block per process, four registers a line. */
export function formatRegisters(state: KernelState): string[] {
  const lines: string[] = [];
  for (const [pid, regs] of Object.entries(registersOf(state))) {
    lines.push(`pid ${pid}: pc ${regs.pc}`);
    const names = ABI.slice(1);
    for (let i = 0; i < names.length; i += 4) {
      lines.push("  " + names.slice(i, i + 4).map((n) => `${n.padStart(4)} ${regs[n]}`).join("  "));
    }
  }
  return lines;
}

/** A change with its object and field picked out of the kernel-terms label (`process 3 x10`). */
export interface StructuredChange {
  what: string;
  object: { kind: string; id: number | null; command?: string };
  field: string | null;
  before: unknown;
  after: unknown;
}

const OBJECT = /^(process|pipe|inode|tape) ([0-9]+)(?: \(([^)]*)\))?(?: (.+))?$/;
const TTY = /^tty([0-9]+)(?: (.+))?$/;

/** diff --json: each change as { what, object: {kind, id[, command]}, field, before, after }. */
export function structureChanges(changes: Change[]): StructuredChange[] {
  return changes.map((c) => {
    const base = { what: c.what, before: c.before, after: c.after };
    const m = OBJECT.exec(c.what);
    if (m) {
      const object = m[3] !== undefined ? { kind: m[1]!, id: Number(m[2]), command: m[3] } : { kind: m[1]!, id: Number(m[2]) };
      return { ...base, object, field: m[4] ?? null };
    }
    const t = TTY.exec(c.what);
    if (t) return { ...base, object: { kind: "tty", id: Number(t[1]) }, field: t[2] ?? null };
    const other = /^other (.+)$/.exec(c.what);
    if (other) return { ...base, object: { kind: "state", id: null }, field: other[1]! };
    return { ...base, object: { kind: "machine", id: null }, field: c.what };
  });
}
