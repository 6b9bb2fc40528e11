// Invariants a restored KernelState must satisfy before the kernel adopts it.
// Each failure is a StateError naming the field, never a misread machine.

import { StateError } from "../state/index.js";
import type { KernelConfig } from "./kernel.js";
import type { KernelState } from "./state.js";
import { validateSockets } from "./socket-validate.js";
import { validatePosixTimers } from "./validate-ptimers.js";
import { NOFILE, NSIG, PIPE_SIZE, QUANTUM } from "./param.js";
import { PAGE_SIZE } from "../cpu/memory.js";
import { NCCS } from "../devices/tty/termios.js";
import { TTY_INPUT_MAX, TTY_MAX_LINE } from "../devices/tty/state.js";
import { validateLimits } from "./validate-limits.js";
import { validateMounts } from "./validate-mounts.js";
import { validateLinks } from "./validate-links.js";
import { chanText, type WaitChan } from "./wait-channel.js";
import { fifoChanProblem, validateFifos } from "./validate-fifo.js";
import { validateSysinfo } from "./sysinfo-state.js";
import type { PageStore } from "../cpu/page-store.js";

const PAGE = PAGE_SIZE;

/**
 * Throw a StateError naming the first broken cross-reference or count. Returns the page reference
 * counts it checked the memory limit with (Kernel.fromState adopts them: one walk of the pages).
 */
export function validateState(config: KernelConfig, s: KernelState): PageStore {
  const fail = (path: string, problem: string): never => {
    throw new StateError(path, problem);
  };
  if (s.ttys.length !== config.ttys) fail("$.ttys", `has ${s.ttys.length} terminals, the configuration says ${config.ttys}`);
  if (s.drives.length !== config.drives) fail("$.drives", `has ${s.drives.length} drives, the configuration says ${config.drives}`);
  if (!s.inodes.has(s.rootIno)) fail("$.rootIno", `names inode ${s.rootIno}, which does not exist`);
  validateMounts(s, fail);
  const refs = new Map<number, number>();
  const queued = new Set(s.runQueue); // sets and maps throughout: validation stays linear in the state's size
  for (const [pid, p] of s.procs) {
    const at = `$.procs[${pid}]`;
    if (p.pid !== pid) fail(`${at}.pid`, `is ${p.pid}, its key is ${pid}`);
    if (p.fds.length !== NOFILE) fail(`${at}.fds`, `has ${p.fds.length} slots, expected ${NOFILE}`);
    if (p.sigActions.length !== NSIG) fail(`${at}.sigActions`, `has ${p.sigActions.length} entries, expected ${NSIG}`);
    if (p.ctty >= s.ttys.length) fail(`${at}.ctty`, `names tty${p.ctty}, which does not exist`);
    if (p.state !== "zombie" && !s.inodes.has(p.cwd)) fail(`${at}.cwd`, `names inode ${p.cwd}, which does not exist`);
    if (p.state !== "zombie" && !queued.has(pid)) fail(`${at}`, "is alive but not in the run queue");
    p.fds.forEach((slot, fd) => {
      if (slot.file < 0) return;
      if (!s.openFiles.has(slot.file)) fail(`${at}.fds[${fd}].file`, `names open file ${slot.file}, which does not exist`);
      refs.set(slot.file, (refs.get(slot.file) ?? 0) + 1);
    });
  }
  for (const pid of s.runQueue) if (!s.procs.has(pid)) fail("$.runQueue", `names pid ${pid}, which does not exist`);
  if (s.current !== -1 && !s.procs.has(s.current)) fail("$.current", `names pid ${s.current}, which does not exist`);
  for (const [id, f] of s.openFiles) {
    const at = `$.openFiles[${id}]`;
    if (f.id !== id) fail(`${at}.id`, `is ${f.id}, its key is ${id}`);
    if ((refs.get(id) ?? 0) !== f.refs) fail(`${at}.refs`, `is ${f.refs}, but ${refs.get(id) ?? 0} fds point at it`);
    const t = f.target;
    if ((t.kind === "pipeRead" || t.kind === "pipeWrite") && !s.pipes.has(t.pipe)) fail(`${at}.target.pipe`, `names pipe ${t.pipe}, which does not exist`);
    if (t.kind === "inode" && !s.inodes.has(t.ino)) fail(`${at}.target.ino`, `names inode ${t.ino}, which does not exist`);
    if (t.kind === "tty" && t.n >= s.ttys.length) fail(`${at}.target.n`, `names tty${t.n}, which does not exist`);
    if (t.kind === "tape" && t.unit >= s.drives.length) fail(`${at}.target.unit`, `names drive ${t.unit}, which does not exist`);
  }
  for (const [id, pipe] of s.pipes) {
    if (pipe.id !== id) fail(`$.pipes[${id}].id`, `is ${pipe.id}, its key is ${id}`);
    if (pipe.buf.length > PIPE_SIZE) fail(`$.pipes[${id}].buf`, `holds ${pipe.buf.length} bytes, more than the pipe size ${PIPE_SIZE}`);
  }
  for (const [ino, n] of s.inodes) {
    if (n.ino !== ino) fail(`$.inodes[${ino}].ino`, `is ${n.ino}, its key is ${ino}`);
    n.entries.forEach((e, i) => {
      if (!s.inodes.has(e.ino)) fail(`$.inodes[${ino}].entries[${i}]`, `"${e.name}" names inode ${e.ino}, which does not exist`);
    });
  }
  const timed = new Set<string>();
  for (const [i, tm] of s.timers.entries()) {
    if (!s.procs.has(tm.target)) fail(`$.timers[${i}].target`, `names pid ${tm.target}, which does not exist`);
    if (s.procs.get(tm.target)!.state === "zombie") fail(`$.timers[${i}].target`, `names pid ${tm.target}, which has exited`);
    const prev = s.timers[i - 1];
    if (prev && (prev.time > tm.time || (prev.time === tm.time && (prev.target > tm.target || (prev.target === tm.target && prev.kind >= tm.kind))))) {
      fail(`$.timers[${i}]`, `is out of order or repeated (time ${tm.time}, pid ${tm.target})`);
    }
    // One sleep timer and one ITIMER_REAL alarm at most per process.
    const id = `${tm.kind}:${tm.target}`;
    if (timed.has(id)) fail(`$.timers[${i}].target`, `pid ${tm.target} has more than one ${tm.kind} timer`);
    timed.add(id);
  }
  validateFifos(s, fail); // first: the open counts below rely on each FIFO pipe naming a FIFO
  validateRelations(s, fail);
  const pages = validateLimits(config, s);
  validateSockets(s, fail);
  validateLinks(s, fail);
  validateSysinfo(s, fail);
  validatePosixTimers(s, fail);
  return pages;
}

