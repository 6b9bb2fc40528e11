// The system calls of `cryobox run`: one process, host stdio as fds 0/1/2, no
// files. A deliberately small stand-in for kernel/ (which will take `run` over):
// it sees the process only through `RunProc` and the host only through
// `HostIO`, so it is deterministic given the bytes HostIO returns.
//
// Linux RV32 generic numbers; a0..a5 are the arguments, a0 gets the result or
// −errno. Unknown numbers return −ENOSYS. Nothing the guest passes can throw.

import { type Infer, t } from "../state/index.js";
import { type HartState } from "../cpu/hart.js";
import { type Memory, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../cpu/memory.js";
import { MIN_VADDR, STACK_BOTTOM } from "../cpu/elf.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";

/** Everything the syscall layer keeps between calls (besides hart and memory). */
export const SysState = t.struct({
  brkStart: t.u32, // initial break: brk never goes below it
  brk: t.u32, // current break (exact, not page rounded)
  mmapNext: t.u32, // anonymous mappings are placed just below this, growing down
  closed: t.u8, // bit n set: the guest closed fd n (0..2)
  rng: t.u32, // xorshift32 state behind getrandom and AT_RANDOM
  ticks: t.uint, // virtual time, in ticks
});
export type SysState = Infer<typeof SysState>;

/** The process as the syscall layer sees it. */
export interface RunProc {
  hart: HartState;
  mem: Memory;
  sys: SysState;
}

/** Host side of fds 0..2. Results are byte counts / data, or a negative errno. */
export interface HostIO {
  read(fd: number, max: number): Uint8Array | number; // empty array = EOF
  write(fd: number, bytes: Uint8Array): number;
  kind(fd: number): "file" | "pipe" | "tty" | "other"; // for fstat/statx
  size(fd: number): number; // bytes, for a regular file
}

/** What the run loop does after a system call. */
export type SyscallOutcome =
  | { kind: "continue" }
  | { kind: "exit"; status: number }
  | { kind: "signal"; signal: number; detail: string };

const CONTINUE: SyscallOutcome = { kind: "continue" };
const E = { EPERM: 1, ENOENT: 2, EBADF: 9, ENOMEM: 12, EFAULT: 14, ENODEV: 19, EINVAL: 22, ENOTTY: 25, ESPIPE: 29, EPIPE: 32, ERANGE: 34, ENOSYS: 38 };
const MAX_IO = 1 << 20; // bytes moved per call at most, to bound a call's host cost
const SIGPIPE = 13;
const NS_PER_TICK = 1e9 / TICKS_PER_SECOND; // 10: a whole number for the documented rate

const UTSNAME = ["Linux", "cryobox", "6.1.0-cryobox", "#1 cryobox run", "riscv32", "(none)"];

/** Next 32 pseudo-random bits from the deterministic generator in `sys`. */
export function nextRandom(sys: SysState): number {
  let x = sys.rng || 0x9e3779b9;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  sys.rng = x >>> 0;
  return sys.rng;
}

/** `n` deterministic pseudo-random bytes. */
export function randomBytes(sys: SysState, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const r = nextRandom(sys);
    for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (r >>> (8 * k)) & 0xff;
  }
  return out;
}

const pageUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

/** Perform the system call the hart trapped on (pc is past the ecall already). */
export function syscall(p: RunProc, io: HostIO): SyscallOutcome {
  const x = p.hart.x;
  const nr = x[17]!;
  const a = [x[10]!, x[11]!, x[12]!, x[13]!, x[14]!, x[15]!];
  const r = dispatch(p, io, nr, a);
  if (typeof r === "number") {
    x[10] = r | 0;
    return CONTINUE;
  }
  return r;
}

