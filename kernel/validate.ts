// Invariants a restored KernelState must satisfy before the kernel adopts it.
// Each failure is a StateError naming the field, never a misread machine.

import { StateError } from "../state/index.js";
import type { KernelConfig } from "./kernel.js";
import type { KernelState } from "./state.js";
import { NOFILE, NSIG } from "./param.js";

/** Throw a StateError naming the first broken cross-reference or count. */
export function validateState(config: KernelConfig, s: KernelState): void {
  const fail = (path: string, problem: string): never => {
    throw new StateError(path, problem);
  };
  if (s.ttys.length !== config.ttys) fail("$.ttys", `has ${s.ttys.length} terminals, the configuration says ${config.ttys}`);
  if (s.drives.length !== config.drives) fail("$.drives", `has ${s.drives.length} drives, the configuration says ${config.drives}`);
  if (!s.inodes.has(s.rootIno)) fail("$.rootIno", `names inode ${s.rootIno}, which does not exist`);
  const refs = new Map<number, number>();
  for (const [pid, p] of s.procs) {
    const at = `$.procs[${pid}]`;
    if (p.pid !== pid) fail(`${at}.pid`, `is ${p.pid}, its key is ${pid}`);
    if (p.fds.length !== NOFILE) fail(`${at}.fds`, `has ${p.fds.length} slots, expected ${NOFILE}`);
    if (p.sigActions.length !== NSIG) fail(`${at}.sigActions`, `has ${p.sigActions.length} entries, expected ${NSIG}`);
    if (p.ctty >= s.ttys.length) fail(`${at}.ctty`, `names tty${p.ctty}, which does not exist`);
    if (p.state !== "zombie" && !s.inodes.has(p.cwd)) fail(`${at}.cwd`, `names inode ${p.cwd}, which does not exist`);
    if (p.state !== "zombie" && !s.runQueue.includes(pid)) fail(`${at}`, "is alive but not in the run queue");
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
    if (pipe.buf.length > 4096) fail(`$.pipes[${id}].buf`, `holds ${pipe.buf.length} bytes, more than the pipe size 4096`);
  }
  for (const [ino, n] of s.inodes) {
    if (n.ino !== ino) fail(`$.inodes[${ino}].ino`, `is ${n.ino}, its key is ${ino}`);
    n.entries.forEach((e, i) => {
      if (!s.inodes.has(e.ino)) fail(`$.inodes[${ino}].entries[${i}]`, `"${e.name}" names inode ${e.ino}, which does not exist`);
    });
  }
  for (const [i, tm] of s.timers.entries()) {
    if (!s.procs.has(tm.target)) fail(`$.timers[${i}].target`, `names pid ${tm.target}, which does not exist`);
  }
}
