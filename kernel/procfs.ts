// procfs: /proc/<pid>/stat (Linux format), /proc/<pid>/cmdline, status and
// mounts, /proc/self, the machine-wide files (meminfo, mounts, uptime, loadavg:
// procfs-sys.ts) and the /proc directory listing — generated from kernel state
// on every read, never stored.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EISDIR, ENOENT } from "./errno.js";
import { TICKS_PER_SECOND } from "./param.js";
import { SYS_FILES, type SysFile, mountsText, sysText } from "./procfs-sys.js";

/** What a procfs path names: the root dir, a pid dir, or a file. */
export type ProcNode =
  | { kind: "root" }
  | { kind: "pid"; pid: number }
  | { kind: "file"; pid: number; name: PidFile }
  | { kind: "sys"; name: SysFile };

const FILES = ["cmdline", "mounts", "stat", "status"] as const;
type PidFile = (typeof FILES)[number];

/** Resolve a path below /proc for process p; −ENOENT when it names nothing. */
export function procLookup(k: Kernel, p: ProcState, path: string): ProcNode | number {
  const parts = path.split("/").filter((c) => c !== "" && c !== ".");
  if (parts.length === 0) return { kind: "root" };
  if (parts.length === 1 && (SYS_FILES as readonly string[]).includes(parts[0]!)) return { kind: "sys", name: parts[0] as SysFile };
  const first = parts[0] === "self" ? String(p.pid) : parts[0]!;
  if (!/^[0-9]+$/.test(first)) return -ENOENT;
  const pid = Number(first);
  if (!k.state.procs.has(pid)) return -ENOENT;
  if (parts.length === 1) return { kind: "pid", pid };
  if (parts.length === 2 && (FILES as readonly string[]).includes(parts[1]!)) {
    return { kind: "file", pid, name: parts[1] as PidFile };
  }
  return -ENOENT;
}

/** Inode numbers of the machine-wide files: below the pids' (PROC_INO + pid × 16, pid ≥ 1). */
export const SYS_INO = 0x40000000 + 1;

const STATE_LETTER = { runnable: "R", sleeping: "S", stopped: "T", zombie: "Z" } as const;

/** The text of a procfs file. */
function procText(k: Kernel, q: ProcState, name: PidFile): Uint8Array {
  const enc = new TextEncoder();
  if (name === "mounts") return enc.encode(mountsText(k)); // one mount namespace: every process sees the same
  if (name === "cmdline") return enc.encode(q.argv.map((a) => a + "\0").join(""));
  const tty = q.ctty >= 0 ? k.state.ttys[q.ctty] : undefined;
  if (name === "status") {
    return enc.encode(`Name:\t${q.comm}\nState:\t${STATE_LETTER[q.state]}\nPid:\t${q.pid}\nPPid:\t${q.ppid}\n` +
      `SigPnd:\t${hex8(q.sigPending)}\nSigBlk:\t${hex8(q.sigMask)}\n`);
  }
  const ttyNr = q.ctty >= 0 ? (4 << 8) | q.ctty : 0;
  const tpgid = tty && tty.sid === q.sid ? tty.fgPgrp : -1;
  const clk = Math.floor((q.utime * 100) / TICKS_PER_SECOND); // clock ticks of 100 Hz
  const start = Math.floor((q.startTime * 100) / TICKS_PER_SECOND);
  const fields = [
    q.pid, `(${q.comm})`, STATE_LETTER[q.state], q.ppid, q.pgid, q.sid, ttyNr, tpgid,
    0, 0, 0, 0, 0, clk, 0, 0, 0, 20, 0, 1, 0, start, q.mem.pages.size * 4096, q.mem.pages.size,
  ];
  return enc.encode(fields.join(" ") + "\n");
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(16, "0");
}

/** read(2) of a procfs file at `offset`. */
export function procRead(k: Kernel, p: ProcState, path: string, offset: number, len: number): Uint8Array | number {
  const node = procLookup(k, p, path);
  if (typeof node === "number") return node;
  if (node.kind === "sys") return slice(new TextEncoder().encode(sysText(k, node.name)), offset, len);
  if (node.kind !== "file") return -EISDIR;
  const q = k.state.procs.get(node.pid);
  if (!q) return new Uint8Array(0);
  return slice(procText(k, q, node.name), offset, len);
}

function slice(text: Uint8Array, offset: number, len: number): Uint8Array {
  return text.slice(Math.min(offset, text.length), Math.min(offset + len, text.length));
}

/** The entries of a procfs directory: [name, d_type, ino]. */
export function procEntries(k: Kernel, p: ProcState, path: string): [string, number, number][] | number {
  const node = procLookup(k, p, path);
  if (typeof node === "number") return node;
  if (node.kind === "root") {
    const pids = [...k.state.procs.keys()].sort((a, b) => a - b);
    const sys = SYS_FILES.map((f, i): [string, number, number] => [f, 8, SYS_INO + i]);
    return [...sys, ["self", 4, 0x40000000], ...pids.map((pid): [string, number, number] => [String(pid), 4, 0x40000000 + pid * 16])];
  }
  if (node.kind === "pid") return FILES.map((f, i): [string, number, number] => [f, 8, 0x40000000 + node.pid * 16 + i + 1]);
  return -ENOENT;
}
