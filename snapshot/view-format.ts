// Text forms of the kernel-terms view (view.ts): the console's `ps`, `show
// ttys|pipes|tapes|mem`, and `cryobox inspect`'s readable output. Each returns
// lines without trailing newlines; columns are padded for reading, not parsing
// (scripts use `inspect --json`).

import type { MachineView } from "./view.js";
import { safeText } from "./escape.js";

/** Pad the cells of `rows` into aligned columns. Cells hold text from the machine (argv, paths): escaped here. */
function table(raw: string[][]): string[] {
  const rows = raw.map((r) => r.map(safeText));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd());
}

/** `ps`: one line per process. */
export function formatProcs(v: MachineView): string[] {
  const rows = [["PID", "PPID", "PGID", "SID", "TTY", "STATE", "PC", "WCHAN", "COMMAND"]];
  for (const p of v.procs) {
    rows.push([String(p.pid), String(p.ppid), String(p.pgid), String(p.sid), p.tty ?? "-", p.state, p.pc, p.chan || "-", p.argv.join(" ") || p.command]);
  }
  return table(rows);
}

/** Each process's open fds. */
export function formatFds(v: MachineView): string[] {
  const rows = [["PID", "FD", "FILE", "KIND", "PATH/PIPE", "OFFSET", "FLAGS"]];
  for (const p of v.procs) {
    for (const f of p.fds) {
      const what = f.pipe !== null ? `pipe ${f.pipe}` : (f.path ?? "-");
      rows.push([String(p.pid), String(f.fd), String(f.file), f.kind, what, String(f.offset), f.flags + (f.cloexec ? " cloexec" : "")]);
    }
  }
  return table(rows);
}

/** `show ttys`. */
export function formatTtys(v: MachineView): string[] {
  const rows = [["TTY", "SID", "FGPGRP", "INPUT", "LINE", "OUTPUT", "SIZE", "MODE"]];
  for (const t of v.ttys) {
    rows.push([t.tty, String(t.sid), String(t.fgPgrp), String(t.queuedInput), String(t.partialLine), String(t.queuedOutput), `${t.rows}x${t.cols}`, t.mode]);
  }
  return table(rows);
}

/** `show pipes`. */
export function formatPipes(v: MachineView): string[] {
  if (v.pipes.length === 0) return ["no pipes"];
  return table([["PIPE", "BUFFERED", "READERS", "WRITERS"], ...v.pipes.map((p) => [String(p.id), String(p.buffered), String(p.readers), String(p.writers)])]);
}

/** `show tapes`. */
export function formatTapes(v: MachineView): string[] {
  const rows = [["UNIT", "REEL", "FILE", "BLOCK", "POSITION", "FLAGS", "SHA256"]];
  for (const d of v.tapes) {
    rows.push([
      String(d.unit),
      d.reel ? `${d.reel.path}${d.writable ? "" : " (ro)"}` : "(offline)",
      String(d.fileNumber),
      String(d.blockNumber),
      String(d.position),
      d.flags || "-",
      d.reel ? d.reel.sha256.slice(0, 16) : "-",
    ]);
  }
  return table(rows);
}

/** `show mem`: touched pages and regions per process. */
export function formatMem(v: MachineView): string[] {
  const rows = [["PID", "PAGES", "KIB", "REGIONS"]];
  for (const p of v.procs) {
    rows.push([String(p.pid), String(p.pages), String(p.pages * 4), p.regions.map((r) => `${r.name}:${r.start}-${r.end}:${r.perm}`).join(" ")]);
  }
  return table(rows);
}
