// Per-process and per-job checkpoint (UNICOS `chkpnt -p PID`, `chkpnt -j JID`,
// and the self-checkpoint call): which processes and kernel objects make up a
// job, and the subset of KernelState that is written to a job snapshot.
//
// Membership: a job (-j JID) is every process of session JID; a process
// checkpoint (-p PID) is PID and all its descendants; a self-checkpoint is the
// caller and its descendants. The caller of chkpnt is never part of what it
// checkpoints (it is busy writing the file), except in a self-checkpoint.
//
// Which tmpfs files travel (the rule, docs/jobs.md): every file or directory
// a job process holds open, linked or unlinked-while-open, and each job
// process's working directory. Files the job has closed stay behind (a rule
// one can predict, unlike "the files it created"). Linked items travel with
// their path: the subset holds the directories leading to them (only those
// entries), so it is itself a small valid file system.
//
// Resources crossing the boundary: a pipe with an end held by a process
// outside the job refuses the checkpoint naming the fd and the outside pid,
// unless `cut` is asked: the subset then holds only the job's ends (a reader
// sees the bytes buffered, then EOF; a writer gets EPIPE). An open-file
// description shared with an outside process is copied (its offset is no
// longer shared after restart). The job's terminal goes with its modes only
// (not the keystrokes queued in it).

import { Kernel, type KernelState } from "../kernel/kernel.js";
import type { FileTarget, Inode, OpenFile, PipeState, ProcState } from "../kernel/state.js";
import { newTtyDev } from "../kernel/tty.js";
import { newTapeDev } from "../kernel/tape.js";
import { EINVAL, EPERM, ESRCH, EXDEV } from "../kernel/errno.js";
import { JobError, type JobSelector } from "../kernel/job-service.js";
import { fsOf } from "../kernel/mount.js";
import type { Node } from "../kernel/fs-types.js";
import { newTty } from "../devices/tty/state.js";
import { type JobInfo, writeJobFile } from "./job-file.js";
import { OutsideSchema, type Outside } from "./outside.js";

export { JobError, type JobSelector } from "../kernel/job-service.js";

/** The `panic` text of every job subset: what inspect shows instead of a running machine. */
export const JOB_PANIC = "job snapshot: processes of a job, not a machine (restart them into a running one)";

/** The pids of the job `sel` names, ascending; JobError when there is none or it includes init. */
export function jobMembers(k: Kernel, sel: JobSelector): number[] {
  const procs = k.state.procs;
  let members: number[];
  if (sel.kind === "job") {
    members = [...procs.values()].filter((p) => p.sid === sel.id).map((p) => p.pid);
    if (members.length === 0) throw new JobError(`no job ${sel.id} (no process is in session ${sel.id})`, ESRCH);
  } else {
    const root = procs.get(sel.id);
    if (!root) throw new JobError(`no process ${sel.id}`, ESRCH);
    if (root.state === "zombie") throw new JobError(`process ${sel.id} has exited`, ESRCH);
    const set = new Set([sel.id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of procs.values()) {
        if (!set.has(p.pid) && set.has(p.ppid)) {
          set.add(p.pid);
          grew = true;
        }
      }
    }
    members = [...set];
  }
  if (sel.kind !== "self") members = members.filter((pid) => pid !== sel.caller);
  if (members.includes(1)) throw new JobError("init (pid 1) cannot be part of a job checkpoint", EPERM);
  if (members.length === 0) throw new JobError(`job ${sel.id} holds only the caller`, EINVAL);
  return members.sort((a, b) => a - b);
}

