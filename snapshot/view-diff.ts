// What differs between two machine states, in kernel terms: processes added
// or exited, pc/registers/state/wait channel, fds and offsets, pipe bytes, tty
// modes and queues, tape positions, files, virtual time, memory pages changed
// per process. Anything the kernel-terms comparison does not explain is still
// reported by its declared path ("other"), so a difference is never hidden.

import type { KernelConfig, KernelState } from "../kernel/kernel.js";
import { KernelState as KernelStateSchema } from "../kernel/state.js";
import { diff as schemaDiff, type Schema, t } from "../state/index.js";
import type { Outside } from "./outside.js";
import { safeText } from "./escape.js";
import { sameContents } from "../kernel/file-blocks.js";
import { type FdView, type MachineView, type ProcView, viewOf } from "./view.js";

/** One difference: what (`process 5 fd 3 offset`), and the two values (null = absent). */
export interface Change {
  what: string;
  before: unknown;
  after: unknown;
}

/** A machine as diff sees it. */
export interface DiffInput {
  config: KernelConfig;
  state: KernelState;
  outside: Outside;
}

/** Every difference between `a` and `b`, in kernel terms first, then any other declared field. */
export function diffMachines(a: DiffInput, b: DiffInput): Change[] {
  const va = viewOf(a.config, a.state);
  const vb = viewOf(b.config, b.state);
  const out: Change[] = [];
  const add = (what: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ what, before, after });
  };
  add("virtual time", va.time, vb.time);
  add("config", va.config, vb.config);
  add("panic", va.panic, vb.panic);
  diffProcs(a.state, b.state, va, vb, out, add);
  diffKeyed("pipe", va.pipes, vb.pipes, (p) => p.id, add);
  diffKeyed("", va.ttys, vb.ttys, (t) => t.tty, add);
  diffKeyed("tape", va.tapes, vb.tapes, (d) => d.unit, add);
  diffFiles(a.state, b.state, add);
  add("timers", va.timers, vb.timers);
  add("outside reels", a.outside.reels, b.outside.reels);
  add("outside terminals", a.outside.terminals, b.outside.terminals);
  for (const d of otherDifferences(a.state, b.state)) out.push({ what: `other ${d.path}`, before: d.before, after: d.after });
  return out;
}

type Add = (what: string, before: unknown, after: unknown) => void;

function diffProcs(sa: KernelState, sb: KernelState, va: MachineView, vb: MachineView, out: Change[], add: Add): void {
  const pa = new Map(va.procs.map((p) => [p.pid, p]));
  const pb = new Map(vb.procs.map((p) => [p.pid, p]));
  for (const pid of [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y)) {
    const x = pa.get(pid);
    const y = pb.get(pid);
    if (!x) out.push({ what: `process ${pid}`, before: null, after: `added: ${describe(y!)}` });
    else if (!y) out.push({ what: `process ${pid}`, before: describe(x), after: "exited (gone)" });
    else {
      const label = `process ${pid} (${y.command})`;
      for (const k of ["ppid", "pgid", "sid", "tty", "state", "chan", "pc", "argv", "pendingSignals", "blockedSignals", "regions"] as const) {
        add(`${label} ${k}`, x[k], y[k]);
      }
      const ha = sa.procs.get(pid)!.hart;
      const hb = sb.procs.get(pid)!.hart;
      for (let r = 1; r < 32; r++) if (ha.x[r] !== hb.x[r]) add(`${label} x${r}`, hex(ha.x[r]!), hex(hb.x[r]!));
      add(`${label} instret`, ha.instret, hb.instret);
      diffKeyed(`${label} fd`, x.fds, y.fds, (f: FdView) => f.fd, add);
      const m = pageChanges(sa.procs.get(pid)!.mem.pages, sb.procs.get(pid)!.mem.pages);
      if (m.changed + m.added + m.removed > 0) {
        out.push({ what: `${label} memory pages`, before: x.pages, after: `${y.pages} (${m.changed} changed, ${m.added} added, ${m.removed} removed)` });
      }
    }
  }
}

function describe(p: ProcView): string {
  return `${p.argv.join(" ") || p.command} ${p.state} pc ${p.pc}`;
}

