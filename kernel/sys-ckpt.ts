// cryobox's own system calls for job checkpoint/restart (docs/jobs.md), in
// the range 0x4000+ that docs/INTERFACES.md reserves for them:
//
//   0x4000 chkpnt(kind, id, fd, flags, msg, msglen)
//          kind 0 = process id and its descendants, 1 = job (session) id,
//          2 = the caller itself and its descendants (self-checkpoint; id unused).
//          The job snapshot is written to fd (a regular file, from its offset).
//          flags: 1 stop the job after, 2 kill it after, 4 cut pipes to outside.
//          → 0; in a process restarted from a self-checkpoint, the same call
//          returns 1 (like fork or setjmp). −errno when refused, with a
//          one-line reason in msg (NUL-terminated, at most msglen bytes).
//   0x4001 restart(fd, flags, msg, msglen)
//          reads a job snapshot from fd (a regular file, from its offset) and
//          starts the job as children of the caller. flags: 1 renumber taken
//          ids, 2 attach the job to the caller's controlling terminal, 4
//          replace changed tmpfs files with their saved contents.
//          → the new pid of the job's first root, −errno with a reason in msg.
//
// The work is done by the JobService the machine layer installed
// (kernel/job-service.ts); the kernel only checks arguments and moves bytes
// through the open file, so the file may be on tmpfs or on a disk alike.

import type { Kernel } from "./kernel.js";
import type { OpenFile, ProcState } from "./state.js";
import { EBADF, EFAULT, EFBIG, EINVAL, EIO, ENOSYS, ENOTTY } from "./errno.js";
import { MAX_FILE_SIZE } from "./param.js";
import { argsOf, userWritable } from "./uaccess.js";
import { canRead, canWrite, fdFile, fileRead, fileWrite } from "./file.js";
import { isBlock, type SysResult } from "./result.js";
import { sendSignal } from "./signal.js";
import { SIGKILL, SIGSTOP } from "./signals-def.js";
import { JobError, jobService } from "./job-service.js";

export const SYS_CHKPNT = 0x4000;
export const SYS_RESTART = 0x4001;
export const CKPT_STOP = 1;
export const CKPT_KILL = 2;
export const CKPT_CUT = 4;
export const RESTART_RENUMBER = 1;
export const RESTART_ATTACH = 2;
export const RESTART_REPLACE = 4;

/** Put a one-line reason in the caller's message buffer (if it gave one) and return −errno. */
function refuse(k: Kernel, p: ProcState, msg: number, msglen: number, errno: number, text: string): number {
  if (msg !== 0 && msglen > 0 && userWritable(k, p, msg, msglen)) {
    const bytes = new TextEncoder().encode(text).slice(0, msglen - 1);
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes);
    k.mem(p).copyOut(msg >>> 0, out);
  }
  return -errno;
}

/** A regular file (tmpfs or disk) open on fd, or null. */
function regularFile(k: Kernel, p: ProcState, fd: number): OpenFile | null {
  const f = fdFile(k, p, fd);
  if (!f) return null;
  const kind = f.target.kind as string;
  return kind === "inode" || kind === "disk" ? f : null;
}

/** chkpnt(kind, id, fd, flags, msg, msglen). */
export function sysChkpnt(k: Kernel, p: ProcState): SysResult {
  const [kindArg, id, fd, flags, msg, msglen] = argsOf(p) as [number, number, number, number, number, number];
  const svc = jobService(k);
  if (!svc) return -ENOSYS;
  const kind = kindArg === 0 ? "process" : kindArg === 1 ? "job" : kindArg === 2 ? "self" : null;
  if (!kind || (flags & ~7) !== 0 || (kind === "self" && (flags & (CKPT_STOP | CKPT_KILL)) !== 0)) return -EINVAL;
  const f = regularFile(k, p, fd);
  if (!f || !canWrite(f)) return refuse(k, p, msg, msglen, EBADF, `fd ${fd} is not a regular file open for writing`);
  let bytes: Uint8Array;
  try {
    bytes = svc.checkpoint(k, { kind, id: kind === "self" ? p.pid : id, caller: p.pid, cut: (flags & CKPT_CUT) !== 0, skipFd: fd });
  } catch (e) {
    if (e instanceof JobError) return refuse(k, p, msg, msglen, e.errno, e.message);
    throw e;
  }
  const w = fileWrite(k, p, f, bytes);
  if (isBlock(w) || w !== bytes.length) return refuse(k, p, msg, msglen, typeof w === "number" && w < 0 ? -w : EIO, "the checkpoint file could not be written whole");
  if (kind !== "self" && (flags & (CKPT_STOP | CKPT_KILL)) !== 0) {
    const sig = (flags & CKPT_KILL) !== 0 ? SIGKILL : SIGSTOP;
    const members = kind === "job" ? [...k.state.procs.values()].filter((q) => q.sid === id) : descendants(k, id);
    for (const q of members) if (q.pid !== p.pid && q.state !== "zombie") sendSignal(k, q.pid, sig, false);
  }
  return 0;
}

function descendants(k: Kernel, pid: number): ProcState[] {
  const set = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const q of k.state.procs.values()) {
      if (!set.has(q.pid) && set.has(q.ppid)) {
        set.add(q.pid);
        grew = true;
      }
    }
  }
  return [...set].map((n) => k.state.procs.get(n)!).filter(Boolean);
}

/** restart(fd, flags, msg, msglen). */
export function sysRestart(k: Kernel, p: ProcState): SysResult {
  const [fd, flags, msg, msglen] = argsOf(p) as [number, number, number, number];
  const svc = jobService(k);
  if (!svc) return -ENOSYS;
  if ((flags & ~7) !== 0) return -EINVAL;
  if (msg !== 0 && msglen > 0 && !userWritable(k, p, msg, msglen)) return -EFAULT;
  const f = regularFile(k, p, fd);
  if (!f || !canRead(f)) return refuse(k, p, msg, msglen, EBADF, `fd ${fd} is not a regular file open for reading`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const r = fileRead(k, p, f, 1 << 20);
    if (typeof r === "number") return refuse(k, p, msg, msglen, -r, "the checkpoint file could not be read");
    if (isBlock(r)) return refuse(k, p, msg, msglen, EINVAL, "the checkpoint file is not a regular file");
    if (r.length === 0) break;
    total += r.length;
    if (total > MAX_FILE_SIZE) return refuse(k, p, msg, msglen, EFBIG, "the checkpoint file is too large");
    chunks.push(r);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  let attach = -1;
  if ((flags & RESTART_ATTACH) !== 0) {
    if (p.ctty < 0) return refuse(k, p, msg, msglen, ENOTTY, "restart -t: the restarting process has no controlling terminal");
    attach = p.ctty;
  }
  try {
    const r = svc.restart(k, bytes, { renumber: (flags & RESTART_RENUMBER) !== 0, attach, parent: p.pid, replaceFiles: (flags & RESTART_REPLACE) !== 0 });
    return r.roots[0] ?? 0;
  } catch (e) {
    if (e instanceof JobError) return refuse(k, p, msg, msglen, e.errno, e.message);
    throw e;
  }
}