function dispatch(p: RunProc, io: HostIO, nr: number, a: number[]): number | SyscallOutcome {
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = a;
  switch (nr) {
    case 63: // read(fd, buf, count)
      return sysRead(p, io, a0, [[a1 >>> 0, a2 >>> 0]]);
    case 64: // write(fd, buf, count)
      return sysWrite(p, io, a0, [[a1 >>> 0, a2 >>> 0]]);
    case 65: // readv(fd, iov, iovcnt)
    case 66: {
      const iov = readIovec(p.mem, a1 >>> 0, a2);
      if (typeof iov === "number") return iov;
      return nr === 65 ? sysRead(p, io, a0, iov) : sysWrite(p, io, a0, iov);
    }
    case 57: // close(fd)
      if (!isOpen(p, a0)) return -E.EBADF;
      p.sys.closed |= 1 << a0;
      return 0;
    case 93: // exit
    case 94: // exit_group
      return { kind: "exit", status: a0 & 0xff };
    case 214:
      return sysBrk(p, a0 >>> 0);
    case 222:
      return sysMmap(p, a0 >>> 0, a1 >>> 0, a2, a3, a[4] ?? 0);
    case 215: // munmap(addr, len)
      if (a0 & (PAGE_SIZE - 1) || a1 === 0) return -E.EINVAL;
      p.mem.unmap(a0 >>> 0, a1 >>> 0);
      return 0;
    case 226: // mprotect(addr, len, prot)
      if (a0 & (PAGE_SIZE - 1)) return -E.EINVAL;
      p.mem.protect(a0 >>> 0, a1 >>> 0, a2 & (PROT_READ | PROT_WRITE | PROT_EXEC));
      return 0;
    case 29: // ioctl: no fd is a terminal here (TCGETS, TIOCGWINSZ, … all say so)
      return isOpen(p, a0) ? -E.ENOTTY : -E.EBADF;
    case 80: // fstat(fd, struct stat64 *)
      return sysStat(p, io, a0, a1 >>> 0, "stat64");
    case 291: // statx(dirfd, "", AT_EMPTY_PATH, mask, buf): fstat of an fd only
      return p.mem.readCString(a1 >>> 0, 1) === "" ? sysStat(p, io, a0, a[4]! >>> 0, "statx") : -E.ENOENT;
    case 62: // llseek: pipes and terminals cannot seek; we do not offer file offsets
      return isOpen(p, a0) ? -E.ESPIPE : -E.EBADF;
    case 25: // fcntl64(fd, cmd): F_GETFD 1 → 0, F_GETFL 3 → access mode
      if (!isOpen(p, a0)) return -E.EBADF;
      return a1 === 3 ? (a0 === 0 ? 0 : 1) : a1 === 1 || a1 === 2 || a1 === 4 ? 0 : -E.EINVAL;
    case 56: // openat: `run` is hermetic, there are no files to open
      return p.mem.readCString(a1 >>> 0, 4096) === "fault" ? -E.EFAULT : -E.ENOENT;
    case 113: // clock_gettime (number kept for old binaries; 64-bit timespec as on rv32)
    case 403: // clock_gettime64
      return sysClock(p, a0, a1 >>> 0);
    case 407: // clock_nanosleep_time64(clock, flags, req, rem): virtual time jumps
      return sysSleep(p, a1, a2 >>> 0);
    case 17: // getcwd(buf, size): the only directory there is
      if ((a1 >>> 0) < 2) return -E.ERANGE;
      return p.mem.copyOut(a0 >>> 0, new Uint8Array([0x2f, 0])) ? 2 : -E.EFAULT;
    case 160: // uname
      return p.mem.copyOut(a0 >>> 0, utsname()) ? 0 : -E.EFAULT;
    case 96: // set_tid_address
    case 172: // getpid
    case 178: // gettid
      return 1;
    case 173: // getppid
    case 174: // getuid
    case 175: // geteuid
    case 176: // getgid
    case 177: // getegid
    case 124: // sched_yield
      return 0;
    case 278: // getrandom(buf, len, flags)
      return p.mem.copyOut(a0 >>> 0, randomBytes(p.sys, Math.min(a1 >>> 0, MAX_IO))) ? Math.min(a1 >>> 0, MAX_IO) : -E.EFAULT;
    case 134: // rt_sigaction(sig, act, oldact, setsize): accepted, ignored
    case 135: // rt_sigprocmask(how, set, oldset, setsize)
      return sysSignalStub(p, nr, a0, a2 >>> 0, a3);
    default:
      return -E.ENOSYS;
  }
}

