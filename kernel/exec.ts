// execve's work: replace a process image with an ELF (cpu/elf.ts), build the
// Linux initial stack, map the signal trampoline page, close close-on-exec
// fds and reset caught signals to their defaults.

import { fileContents } from "./file-blocks.js";
import { newHart } from "../cpu/hart.js";
import { execPosix } from "./proc-posix.js";
import { Memory, PROT_EXEC, PROT_READ } from "../cpu/memory.js";
import { ElfError, MMAP_TOP, buildInitialStack, loadElf, parseElf } from "../cpu/elf.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { E2BIG, EACCES, EISDIR, ENOEXEC, ENOMEM } from "./errno.js";
import { MAX_ARG_BYTES, MAX_ARGS, SIGTRAMP_ADDR } from "./param.js";
import { fileClose } from "./file.js";
import { SIG_IGN } from "./signals-def.js";
import { cwdNode, fsOf, lookupPath } from "./mount.js";
import { MAX_FILE_SIZE } from "./param.js";

/** li a7, 139 (rt_sigreturn); ecall — where a handler returns when it has no restorer. */
const TRAMPOLINE = new Uint8Array([0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00]);

/** Next value of the deterministic generator (xorshift32) behind getrandom and AT_RANDOM. */
export function nextRandom(k: Kernel): number {
  let x = k.state.random || 0x9e3779b9;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  k.state.random = x >>> 0;
  return x >>> 0;
}

/** Deterministic pseudo-random bytes. */
export function randomBytes(k: Kernel, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const r = nextRandom(k);
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (r >>> (8 * j)) & 0xff;
  }
  return out;
}

/**
 * The bytes of the program at `path` (from p's cwd), on whichever file system
 * holds it — tmpfs or a disk — or −errno: a directory is EISDIR, a file without
 * an execute bit, a device or a procfs file EACCES.
 */
export function programImage(k: Kernel, p: ProcState, path: string): Uint8Array | number {
  const r = lookupPath(k, p, cwdNode(k, p), path);
  if (typeof r === "number") return r;
  if (r.fs === "proc") return -EACCES;
  const info = fsOf(r).info(k, p, r);
  if (typeof info === "number") return info;
  if (info.type === "dir") return -EISDIR;
  if (info.type !== "file" || (info.mode & 0o111) === 0) return -EACCES;
  if (r.fs === "tmpfs") return fileContents(k.state.inodes.get(r.ino)!);
  if (info.size > MAX_FILE_SIZE) return -ENOMEM; // an image larger than any tmpfs file: not read into host memory
  return fsOf(r).read(k, p, r, 0, info.size);
}

/** Replace p's image with the ELF `bytes`; 0, or −ENOEXEC/−E2BIG with p unchanged. */
export function execImage(k: Kernel, p: ProcState, bytes: Uint8Array, argv: string[], envp: string[], name: string): number {
  // One argv limit for every way a program starts (execve, init, `cryobox run`): the kernel's,
  // which a restore checks too (validate-limits.ts), so a process that started can be restored.
  if (argv.length > MAX_ARGS || envp.length > MAX_ARGS || stringBytes(argv) + stringBytes(envp) > MAX_ARG_BYTES) return -E2BIG;
  const mem = new Memory();
  let sp: number;
  let image;
  try {
    const elf = parseElf(bytes);
    image = loadElf(elf, mem);
    sp = buildInitialStack(mem, argv, envp, image, randomBytes(k, 16));
  } catch (e) {
    if (e instanceof ElfError) return /too long/.test(e.message) ? -E2BIG : -ENOEXEC;
    throw e;
  }
  mem.map(SIGTRAMP_ADDR, 4096, PROT_READ | PROT_EXEC, "sigtramp");
  mem.poke(SIGTRAMP_ADDR, TRAMPOLINE);
  k.setMem(p, mem);
  p.hart = newHart(image.entry);
  p.hart.x[2] = sp | 0;
  p.hart.instret = 0;
  p.brkBase = image.brk;
  p.brk = image.brk;
  p.mmapNext = MMAP_TOP;
  p.argv = [...argv];
  p.comm = (name.split("/").pop() ?? name).slice(0, 15);
  p.inSyscall = false;
  p.progress = 0;
  p.deadline = 0;
  for (const slot of p.fds) {
    if (slot.file >= 0 && slot.cloexec) {
      fileClose(k, slot.file);
      slot.file = -1;
      slot.cloexec = false;
    }
  }
  for (const a of p.sigActions) {
    // Linux flush_signal_handlers: caught → SIG_DFL, ignored stays ignored; flags and mask cleared for all.
    if (a.handler !== SIG_IGN) a.handler = 0;
    a.flags = 0;
    a.mask = 0;
    a.restorer = 0;
  }
  execPosix(p.posix); // POSIX: the alternate signal stack does not survive exec
  return 0;
}

/** Bytes of NUL-terminated strings, as execve counts them. */
function stringBytes(v: readonly string[]): number {
  let n = 0;
  for (const s of v) n += encoder.encode(s).length + 1;
  return n;
}

const encoder = new TextEncoder();
