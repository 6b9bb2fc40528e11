// The machine-wide files of /proc, in Linux's formats, with only the fields
// cryobox can fill honestly (generated from kernel state on every read):
//   meminfo  MemTotal/MemFree/MemAvailable from the memory limit and the pages
//            the machine holds (cpu/page-store.ts); Buffers, Cached, SwapTotal,
//            SwapFree 0 (there are none).
//   mounts   "source dir type options 0 0" per mount: tmpfs on /, procfs, each
//            disk (a host directory: type 9p, see sys-statfs.ts). Also /proc/<pid>/mounts.
//   uptime   seconds since boot in virtual time; the idle time (second field)
//            is not kept and reads 0.00.
//   loadavg  the load average (kernel/loadavg.ts), runnable/all processes, the
//            last pid handed out.

import type { Kernel } from "./kernel.js";
import { TICKS_PER_SECOND } from "./param.js";
import { PAGE_SIZE } from "../cpu/memory.js";
import { mounts } from "./mount.js";
import { pathOf } from "./vfs.js";
import { memoryPages } from "./sys-sysinfo.js";
import { loadText, runnableCount } from "./loadavg.js";

export const SYS_FILES = ["loadavg", "meminfo", "mounts", "uptime"] as const;
export type SysFile = (typeof SYS_FILES)[number];

/** Linux's /proc/meminfo line: the name padded to 16, the value in kB right-aligned in 8. */
function kbLine(name: string, kb: number): string {
  return `${(name + ":").padEnd(16)}${String(kb).padStart(8)} kB\n`;
}

function meminfo(k: Kernel): string {
  const { total, free } = memoryPages(k);
  const kb = (pages: number) => (pages * PAGE_SIZE) / 1024;
  return kbLine("MemTotal", kb(total)) + kbLine("MemFree", kb(free)) + kbLine("MemAvailable", kb(free)) +
    kbLine("Buffers", 0) + kbLine("Cached", 0) + kbLine("SwapTotal", 0) + kbLine("SwapFree", 0);
}

/** A path as /proc/mounts writes it: space, tab, newline and backslash as octal escapes. */
function escapePath(p: string): string {
  return p.replace(/[ \t\n\\]/g, (c) => "\\" + c.charCodeAt(0).toString(8).padStart(3, "0"));
}

/** The mount table: one line per mounted file system, the root first. */
export function mountsText(k: Kernel): string {
  const lines = ["tmpfs / tmpfs rw 0 0"];
  for (const m of mounts(k)) {
    const dir = escapePath(pathOf(k, m.at));
    if (m.mount.kind === "proc") lines.push(`proc ${dir} proc rw,nosuid,nodev,noexec 0 0`);
    else lines.push(`disk${m.mount.dev} ${dir} 9p rw,sync 0 0`);
  }
  return lines.join("\n") + "\n";
}

function uptime(k: Kernel): string {
  const sec = Math.floor(k.state.clock / TICKS_PER_SECOND);
  const hundredths = Math.floor(((k.state.clock % TICKS_PER_SECOND) * 100) / TICKS_PER_SECOND);
  return `${sec}.${String(hundredths).padStart(2, "0")} 0.00\n`;
}

function loadavg(k: Kernel): string {
  const s = k.state;
  const last = s.nextPid > 1 ? s.nextPid - 1 : 0;
  return `${loadText(s.load1)} ${loadText(s.load5)} ${loadText(s.load15)} ${runnableCount(k)}/${s.procs.size} ${last}\n`;
}

/** The text of machine-wide procfs file `name`. */
export function sysText(k: Kernel, name: SysFile): string {
  switch (name) {
    case "meminfo":
      return meminfo(k);
    case "mounts":
      return mountsText(k);
    case "uptime":
      return uptime(k);
    case "loadavg":
      return loadavg(k);
  }
}