type Fail = (path: string, problem: string) => never;

/**
 * The relations the tables above only hint at: parents, groups and sessions,
 * wait channels, pipe/inode/drive counts against the open files, the run
 * queue and quantum, terminals' owners and queues, address-space regions.
 */
function validateRelations(s: KernelState, fail: Fail): void {
  const groupSid = new Map<number, number>(); // pgid -> sid of its live members
  const liveCwds = new Set<number>();
  const sessions = new Set<number>();
  for (const p of s.procs.values()) {
    if (p.state !== "zombie") liveCwds.add(p.cwd);
    sessions.add(p.sid);
  }
  for (const [pid, p] of s.procs) {
    const at = `$.procs[${pid}]`;
    if (pid === 0) fail(`${at}.pid`, "is 0, which is not a process id");
    if (p.ppid !== 0 && !s.procs.has(p.ppid)) fail(`${at}.ppid`, `names pid ${p.ppid}, which does not exist`);
    if (p.ppid === pid) fail(`${at}.ppid`, `is ${p.ppid}, the process itself`);
    if (p.pgid === 0) fail(`${at}.pgid`, "is 0, which is not a process group");
    if (p.sid === 0) fail(`${at}.sid`, "is 0, which is not a session");
    if (p.ctty < -1) fail(`${at}.ctty`, `is ${p.ctty}, expected a tty number or −1`);
    p.fds.forEach((slot, fd) => {
      if (slot.file < -1) fail(`${at}.fds[${fd}].file`, `is ${slot.file}, expected an open-file id or −1`);
    });
    if (p.pid === p.sid && p.pgid !== p.pid) fail(`${at}.pgid`, `is ${p.pgid}, but the process leads session ${p.sid} (a session leader leads its own group)`);
    if (p.hart.x[0] !== 0) fail(`${at}.hart.x[0]`, `is ${p.hart.x[0]}, but register x0 is always 0`);
    if (p.state === "zombie") {
      const fd = p.fds.findIndex((slot) => slot.file !== -1);
      if (fd >= 0) fail(`${at}.fds[${fd}].file`, `is ${p.fds[fd]!.file}, but the process has exited (its files are closed)`);
    }
    if (p.state !== "zombie") {
      const sid = groupSid.get(p.pgid);
      if (sid !== undefined && sid !== p.sid) fail(`${at}.sid`, `is ${p.sid}, but process group ${p.pgid} belongs to session ${sid}`);
      groupSid.set(p.pgid, p.sid);
    }
    if (p.state === "sleeping") {
      const problem = chanProblem(s, pid, p.chan);
      if (problem) fail(`${at}.chan`, problem);
    } else if (p.chan.kind !== "none") fail(`${at}.chan`, `is ${chanText(p.chan)}, but the process is ${p.state}, not sleeping`);
    const regions = p.mem.regions;
    regions.forEach((r, i) => {
      const rat = `${at}.mem.regions[${i}]`;
      if (r.start % PAGE !== 0 || r.end % PAGE !== 0) fail(rat, `[${r.start}, ${r.end}) is not page aligned`);
      if (r.end <= r.start || r.end > 2 ** 32) fail(rat, `[${r.start}, ${r.end}) is empty or beyond 4 GiB`);
      if (i > 0 && r.start < regions[i - 1]!.end) fail(rat, `starts at ${r.start}, inside or before the region before it`);
    });
  }
  // Counts kept beside the open files: each description is one reader/writer, one open of an inode or drive.
  const readers = new Map<number, number>();
  const writers = new Map<number, number>();
  const opens = new Map<number, number>();
  const driveOpens = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [id, f] of s.openFiles) {
    const t = f.target;
    if (t.kind === "pipeRead") bump(readers, t.pipe);
    if (t.kind === "pipeWrite" || (t.kind === "pipeRead" && (f.flags & 3) === 2)) bump(writers, t.pipe); // O_RDWR: a FIFO's both ends
    else if (t.kind === "inode") bump(opens, t.ino);
    else if (t.kind === "tape") bump(driveOpens, t.unit);
    else if (t.kind === "host") fail(`$.openFiles[${id}].target`, "is a host stdio stream, which a machine cannot hold");
  }
  for (const so of s.sockets.values()) if (so.ino !== 0) bump(opens, so.ino); // a bound unix socket holds its file (socket-name.ts)
  for (const pi of s.pipes.values()) if (pi.fifo !== 0) bump(opens, pi.fifo); // a FIFO's pipe holds its inode (fifo.ts)
  for (const [id, pipe] of s.pipes) {
    const r = readers.get(id) ?? 0;
    const w = writers.get(id) ?? 0;
    if (pipe.readers !== r) fail(`$.pipes[${id}].readers`, `is ${pipe.readers}, but ${r} open files read it`);
    if (pipe.writers !== w) fail(`$.pipes[${id}].writers`, `is ${pipe.writers}, but ${w} open files write it`);
    if (r === 0 && w === 0) fail(`$.pipes[${id}]`, "has no open file at either end");
  }
  // Links: how many entries name each inode, and which directory names it.
  const names = new Map<number, number>();
  const namedBy = new Map<number, number>();
  for (const [ino, n] of s.inodes) {
    const isDir = n.type === "dir";
    if (!isDir && n.entries.length > 0) fail(`$.inodes[${ino}].entries`, `has ${n.entries.length} entries, but inode ${ino} is a ${n.type}, not a directory`);
    const seen = new Set<string>();
    n.entries.forEach((e, i) => {
      if (e.name === "" || e.name === "." || e.name === ".." || e.name.includes("/") || e.name.includes("\0")) {
        fail(`$.inodes[${ino}].entries[${i}].name`, `is ${JSON.stringify(e.name)}, which is not a file name`);
      }
      if (seen.has(e.name)) fail(`$.inodes[${ino}].entries[${i}].name`, `"${e.name}" appears twice in the directory`);
      seen.add(e.name);
      bump(names, e.ino);
      namedBy.set(e.ino, ino);
    });
  }
  for (const [ino, n] of s.inodes) {
    const at = `$.inodes[${ino}]`;
    const links = names.get(ino) ?? 0;
    if (n.type === "dir") {
      const linked = ino === s.rootIno || links > 0;
      if (links > 1) fail(`${at}`, `is a directory named by ${links} entries (a directory has one name)`);
      if (ino === s.rootIno && links > 0) fail(`${at}`, "is the root directory, but an entry names it");
      const subdirs = n.entries.filter((e) => s.inodes.get(e.ino)!.type === "dir").length;
      const want = linked ? 2 + subdirs : 0;
      if (n.nlink !== want) fail(`${at}.nlink`, `is ${n.nlink}, but the directory has ${linked ? `${subdirs} subdirectories (expected ${want})` : "no name (expected 0)"}`);
      const parent = ino === s.rootIno ? ino : namedBy.get(ino);
      if (parent !== undefined && n.parent !== parent) fail(`${at}.parent`, `is ${n.parent}, but directory ${parent} holds it`);
    } else if (n.nlink !== links) fail(`${at}.nlink`, `is ${n.nlink}, but ${links} directory entries name it`);
    const isCwd = liveCwds.has(ino);
    if (n.nlink === 0 && (opens.get(ino) ?? 0) === 0 && !isCwd) fail(`${at}`, "has no name, no open file and is no one's cwd (it should have been freed)");
  }
  for (const [ino, n] of s.inodes) {
    const o = opens.get(ino) ?? 0;
    if (n.opens !== o) fail(`$.inodes[${ino}].opens`, `is ${n.opens}, but ${o} open files point at it`);
    // nextIno may be anything: allocation wraps and skips inodes in use (kernel/ids.ts).
  }
  s.drives.forEach((d, unit) => {
    if (d.drive.unit !== unit) fail(`$.drives[${unit}].drive.unit`, `is ${d.drive.unit}, but the drive is unit ${unit}`);
    const o = driveOpens.get(unit) ?? 0;
    if (d.openCount !== o) fail(`$.drives[${unit}].openCount`, `is ${d.openCount}, but ${o} open files use the drive`);
  });
  const inQueue = new Set<number>();
  s.runQueue.forEach((pid, i) => {
    if (inQueue.has(pid)) fail(`$.runQueue[${i}]`, `names pid ${pid} a second time`);
    inQueue.add(pid);
    if (s.procs.get(pid)?.state === "zombie") fail(`$.runQueue[${i}]`, `names pid ${pid}, which has exited`);
  });
  if (s.quantumLeft > QUANTUM) fail("$.quantumLeft", `is ${s.quantumLeft}, more than a whole quantum (${QUANTUM})`);
  if (s.current < -1) fail("$.current", `is ${s.current}, expected a pid or −1`);
  s.ttys.forEach((tty, n) => {
    const at = `$.ttys[${n}]`;
    if (tty.sid === 0 || tty.sid < -1) fail(`${at}.sid`, `is ${tty.sid}, expected a session id or −1`);
    if (tty.fgPgrp === 0 || tty.fgPgrp < -1) fail(`${at}.fgPgrp`, `is ${tty.fgPgrp}, expected a process group or −1`);
    if (tty.sid > 0 && !sessions.has(tty.sid)) fail(`${at}.sid`, `names session ${tty.sid}, which has no process`);
    if (tty.sid === -1 && tty.fgPgrp !== -1) fail(`${at}.fgPgrp`, `is ${tty.fgPgrp}, but the terminal belongs to no session`);
    const fgSid = groupSid.get(tty.fgPgrp);
    if (tty.fgPgrp > 0 && fgSid !== undefined && fgSid !== tty.sid) {
      fail(`${at}.fgPgrp`, `names process group ${tty.fgPgrp} of session ${fgSid}, not the terminal's session ${tty.sid}`);
    }
    const ld = tty.ld;
    if (ld.cc.length !== NCCS) fail(`${at}.ld.cc`, `has ${ld.cc.length} control characters, expected ${NCCS}`);
    if (ld.input.length > TTY_INPUT_MAX) fail(`${at}.ld.input`, `holds ${ld.input.length} bytes, more than the read queue's ${TTY_INPUT_MAX}`);
    if (ld.editing.length > TTY_MAX_LINE) fail(`${at}.ld.editing`, `holds ${ld.editing.length} bytes, more than a line's ${TTY_MAX_LINE}`);
    ld.lineEnds.forEach((e, i) => {
      if (e > ld.input.length) fail(`${at}.ld.lineEnds[${i}]`, `is ${e}, beyond the ${ld.input.length} bytes of input`);
      if (i > 0 && e < ld.lineEnds[i - 1]!) fail(`${at}.ld.lineEnds[${i}]`, `is ${e}, before the line end before it`);
    });
  });
}

/** Why a sleeping process's wait channel names nothing that can wake it, or null when it is sound. */
function chanProblem(s: KernelState, pid: number, chan: WaitChan): string | null {
  const text = chanText(chan);
  switch (chan.kind) {
    case "none":
      return "is none, but the process is sleeping";
    case "pipe":
      return s.pipes.has(chan.pipe) ? null : `is ${text}, but pipe ${chan.pipe} does not exist`;
    case "tty":
      return chan.n < s.ttys.length ? null : `is ${text}, but tty${chan.n} does not exist`;
    case "sock":
      return s.sockets.has(chan.sock) ? null : `is ${text}, but socket ${chan.sock} does not exist`;
    case "tape":
      return chan.unit < s.drives.length ? null : `is ${text}, but tape drive ${chan.unit} does not exist`;
    case "fifo":
      return fifoChanProblem(s, chan.ino);
    case "child":
    case "timer":
    case "poll":
      return chan.pid === pid ? null : `is ${text}, but a process waits only on its own ${chan.kind === "child" ? "children" : chan.kind}`;
  }
}
