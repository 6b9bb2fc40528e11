// `restart FILE`: a job snapshot brought back into a RUNNING kernel that is
// doing other work. Everything is checked before anything is changed (a
// refused restart leaves the machine exactly as it was):
//
// - ids: the job's pids, process groups and sessions keep their numbers when
//   no process of the machine uses them (as pid, pgid or sid); a taken one is
//   refused by name unless `renumber`, which gives it a fresh number and
//   rewrites every reference the kernel holds (parents, groups, sessions, the
//   terminal's foreground group, wait channels, timers). A program sees its own
//   pid change; numbers it kept in its memory are not rewritten (docs/jobs.md).
// - parents: the job's roots (whose parent was outside) become children of the
//   restarting process, or of init when the operator restarts from the console.
// - the terminal: the job's controlling terminal must be free (no live session
//   holds it), else the restart is refused naming the session, unless `attach`
//   names a terminal: the job then joins the session holding that terminal (or
//   takes it when free), gets it as its controlling terminal with the saved
//   modes, and its foreground group is put in the foreground.
// - tmpfs files: by path; a missing one is created with the saved contents,
//   an identical one is used, a changed one is refused unless `replaceFiles`.
//   Unlinked-while-open files come back unlinked. Pipes are new pipes holding
//   the saved bytes. Timers and sleeps are shifted to the new clock; a machine
//   whose clock is behind the checkpoint's jumps forward to it (a job's clocks
//   never go back). Disk files the job holds must have the size they had; one
//   that grew is cut back with `replaceFiles` (the disk's append policy).
// - tape: the drive must have the same reel (by path) mounted and unused; the
//   head is put back where the checkpoint found it.

import type { Kernel } from "../kernel/kernel.js";
import type { FileTarget, Inode, OpenFile, ProcState } from "../kernel/state.js";
import { allocFile } from "../kernel/file.js";
import { wakeup } from "../kernel/proc.js";
import { addTimerOfKind } from "../kernel/timers.js";
import { shiftPosix } from "../kernel/proc-posix.js";
import { createIn, dirLookup, inode, newInode } from "../kernel/vfs.js";
import { EBUSY, EEXIST, EINVAL, EISDIR, ENFILE, ENOENT, ENOSPC, ENXIO, EAGAIN } from "../kernel/errno.js";
import { NFILE, NINODE, NPIPE, NPROC } from "../kernel/param.js";
import { SnapshotError } from "./errors.js";
import { fsOf } from "../kernel/mount.js";
import { fileContents, sameContents, setContents } from "../kernel/file-blocks.js";
import { tmpfsRecount } from "../kernel/tmpfs-space.js";
import type { Node } from "../kernel/fs-types.js";
import { type DecodedJob, readJobFile } from "./job-file.js";
import { JobError, type RestartOptions, type RestartResult } from "../kernel/job-service.js";
import { pipeChan, type WaitChan } from "../kernel/wait-channel.js";

/** Restart the job in `bytes` into `k`. JobError (nothing changed) when refused; SnapshotError → JobError. */
export function restartJob(k: Kernel, bytes: Uint8Array, opts: RestartOptions): RestartResult {
  let d: DecodedJob;
  try {
    d = readJobFile(bytes);
  } catch (e) {
    if (e instanceof SnapshotError) throw new JobError(e.message, EINVAL);
    throw e;
  }
  const plan = planRestart(k, d, opts);
  return apply(k, d, plan, opts);
}

interface Plan {
  ids: Map<number, number>;
  joinSid: number | null;
  tty: { from: number; to: number } | null;
  inodes: Map<number, { ino: number } | { create: "dir" | "file" | "unlinked"; parent: number; name: string } | { replace: number }>;
  /** disk files to cut back to their size at the checkpoint */
  cut: { node: Node & { fs: "disk" }; size: number }[];
}