function isOpen(p: RunProc, fd: number): boolean {
  return fd >= 0 && fd <= 2 && (p.sys.closed & (1 << fd)) === 0;
}

/** The guest's iovec array as [base, len] pairs, or −errno. */
function readIovec(mem: Memory, addr: number, count: number): [number, number][] | number {
  if (count < 0 || count > 1024) return -E.EINVAL;
  const raw = mem.copyIn(addr, count * 8);
  if (!raw) return -E.EFAULT;
  const dv = new DataView(raw.buffer);
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) out.push([dv.getUint32(i * 8, true), dv.getUint32(i * 8 + 4, true)]);
  return out;
}

function sysRead(p: RunProc, io: HostIO, fd: number, iov: [number, number][]): number {
  if (!isOpen(p, fd)) return -E.EBADF;
  const total = Math.min(MAX_IO, iov.reduce((n, [, len]) => n + len, 0));
  if (total === 0) return 0;
  // Check the buffers before consuming host input, so a bad pointer loses nothing.
  let left = total;
  for (const [base, len] of iov) {
    if (!writable(p.mem, base, Math.min(len, left))) return -E.EFAULT;
    left -= Math.min(len, left);
  }
  const got = io.read(fd, total);
  if (typeof got === "number") return got;
  let done = 0;
  for (const [base, len] of iov) {
    if (done >= got.length) break;
    const n = Math.min(len, got.length - done);
    if (!p.mem.copyOut(base, got.subarray(done, done + n))) return -E.EFAULT;
    done += n;
  }
  return got.length;
}

/** Whether every byte of [addr, addr+len) is mapped writable for the user. */
function writable(mem: Memory, addr: number, len: number): boolean {
  if (len === 0) return true;
  if (addr + len > 2 ** 32) return false;
  for (let vpn = Math.floor(addr / PAGE_SIZE); vpn <= Math.floor((addr + len - 1) / PAGE_SIZE); vpn++) {
    if ((mem.permOf(vpn) & PROT_WRITE) === 0) return false;
  }
  return true;
}

function sysWrite(p: RunProc, io: HostIO, fd: number, iov: [number, number][]): number | SyscallOutcome {
  if (!isOpen(p, fd)) return -E.EBADF;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of iov) {
    const n = Math.min(len, MAX_IO - total);
    const bytes = p.mem.copyIn(base, n);
    if (!bytes) return -E.EFAULT;
    parts.push(bytes);
    total += n;
  }
  const all = parts.length === 1 ? parts[0]! : concat(parts, total);
  if (all.length === 0) return 0;
  const r = io.write(fd, all);
  // A write to a pipe nobody reads kills the writer, as on Unix (quietly: `run x | head`).
  if (r === -E.EPIPE) return { kind: "signal", signal: SIGPIPE, detail: "" };
  return r;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of parts) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

function sysBrk(p: RunProc, want: number): number {
  const s = p.sys;
  // Refuse what would run into the lowest mmap region or below the initial break.
  if (want < s.brkStart || pageUp(want) > s.mmapNext) return s.brk;
  const have = pageUp(s.brk);
  const need = pageUp(want);
  if (need > have) p.mem.map(have, need - have, PROT_READ | PROT_WRITE, "heap");
  else if (need < have) p.mem.unmap(need, have - need);
  s.brk = want;
  return want;
}

function sysMmap(p: RunProc, addr: number, len: number, prot: number, flags: number, fd: number): number {
  const MAP_FIXED = 0x10;
  const MAP_ANONYMOUS = 0x20;
  if (len === 0 || len > STACK_BOTTOM) return -E.EINVAL;
  if ((flags & MAP_ANONYMOUS) === 0) return fd >= 0 && fd <= 2 ? -E.ENODEV : -E.EBADF;
  const size = pageUp(len);
  const perm = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
  if (flags & MAP_FIXED) {
    if (addr & (PAGE_SIZE - 1) || addr < MIN_VADDR || addr + size > STACK_BOTTOM) return -E.EINVAL;
    p.mem.map(addr, size, perm, "mmap");
    return addr;
  }
  const at = p.sys.mmapNext - size;
  if (at < pageUp(p.sys.brk)) return -E.ENOMEM;
  p.mem.map(at, size, perm, "mmap");
  p.sys.mmapNext = at;
  return at;
}