/** The kernel subset of job `sel` and its job section; JobError when the job cannot be taken. */
export function collectJob(k: Kernel, sel: JobSelector): { state: KernelState; info: JobInfo } {
  const s = k.state;
  const pids = jobMembers(k, sel);
  const inJob = new Set(pids);
  const info: JobInfo = { kind: sel.kind, id: sel.id, time: s.clock, roots: [], cut: [], self: sel.kind === "self" ? sel.id : 0, disks: [] };

  // Processes: shallow copies (memory is shared with the live process: encoding only reads it).
  const procs = new Map<number, ProcState>();
  for (const pid of pids) {
    const p = s.procs.get(pid)!;
    const q: ProcState = { ...p, fds: p.fds.map((f) => ({ ...f })) };
    // An open waiting for a FIFO's partner names the FIFO by inode, which is not part of the job:
    // the restarted process runs its openat again (pc is still at the ecall) and finds the FIFO by path.
    if (q.state === "sleeping" && q.chan.kind === "fifo") Object.assign(q, { state: "runnable", chan: { kind: "none" } });
    // The checkpoint file the caller is writing is not part of what it checkpoints.
    if (pid === sel.caller && sel.skipFd !== undefined && sel.skipFd >= 0 && q.fds[sel.skipFd]) q.fds[sel.skipFd] = { file: -1, cloexec: false };
    if (!inJob.has(p.ppid)) {
      q.ppid = 0;
      info.roots.push(pid);
    }
    if (sel.kind === "self" && pid === sel.id) {
      // The copy returns 1 from the call (pc past the ecall); the original gets 0 from the handler.
      q.hart = { ...p.hart, x: p.hart.x.slice(), pc: (p.hart.pc + 4) >>> 0 };
      if ("resv" in q.hart) Object.assign(q.hart, { resv: -1 }); // no LR/SC reservation survives a restart
      q.hart.x[10] = 1;
      q.inSyscall = false;
      q.progress = 0;
      q.deadline = 0;
    }
    procs.set(pid, q);
  }

  // Open files the job's fds name; refs count only the job's fds.
  const openFiles = new Map<number, OpenFile>();
  for (const q of procs.values()) {
    for (const slot of q.fds) {
      if (slot.file < 0) continue;
      const f = openFiles.get(slot.file);
      if (f) f.refs++;
      else openFiles.set(slot.file, { ...s.openFiles.get(slot.file)!, refs: 1 });
    }
  }
  for (const f of openFiles.values()) {
    if (f.target.kind === "host") throw new JobError(`open file ${f.id} is a host stream, which cannot leave the machine`, EXDEV);
  }

  const pipes = collectPipes(k, procs, openFiles, inJob, sel.cut, info);
  info.disks = diskRecords(k, openFiles);
  const inodes = collectInodes(k, procs, openFiles);

  // Terminals: the job's controlling terminal(s) with their modes, no queued bytes; the rest blank.
  const ttys = s.ttys.map((tty, n) => {
    const used = [...procs.values()].some((q) => q.ctty === n) || [...openFiles.values()].some((f) => f.target.kind === "tty" && f.target.n === n);
    if (!used) return newTtyDev();
    const blank = newTty();
    const ld = { ...tty.ld, editing: blank.editing, input: blank.input, lineEnds: [], output: blank.output, vtimeDeadline: 0, vtimeSeen: 0 };
    const sidIn = [...procs.values()].some((q) => q.sid === tty.sid && q.ctty === n);
    const fgIn = sidIn && [...procs.values()].some((q) => q.pgid === tty.fgPgrp && q.sid === tty.sid && q.state !== "zombie");
    return { ...tty, ld, sid: sidIn ? tty.sid : -1, fgPgrp: fgIn ? tty.fgPgrp : -1 };
  });
  // Tape drives: the ones the job holds open, with their position; the rest empty.
  const drives = s.drives.map((d, unit) => {
    const opens = [...openFiles.values()].filter((f) => f.target.kind === "tape" && f.target.unit === unit).length;
    return opens > 0 ? { ...d, openCount: opens } : newTapeDev(unit);
  });

  const state: KernelState = {
    ...s,
    procs,
    openFiles,
    pipes,
    inodes,
    ttys,
    drives,
    timers: s.timers.filter((tm) => inJob.has(tm.target)),
    runQueue: s.runQueue.filter((pid) => inJob.has(pid)),
    current: -1,
    quantumLeft: 0,
    // A job is not a machine of its own: no init, roots whose parent is outside. A stopped machine
    // (panic set) is the kernel state that may lack a running init, so the subset says it is one
    // and passes the same invariants as a whole machine otherwise (kernel/validate*.ts).
    panic: JOB_PANIC,
  };
  return { state, info };
}

/** The pipes the job's open files use; refuses (or cuts) pipes with ends outside the job. */
function collectPipes(k: Kernel, procs: Map<number, ProcState>, openFiles: Map<number, OpenFile>, inJob: Set<number>, cut: boolean, info: JobInfo): Map<number, PipeState> {
  const s = k.state;
  const pipes = new Map<number, PipeState>();
  for (const f of openFiles.values()) {
    const t = f.target;
    if (t.kind !== "pipeRead" && t.kind !== "pipeWrite") continue;
    const pipe = pipes.get(t.pipe) ?? { ...s.pipes.get(t.pipe)!, readers: 0, writers: 0, fifo: 0 }; // a FIFO's inode is not part of the job
    if (t.kind === "pipeRead") pipe.readers++;
    if (t.kind === "pipeWrite" || (f.flags & 3) === 2) pipe.writers++; // a FIFO opened O_RDWR holds both ends
    pipes.set(t.pipe, pipe);
  }
  // An outside process holding any end of one of these pipes (through any open file).
  for (const p of [...s.procs.values()].sort((a, b) => a.pid - b.pid)) {
    if (inJob.has(p.pid) || p.state === "zombie") continue;
    for (const slot of p.fds) {
      const f = slot.file >= 0 ? s.openFiles.get(slot.file) : undefined;
      const t = f?.target;
      if (!t || (t.kind !== "pipeRead" && t.kind !== "pipeWrite") || !pipes.has(t.pipe)) continue;
      for (const q of [...procs.values()].sort((a, b) => a.pid - b.pid)) {
        q.fds.forEach((qs, fd) => {
          const g = qs.file >= 0 ? openFiles.get(qs.file) : undefined;
          if (!g || !isPipe(g.target, t.pipe)) return;
          if (!cut) {
            throw new JobError(`fd ${fd} of pid ${q.pid} is a pipe to pid ${p.pid}, outside the job (ask to cut it: chkpnt -c)`, EXDEV);
          }
          if (!info.cut.some((c) => c.pid === q.pid && c.fd === fd)) info.cut.push({ pid: q.pid, fd, peer: p.pid });
        });
      }
    }
  }
  info.cut.sort((a, b) => a.pid - b.pid || a.fd - b.fd);
  return pipes;
}

