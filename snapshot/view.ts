// The kernel-terms view of a machine: processes, fds, pipes, terminals, tape
// drives, memory — plain JSON-able data computed from a KernelState (live or
// decoded from a snapshot). inspect, diff and the console's ps/show all use it,
// so they always agree. Text formatting lives in view-format.ts.

import type { KernelConfig, KernelState } from "../kernel/kernel.js";
import { L, I, O } from "../devices/tty/termios.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";
import { chanText } from "../kernel/wait-channel.js";

export interface FdView {
  fd: number;
  file: number; // open-file description id (shared across fork/dup)
  kind: string; // file, dir, chr, pipe-r, pipe-w, tty, tape, null, zero, proc, closed?
  path: string | null; // file path ("/tmp/x", "(deleted)"), device path, procfs path
  pipe: number | null;
  offset: number;
  flags: string; // "O_WRONLY|O_APPEND"
  cloexec: boolean;
}

export interface ProcView {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: string; // runnable, sleeping, stopped, zombie
  chan: string; // wait channel while sleeping, in text form ("pipe:3:r", kernel/wait-channel.ts chanText); "" otherwise
  command: string;
  argv: string[];
  pc: string; // hex
  tty: string | null; // "tty0", or null
  pendingSignals: number[];
  blockedSignals: number[];
  pages: number; // touched pages
  regions: { start: string; end: string; perm: string; name: string }[];
  fds: FdView[];
}

export interface PipeView {
  id: number;
  buffered: number;
  readers: number;
  writers: number;
}

export interface TtyView {
  tty: string;
  mode: string; // "icanon echo isig …" or "-icanon -echo …"
  queuedInput: number; // bytes ready to read
  partialLine: number; // bytes typed on the current (canonical) line
  queuedOutput: number; // displayed bytes not yet taken by the host
  sid: number;
  fgPgrp: number;
  rows: number;
  cols: number;
}

export interface TapeView {
  unit: number;
  mounted: boolean;
  reel: { path: string; size: number; sha256: string } | null;
  writable: boolean;
  fileNumber: number;
  blockNumber: number;
  position: number;
  flags: string; // "online bot", "offline", "eof", "eot", "written"
  openCount: number;
}

export interface MachineView {
  time: number; // ticks
  seconds: number; // virtual seconds
  config: KernelConfig;
  panic: string;
  procs: ProcView[];
  pipes: PipeView[];
  ttys: TtyView[];
  tapes: TapeView[];
  files: { inodes: number; bytes: number };
  timers: { time: number; kind: string; target: number }[];
}

/** The view of a machine state (must already conform to KernelState; a damaged reference shows as "?"). */
export function viewOf(config: KernelConfig, s: KernelState): MachineView {
  const paths = inodePaths(s);
  let bytes = 0;
  for (const ino of s.inodes.values()) bytes += ino.size;
  return {
    time: s.clock,
    seconds: s.clock / TICKS_PER_SECOND,
    config: { ttys: config.ttys, drives: config.drives, memoryLimit: config.memoryLimit },
    panic: s.panic,
    procs: [...s.procs.values()].sort((a, b) => a.pid - b.pid).map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      pgid: p.pgid,
      sid: p.sid,
      state: p.state,
      chan: chanText(p.chan),
      command: p.comm,
      argv: [...p.argv],
      pc: hex(p.hart.pc),
      tty: p.ctty >= 0 ? `tty${p.ctty}` : null,
      pendingSignals: signalList(p.sigPending),
      blockedSignals: signalList(p.sigMask),
      pages: p.mem.pages.size,
      regions: p.mem.regions.map((r) => ({ start: hex(r.start), end: hex(r.end), perm: permString(r.perm), name: r.name })),
      fds: p.fds.flatMap((slot, fd) => (slot.file < 0 ? [] : [fdView(s, paths, fd, slot.file, slot.cloexec)])),
    })),
    pipes: [...s.pipes.values()].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, buffered: p.buf.length, readers: p.readers, writers: p.writers })),
    ttys: s.ttys.map((t, n) => ({
      tty: `tty${n}`,
      mode: ttyMode(t.ld.iflag, t.ld.oflag, t.ld.lflag),
      queuedInput: t.ld.input.length,
      partialLine: t.ld.editing.length,
      queuedOutput: t.ld.output.length,
      sid: t.sid,
      fgPgrp: t.fgPgrp,
      rows: t.ld.rows,
      cols: t.ld.cols,
    })),
    tapes: s.drives.map(({ drive: d, openCount }, unit) => ({
      unit,
      mounted: d.reel !== null,
      reel: d.reel ? { path: d.reel.path, size: d.reel.size, sha256: d.reel.sha256 } : null,
      writable: d.writable,
      fileNumber: d.fileNo,
      blockNumber: d.blockNo,
      position: d.position,
      flags: [d.online ? "online" : "offline", d.bot ? "bot" : "", d.eof ? "eof" : "", d.eot ? "eot" : "", d.dirty ? "written" : ""].filter((x) => x).join(" "),
      openCount,
    })),
    files: { inodes: s.inodes.size, bytes },
    timers: s.timers.map((t) => ({ time: t.time, kind: t.kind, target: t.target })),
  };
}