/** fstat (asm-generic struct stat64, 104 bytes) or statx (256 bytes) of fd 0..2. */
function sysStat(p: RunProc, io: HostIO, fd: number, buf: number, layout: "stat64" | "statx"): number {
  if (!isOpen(p, fd)) return -E.EBADF;
  const kind = io.kind(fd);
  const mode = { file: 0o100644, pipe: 0o010600, tty: 0o020620, other: 0o020666 }[kind];
  const size = kind === "file" ? io.size(fd) : 0;
  const out = new Uint8Array(layout === "stat64" ? 104 : 256);
  const dv = new DataView(out.buffer);
  if (layout === "stat64") {
    dv.setUint32(8, fd + 1, true); // st_ino
    dv.setUint32(16, mode, true);
    dv.setUint32(20, 1, true); // st_nlink
    dv.setUint32(48, size >>> 0, true);
    dv.setUint32(52, Math.floor(size / 2 ** 32), true);
    dv.setInt32(56, PAGE_SIZE, true); // st_blksize
  } else {
    dv.setUint32(0, 0x7ff, true); // stx_mask: the basic stats
    dv.setUint32(4, PAGE_SIZE, true); // stx_blksize
    dv.setUint32(16, 1, true); // stx_nlink
    dv.setUint16(28, mode, true);
    dv.setUint32(32, fd + 1, true); // stx_ino
    dv.setUint32(40, size >>> 0, true);
    dv.setUint32(44, Math.floor(size / 2 ** 32), true);
  }
  return p.mem.copyOut(buf, out) ? 0 : -E.EFAULT;
}

function sysClock(p: RunProc, clock: number, buf: number): number {
  if (clock < 0 || clock > 11) return -E.EINVAL;
  const t = p.sys.ticks;
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  const sec = Math.floor(t / TICKS_PER_SECOND);
  dv.setUint32(0, sec >>> 0, true);
  dv.setUint32(4, Math.floor(sec / 2 ** 32), true);
  dv.setUint32(8, (t % TICKS_PER_SECOND) * NS_PER_TICK, true);
  return p.mem.copyOut(buf, out) ? 0 : -E.EFAULT;
}

function sysSleep(p: RunProc, flags: number, req: number): number {
  const b = p.mem.copyIn(req, 16);
  if (!b) return -E.EFAULT;
  const dv = new DataView(b.buffer);
  const sec = dv.getUint32(0, true) + dv.getInt32(4, true) * 2 ** 32;
  const nsec = dv.getInt32(8, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -E.EINVAL;
  const ticks = sec * TICKS_PER_SECOND + Math.ceil(nsec / NS_PER_TICK);
  const TIMER_ABSTIME = 1;
  // Nobody else runs, so sleeping is just the clock moving on (no host time passes).
  p.sys.ticks = flags & TIMER_ABSTIME ? Math.max(p.sys.ticks, ticks) : p.sys.ticks + ticks;
  return 0;
}

function sysSignalStub(p: RunProc, nr: number, sig: number, old: number, setsize: number): number {
  if (setsize !== 8) return -E.EINVAL;
  if (nr === 134 && (sig < 1 || sig > 64)) return -E.EINVAL;
  // Report "default disposition / empty mask" in the old value, if asked for.
  if (old !== 0 && !p.mem.copyOut(old, new Uint8Array(nr === 134 ? 16 : 8))) return -E.EFAULT;
  return 0;
}

function utsname(): Uint8Array {
  const out = new Uint8Array(6 * 65);
  const enc = new TextEncoder();
  UTSNAME.forEach((s, i) => out.set(enc.encode(s), i * 65));
  return out;
}