/**
 * The disk files the job holds, with their sizes now: restart checks them (a file that grew is
 * cut back with -F, the disk's append policy; one that shrank or vanished is refused). The
 * contents stay on the disk, outside the machine (DESIGN rule 5): they are not in the snapshot.
 */
function diskRecords(k: Kernel, openFiles: Map<number, OpenFile>): JobInfo["disks"] {
  const out = new Map<string, JobInfo["disks"][number]>();
  for (const f of openFiles.values()) {
    const t = f.target;
    if (t.kind !== "disk") continue;
    const node: Node = { fs: "disk", at: t.at, path: t.path };
    const info = fsOf(node).info(k, null, node);
    if (typeof info === "number" || info.type !== "file") continue;
    out.set(`${t.at}:${t.path}`, { at: t.at, path: t.path, size: info.size });
  }
  return [...out.values()].sort((a, b) => a.at - b.at || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isPipe(t: FileTarget, id: number): boolean {
  return (t.kind === "pipeRead" || t.kind === "pipeWrite") && t.pipe === id;
}

/** The tmpfs subset that travels with the job (the rule is in this file's header). */
function collectInodes(k: Kernel, procs: Map<number, ProcState>, openFiles: Map<number, OpenFile>): Map<number, Inode> {
  const s = k.state;
  const carried = new Set<number>();
  for (const f of openFiles.values()) {
    if (f.target.kind === "inode") carried.add(f.target.ino);
    else if (f.target.kind === "disk") carried.add(f.target.at); // a disk file: its mount point travels (by path)
  }
  for (const q of procs.values()) if (q.state !== "zombie") carried.add(q.cwd);
  // Where each inode is named: the smallest (directory, name) naming it, so the choice is canonical.
  const nameOf = new Map<number, { dir: number; name: string }>();
  for (const d of [...s.inodes.values()].sort((a, b) => a.ino - b.ino)) {
    if (d.type !== "dir") continue;
    for (const e of d.entries) if (!nameOf.has(e.ino)) nameOf.set(e.ino, { dir: d.ino, name: e.name });
  }
  const out = new Map<number, Inode>();
  const include = (ino: number): void => {
    if (out.has(ino)) return;
    const n = s.inodes.get(ino)!;
    out.set(ino, { ...n, entries: [], opens: 0 });
    const at = nameOf.get(ino);
    if (ino === s.rootIno || !at) return;
    include(at.dir);
    const parent = out.get(at.dir)!;
    parent.entries.push({ name: at.name, ino });
    parent.entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  include(s.rootIno);
  for (const ino of [...carried].sort((a, b) => a - b)) include(ino);
  // Counts as the subset sees them: names in the subset, open files of the job.
  const names = new Map<number, number>();
  for (const n of out.values()) for (const e of n.entries) names.set(e.ino, (names.get(e.ino) ?? 0) + 1);
  for (const n of out.values()) {
    if (isDir(n)) {
      const linked = n.ino === s.rootIno || (names.get(n.ino) ?? 0) > 0;
      const subdirs = n.entries.filter((e) => isDir(out.get(e.ino)!)).length;
      n.nlink = linked ? (n.type === "dir" ? 2 : 1) + subdirs : 0;
    } else n.nlink = names.get(n.ino) ?? 0;
  }
  for (const f of openFiles.values()) if (f.target.kind === "inode") out.get(f.target.ino)!.opens++;
  return out;
}

/** A directory (or, in older kernels, the procfs directory kind). */
function isDir(n: Inode): boolean {
  return n.type === "dir" || (n.type as string) === "procdir";
}

/** The job snapshot bytes of `sel` (validated before they are handed out). JobError when refused. */
export function checkpointJob(k: Kernel, sel: JobSelector): Uint8Array {
  const { state, info } = collectJob(k, sel);
  // The subset must be a machine the kernel would adopt: a failure here is a bug in the collector.
  Kernel.fromState(k.config, state);
  const reels: Outside["reels"] = [];
  state.drives.forEach(({ drive: d }, unit) => {
    if (d.reel) reels.push({ unit, path: d.reel.path, size: d.reel.size, sha256: d.reel.sha256, position: d.position, writable: d.writable });
  });
  const terminals = state.ttys.flatMap((tty, n) => (tty.sid !== -1 || [...state.procs.values()].some((p) => p.ctty === n) ? [{ tty: n, name: "memory" }] : []));
  // Any other outside records the format has (disks, …) are empty for a job: what it holds is in the subset.
  const none = Object.fromEntries(Object.keys(OutsideSchema.fields).map((f) => [f, []])) as unknown as Outside;
  return writeJobFile(k.config, { ...none, reels, terminals }, info, state);
}