/** Every check, no change. */
function planRestart(k: Kernel, d: DecodedJob, opts: RestartOptions): Plan {
  const s = k.state;
  const job = d.state;
  const live = [...s.procs.values()];
  const procs = [...job.procs.values()];
  if (s.procs.size + procs.length > NPROC) throw new JobError(`the process table is full (${s.procs.size} of ${NPROC} in use, the job needs ${procs.length})`, EAGAIN);
  if (!s.procs.has(opts.parent)) throw new JobError(`no restarting process ${opts.parent}`, EINVAL);

  // The terminal.
  const cttys = [...new Set(procs.filter((p) => p.ctty >= 0).map((p) => p.ctty))];
  if (cttys.length > 1) throw new JobError(`the job uses several controlling terminals (${cttys.map((n) => `tty${n}`).join(", ")})`, EINVAL);
  const holder = (n: number): ProcState | undefined => {
    const sid = s.ttys[n]?.sid ?? -1;
    return sid > 0 ? live.filter((p) => p.sid === sid && p.state !== "zombie").sort((a, b) => a.pid - b.pid)[0] : undefined;
  };
  let tty: Plan["tty"] = null;
  let joinSid: number | null = null;
  if (opts.attach >= 0) {
    if (opts.attach >= s.ttys.length) throw new JobError(`no terminal tty${opts.attach}`, ENXIO);
    tty = { from: cttys[0] ?? -1, to: opts.attach };
    const h = holder(opts.attach);
    if (h) joinSid = h.sid;
  } else if (cttys.length === 1) {
    const n = cttys[0]!;
    if (n >= s.ttys.length) throw new JobError(`the job's terminal tty${n} does not exist here`, ENXIO);
    const h = holder(n);
    if (h) throw new JobError(`tty${n} is held by session ${h.sid} (${h.comm}, pid ${h.pid}); restart -t attaches the job to the restarting terminal`, EBUSY);
    tty = { from: n, to: n };
  }

  // Ids.
  const used = new Set<number>();
  for (const p of live) {
    used.add(p.pid).add(p.pgid).add(p.sid);
  }
  const wanted: [number, string][] = [];
  for (const p of procs) wanted.push([p.pid, "pid"]);
  for (const p of procs) wanted.push([p.pgid, "process group"]);
  if (joinSid === null) for (const p of procs) wanted.push([p.sid, "session"]);
  const ids = new Map<number, number>();
  const jobIds = new Set(wanted.map(([id]) => id));
  let next = s.nextPid;
  for (const [id, what] of wanted) {
    if (ids.has(id)) continue;
    if (!used.has(id)) {
      ids.set(id, id);
      continue;
    }
    if (!opts.renumber) {
      const who = live.filter((p) => p.pid === id || p.pgid === id || p.sid === id).sort((a, b) => a.pid - b.pid)[0]!;
      throw new JobError(`${what} ${id} is in use here (${who.comm}, pid ${who.pid}); restart -r gives the job new numbers`, EEXIST);
    }
    for (let tries = 0; ; tries++) {
      if (tries > 40000) throw new JobError("no free process ids", EAGAIN);
      const n = next;
      next = next >= 32767 ? 2 : next + 1;
      if (!used.has(n) && !jobIds.has(n)) {
        used.add(n);
        ids.set(id, n);
        break;
      }
    }
  }

  // Files, by path from the root of the subset.
  const inodes: Plan["inodes"] = new Map();
  let creating = 0;
  const walk = (subIno: number, targetIno: number | null, path: string): void => {
    const dir = job.inodes.get(subIno)!;
    for (const e of dir.entries) {
      const n = job.inodes.get(e.ino)!;
      const p = `${path === "/" ? "" : path}/${e.name}`;
      const hereDir = targetIno === null ? null : s.inodes.get(targetIno)!;
      const found = hereDir ? dirLookup(k, hereDir, e.name) : -1;
      const there = found >= 0 ? s.inodes.get(found) : undefined;
      if (n.type === "dir") {
        if (there && there.type !== "dir") throw new JobError(`${p} is no longer a directory`, EEXIST);
        if (there) inodes.set(e.ino, { ino: there.ino });
        else {
          inodes.set(e.ino, { create: "dir", parent: subIno, name: e.name });
          creating++;
        }
        walk(e.ino, there ? there.ino : null, p);
      } else if (n.type === "file") {
        if (inodes.has(e.ino)) continue; // a second name of the same file: the first one decides
        if (!there) {
          inodes.set(e.ino, { create: "file", parent: subIno, name: e.name });
          creating++;
        } else if (there.type !== "file") throw new JobError(`${p} is no longer a regular file`, EISDIR);
        else if (sameContents(there, n)) inodes.set(e.ino, { ino: there.ino });
        else if (opts.replaceFiles) inodes.set(e.ino, { replace: there.ino });
        else throw new JobError(`${p} changed since the checkpoint (${n.size} bytes then, ${there.size} now); restart -F puts back the saved contents`, EEXIST);
      }
    }
  };
  inodes.set(job.rootIno, { ino: s.rootIno });
  walk(job.rootIno, s.rootIno, "/");
  for (const n of job.inodes.values()) {
    if (!inodes.has(n.ino)) {
      inodes.set(n.ino, { create: "unlinked", parent: 0, name: "" });
      creating++;
    }
  }
  if (s.inodes.size + creating > NINODE) throw new JobError("no free inodes", ENOSPC);
  if (s.openFiles.size + job.openFiles.size > NFILE) throw new JobError("the open-file table is full", ENFILE);
  if (s.pipes.size + job.pipes.size > NPIPE) throw new JobError("the pipe table is full", ENFILE);

  // Disk files the job holds: the same mount, the size the checkpoint saw (cut back with -F).
  const cut: Plan["cut"] = [];
  for (const rec of d.job.disks) {
    const how = inodes.get(rec.at);
    const at = how && "ino" in how ? how.ino : -1;
    const mp = s.inodes.get(at);
    const where = `disk file ${rec.path}`;
    if (!mp || mp.mount.kind !== "disk") throw new JobError(`${where}: no disk is mounted where the job had it`, ENXIO);
    const node: Node & { fs: "disk" } = { fs: "disk", at, path: rec.path };
    const now = fsOf(node).info(k, null, node);
    if (typeof now === "number" || now.type !== "file") throw new JobError(`${where} is gone since the checkpoint`, ENOENT);
    if (now.size < rec.size) throw new JobError(`${where} shrank since the checkpoint (${rec.size} bytes then, ${now.size} now)`, EEXIST);
    if (now.size > rec.size) {
      if (!opts.replaceFiles) throw new JobError(`${where} grew since the checkpoint (${rec.size} bytes then, ${now.size} now); restart -F cuts it back (append policy)`, EEXIST);
      cut.push({ node, size: rec.size });
    }
  }

  // Tape drives the job holds.
  job.drives.forEach((saved, unit) => {
    if (saved.openCount === 0) return;
    const cur = s.drives[unit];
    if (!cur) throw new JobError(`no tape unit ${unit} here`, ENXIO);
    if (!cur.drive.reel || !cur.drive.online) throw new JobError(`tape unit ${unit}: mount reel ${saved.drive.reel?.path ?? "?"} first`, ENXIO);
    if (saved.drive.reel && cur.drive.reel.path !== saved.drive.reel.path) {
      throw new JobError(`tape unit ${unit} holds reel ${cur.drive.reel.path}, the job needs ${saved.drive.reel.path}`, ENXIO);
    }
    if (cur.openCount > 0) throw new JobError(`tape unit ${unit} is in use`, EBUSY);
  });
  return { ids, joinSid, tty, inodes, cut };
}