function fdView(s: KernelState, paths: Map<number, string>, fd: number, id: number, cloexec: boolean): FdView {
  const f = s.openFiles.get(id);
  const base = { fd, file: id, cloexec, pipe: null, path: null, offset: 0, flags: "?" };
  if (!f) return { ...base, kind: "?" };
  const common = { ...base, offset: f.offset, flags: openFlags(f.flags) };
  const t = f.target;
  switch (t.kind) {
    case "inode": {
      const ino = s.inodes.get(t.ino);
      return { ...common, kind: ino?.type ?? "?", path: paths.get(t.ino) ?? "(deleted)" };
    }
    case "pipeRead":
      return { ...common, kind: "pipe-r", pipe: t.pipe };
    case "pipeWrite":
      return { ...common, kind: "pipe-w", pipe: t.pipe };
    case "tty":
      return { ...common, kind: "tty", path: `/dev/tty${t.n}` };
    case "tape":
      return { ...common, kind: "tape", path: `/dev/${t.rewind ? "" : "n"}rmt${t.unit}` };
    case "null":
      return { ...common, kind: "null", path: "/dev/null" };
    case "zero":
      return { ...common, kind: "zero", path: "/dev/zero" };
    case "proc":
      return { ...common, kind: "proc", path: t.path };
    case "disk":
      return { ...common, kind: "disk", path: `${paths.get(t.at) ?? "?"}/${t.path}`.replace(/\/+$/, "").replace(/^\/\//, "/") };
    case "socket":
      return { ...common, kind: "socket", path: `socket:[${t.sock}]` };
    case "host":
      return { ...common, kind: "host", path: `host fd ${t.fd}` };
  }
}

/** Path of every reachable inode, walking the tree from the root (first name wins for hard links). */
function inodePaths(s: KernelState): Map<number, string> {
  const out = new Map<number, string>([[s.rootIno, "/"]]);
  const todo = [s.rootIno];
  while (todo.length > 0) {
    const dirIno = todo.pop()!;
    const dir = s.inodes.get(dirIno);
    if (!dir || dir.type !== "dir") continue;
    const prefix = out.get(dirIno) === "/" ? "" : out.get(dirIno)!;
    for (const e of dir.entries) {
      if (out.has(e.ino)) continue;
      out.set(e.ino, `${prefix}/${e.name}`);
      todo.push(e.ino);
    }
  }
  return out;
}

/** Linux open flags (asm-generic fcntl.h) as text. */
export function openFlags(flags: number): string {
  const acc = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][flags & 3]!;
  const names: [number, string][] = [
    [0o100, "O_CREAT"],
    [0o200, "O_EXCL"],
    [0o1000, "O_TRUNC"],
    [0o2000, "O_APPEND"],
    [0o4000, "O_NONBLOCK"],
    [0o200000, "O_DIRECTORY"],
  ];
  return [acc, ...names.filter(([b]) => (flags & b) !== 0).map(([, n]) => n)].join("|");
}

/** The stty-style mode of a terminal: the flags that matter for a restart, "-" for off. */
export function ttyMode(iflag: number, oflag: number, lflag: number): string {
  const bits: [number, number, string][] = [
    [lflag, L.ICANON, "icanon"],
    [lflag, L.ECHO, "echo"],
    [lflag, L.ISIG, "isig"],
    [lflag, L.IEXTEN, "iexten"],
    [iflag, I.ICRNL, "icrnl"],
    [iflag, I.IXON, "ixon"],
    [oflag, O.OPOST, "opost"],
    [oflag, O.ONLCR, "onlcr"],
  ];
  const mode = bits.map(([f, b, n]) => ((f & b) !== 0 ? n : `-${n}`)).join(" ");
  const raw = (lflag & (L.ICANON | L.ISIG)) === 0 && (iflag & I.ICRNL) === 0 && (oflag & O.OPOST) === 0;
  return raw ? `raw ${mode}` : mode;
}

function signalList(set: number): number[] {
  const out: number[] = [];
  for (let sig = 1; sig <= 32; sig++) if ((set >>> (sig - 1)) & 1) out.push(sig);
  return out;
}

function permString(p: number): string {
  return `${p & 1 ? "r" : "-"}${p & 2 ? "w" : "-"}${p & 4 ? "x" : "-"}`;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