/** Compare two lists of records keyed by `key`, field by field. */
function diffKeyed<T extends object>(label: string, a: T[], b: T[], key: (x: T) => number | string, add: Add): void {
  const ma = new Map(a.map((x) => [key(x), x]));
  const mb = new Map(b.map((x) => [key(x), x]));
  const name = (k: number | string) => (label === "" ? String(k) : `${label} ${k}`);
  for (const k of new Set([...ma.keys(), ...mb.keys()])) {
    const x = ma.get(k);
    const y = mb.get(k);
    if (!x || !y) {
      add(name(k), x ?? null, y ?? null);
      continue;
    }
    for (const f of Object.keys(y) as (keyof T & string)[]) add(`${name(k)} ${f}`, x[f], y[f]);
  }
}

function pageChanges(a: Map<number, Uint8Array>, b: Map<number, Uint8Array>): { changed: number; added: number; removed: number } {
  let changed = 0;
  let added = 0;
  let removed = 0;
  for (const [vpn, p] of b) {
    const q = a.get(vpn);
    if (!q) added++;
    else if (!bytesEqual(p, q)) changed++;
  }
  for (const vpn of a.keys()) if (!b.has(vpn)) removed++;
  return { changed, added, removed };
}

function diffFiles(a: KernelState, b: KernelState, add: Add): void {
  for (const ino of new Set([...a.inodes.keys(), ...b.inodes.keys()])) {
    const x = a.inodes.get(ino);
    const y = b.inodes.get(ino);
    if (!x || !y) {
      add(`inode ${ino}`, x ? `${x.type}, ${x.size} bytes` : null, y ? `${y.type}, ${y.size} bytes` : null);
      continue;
    }
    if (!sameContents(x, y)) add(`inode ${ino} contents`, `${x.size} bytes`, `${y.size} bytes (changed)`);
    add(`inode ${ino} entries`, x.entries.map((e) => e.name), y.entries.map((e) => e.name));
  }
}

/** Paths already explained by the kernel-terms comparison above. */
const EXPLAINED = [
  /^\$\.clock$/,
  /^\$\.panic$/,
  /^\$\.procs\[\d+\]$/,
  /^\$\.procs\[\d+\]\.(ppid|pgid|sid|ctty|state|chan(\.\w+)?|argv(\[\d+\])?|comm|sigPending|sigMask|fds\[\d+\].*|hart\..*|mem\..*)$/,
  /^\$\.openFiles\[\d+\]\.(offset|flags)$/,
  /^\$\.pipes\[\d+\].*$/,
  /^\$\.inodes\[\d+\].*$/,
  /^\$\.ttys\[\d+\]\.(sid|fgPgrp|ld\.(iflag|oflag|lflag|input|editing|output|rows|cols))$/,
  /^\$\.drives\[\d+\]\.(openCount|drive\.(reel.*|writable|position|fileNo|blockNo|bot|eof|eot|online|dirty))$/,
  /^\$\.timers.*$/,
];

/** Declared fields that differ and that the kernel-terms view does not show (pages compared above, not here). */
function otherDifferences(a: KernelState, b: KernelState): { path: string; before: unknown; after: unknown }[] {
  const noPages = stripPages(KernelStateSchema);
  return schemaDiff(noPages, a, b).filter((d) => !EXPLAINED.some((re) => re.test(d.path)));
}

/** The same schema with page maps replaced by an empty struct (their diff is counted per process instead). */
function stripPages(s: Schema): Schema {
  switch (s.kind) {
    case "pages":
      return t.struct({});
    case "array":
    case "map":
    case "optional":
      return { ...s, of: stripPages(s.of) } as Schema;
    case "struct":
      return { kind: "struct", fields: Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, stripPages(f)])) };
    case "union":
      return { ...s, variants: Object.fromEntries(Object.entries(s.variants).map(([k, v]) => [k, stripPages(v)])) } as Schema;
    default:
      return s;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}

/** One line per change: `process 5 (sh) pc: 0x… → 0x…`. Names and argv from the snapshots are escaped. */
export function formatChanges(changes: Change[]): string[] {
  const show = (v: unknown) => (v === null || v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
  return changes.map((c) => safeText(`${c.what}: ${show(c.before)} → ${show(c.after)}`));
}