/** A restored file gets a copy of the saved contents (the job file's blocks may be shared with its pages); tmpfs recounts its use. */
function setSavedContents(k: Kernel, n: Inode, saved: Inode): void {
  setContents(n, fileContents(saved));
  tmpfsRecount(k);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Build the job in the kernel, following the plan (nothing here can be refused). */
function apply(k: Kernel, d: DecodedJob, plan: Plan, opts: RestartOptions): RestartResult {
  const s = k.state;
  const job = d.state;
  const id = (n: number): number => plan.ids.get(n) ?? n;
  // A job's clocks never go back: a machine whose clock is behind the checkpoint (a fresh boot)
  // jumps forward to it, as after an idle spell, so the job's CPU counters stay within virtual time.
  if (s.clock < d.job.time) s.clock = d.job.time;
  const delta = s.clock - d.job.time;
  const shift = (t: number): number => (t === 0 ? 0 : Math.max(0, t + delta));

  // Files: directories first (in path order), then files, then unlinked ones.
  const ino = new Map<number, number>();
  const make = (subIno: number): number => {
    const known = ino.get(subIno);
    if (known !== undefined) return known;
    const how = plan.inodes.get(subIno)!;
    const saved = job.inodes.get(subIno)!;
    let target: Inode;
    if ("ino" in how) target = inode(k, how.ino);
    else if ("replace" in how) {
      target = inode(k, how.replace);
      setSavedContents(k, target, saved);
      target.mtime = s.clock;
    } else if (how.create === "unlinked") {
      const n = newInode(k, saved.type, saved.mode) as Inode;
      n.nlink = 0;
      setSavedContents(k, n, saved);
      target = n;
    } else {
      const parent = inode(k, make(how.parent));
      const n = createIn(k, parent, how.name, how.create, saved.mode);
      if (typeof n === "number") throw new Error(`cryobox bug: restart could not create ${how.name} (error ${-n}) after planning it`);
      if (how.create === "file") setSavedContents(k, n, saved);
      target = n;
    }
    ino.set(subIno, target.ino);
    return target.ino;
  };
  for (const n of [...job.inodes.keys()].sort((a, b) => a - b)) make(n);

  for (const c of plan.cut) {
    const r = fsOf(c.node).truncate(k, c.node, c.size);
    if (r < 0) throw new JobError(`disk file ${c.node.path}: cannot cut it back to ${c.size} bytes (error ${-r})`, -r);
  }

  // Pipes: new ones holding the saved bytes (the ends are counted as the open files are made).
  const pipe = new Map<number, number>();
  for (const p of job.pipes.values()) {
    let pid = s.nextPipe;
    while (s.pipes.has(pid)) pid = pid >= 0x7fffffff ? 1 : pid + 1;
    s.nextPipe = pid + 1;
    s.pipes.set(pid, { id: pid, buf: p.buf.slice(), readers: 0, writers: 0, fifo: 0 }); // a FIFO's pipe comes back as a plain pipe (its inode is not in the job)
    pipe.set(p.id, pid);
  }

  // Open files.
  const ttyTo = (n: number): number => (plan.tty && n === plan.tty.from ? plan.tty.to : n);
  const file = new Map<number, number>();
  for (const f of [...job.openFiles.values()].sort((a, b) => a.id - b.id)) {
    const fid = allocFile(k, mapTarget(f.target, ino, pipe, ttyTo), f.flags);
    const g = s.openFiles.get(fid) as OpenFile;
    g.offset = f.offset;
    g.refs = f.refs;
    file.set(f.id, fid);
  }

  // Processes.
  const pids = new Map<number, number>();
  const order = [...job.procs.values()].sort((a, b) => a.pid - b.pid);
  for (const q of order) pids.set(q.pid, id(q.pid));
  for (const q of order) {
    const p: ProcState = {
      ...q,
      pid: id(q.pid),
      ppid: q.ppid === 0 ? opts.parent : id(q.ppid),
      pgid: id(q.pgid),
      sid: plan.joinSid ?? id(q.sid),
      ctty: q.ctty >= 0 ? ttyTo(q.ctty) : -1,
      fds: q.fds.map((slot) => ({ file: slot.file >= 0 ? file.get(slot.file)! : -1, cloexec: slot.cloexec })),
      cwd: q.state === "zombie" ? q.cwd : ino.get(q.cwd)!,
      chan: mapChan(q.chan, id, pipe, ttyTo),
      deadline: shift(q.deadline),
      startTime: shift(q.startTime),
      posix: shiftPosix(q.posix, shift), // ITIMER_REAL and POSIX timers run on the clock too
    };
    if (p.state === "zombie" && !s.inodes.has(p.cwd)) p.cwd = s.rootIno;
    s.procs.set(p.pid, p);
  }
  for (const pid of job.runQueue) s.runQueue.push(id(pid));
  for (const tm of job.timers) addTimerOfKind(k, shift(tm.time), id(tm.target), tm.kind); // a wake, an alarm or a ptimer

  // The terminal: saved modes, then the session and foreground group.
  if (plan.tty && plan.tty.from >= 0) {
    const saved = job.ttys[plan.tty.from]!;
    const tty = s.ttys[plan.tty.to]!;
    const ld = tty.ld;
    ld.iflag = saved.ld.iflag;
    ld.oflag = saved.ld.oflag;
    ld.cflag = saved.ld.cflag;
    ld.lflag = saved.ld.lflag;
    ld.line = saved.ld.line;
    ld.cc = saved.ld.cc.slice();
    ld.rows = saved.ld.rows;
    ld.cols = saved.ld.cols;
    ld.xpixel = saved.ld.xpixel;
    ld.ypixel = saved.ld.ypixel;
    if (plan.joinSid === null && saved.sid > 0) tty.sid = id(saved.sid);
    if (saved.fgPgrp > 0) tty.fgPgrp = id(saved.fgPgrp);
    else if (plan.joinSid === null && saved.sid > 0) tty.fgPgrp = -1;
  }

  // Tape heads back where they were.
  job.drives.forEach((saved, unit) => {
    if (saved.openCount === 0) return;
    const cur = s.drives[unit]!.drive;
    // The mounted reel is the truth about the media; the head position is the job's.
    const keep = { reel: cur.reel, writable: cur.writable, online: cur.online, dirty: cur.dirty, unit };
    Object.assign(cur, saved.drive, keep);
  });

  s.nextPid = Math.max(2, ...[...pids.values()].map((p) => (p + 1 > 32767 ? 2 : p + 1)).filter((p) => p > s.nextPid), s.nextPid);
  // A reader of a cut pipe must see EOF, a writer EPIPE: let sleepers on the new pipes re-run their calls.
  for (const p of pipe.values()) {
    wakeup(k, pipeChan(p, "r"));
    wakeup(k, pipeChan(p, "w"));
  }
  const roots = d.job.roots.slice().sort((a, b) => a - b).map(id);
  return { pids, roots, kind: d.job.kind, id: d.job.id };
}

function mapTarget(t: FileTarget, ino: Map<number, number>, pipe: Map<number, number>, tty: (n: number) => number): FileTarget {
  switch (t.kind) {
    case "inode":
      return { kind: "inode", ino: ino.get(t.ino)! };
    case "pipeRead":
    case "pipeWrite":
      return { kind: t.kind, pipe: pipe.get(t.pipe)! };
    case "tty":
      return { kind: "tty", n: tty(t.n) };
    default:
      // a disk file names its mount point's inode, which travels by path like any directory
      return t.kind === "disk" ? { ...t, at: ino.get(t.at) ?? t.at } : { ...t };
  }
}

/** A wait channel with the job's new numbers. */
function mapChan(chan: WaitChan, id: (n: number) => number, pipe: Map<number, number>, tty: (n: number) => number): WaitChan {
  switch (chan.kind) {
    case "pipe":
      return { ...chan, pipe: pipe.get(chan.pipe) ?? chan.pipe };
    case "tty":
      return { ...chan, n: tty(chan.n) };
    case "child":
    case "timer":
    case "poll":
      return { ...chan, pid: id(chan.pid) };
    default:
      return { ...chan };
  }
}

