// Restore-time checks that a KernelState is one the kernel itself could have
// built, beyond the cross-references of validate.ts: table sizes and string
// lengths within the kernel's own limits (so a forged snapshot cannot make a
// restore allocate more than a real machine holds), virtual time far enough
// from 2^53 that the running machine never leaves the safe integers, a process
// tree rooted at init, id counters that the allocators can continue from.
// Every check is linear in the size of the state (bench/validate.ts).

import { StateError } from "../state/index.js";
import type { KernelConfig } from "./kernel.js";
import type { Inode, KernelState, ProcState } from "./state.js";
import { MAX_TMPFS_SIZE } from "./tmpfs-space.js";
import { MAX_ARGS, MAX_ARG_BYTES, MAX_FILE_SIZE, NAME_MAX, NFILE, NINODE, NPIPE, NPROC, PATH_MAX, TICKS_PER_SECOND } from "./param.js";
import { TTY_INPUT_MAX, TTY_OUTPUT_MAX } from "../devices/tty/state.js";
import { MAX_REALTIME_SECONDS } from "./realtime.js";
import { PageStore } from "../cpu/page-store.js";

/**
 * Largest virtual time a machine may be restored at: 2^52 ticks (about 521 virtual days).
 * Deadlines lie at most MAX_SLEEP_SECONDS (2^24 s ≈ 2^50.6 ticks) ahead of the clock, so
 * every time the kernel computes from a valid state stays below 2^53.
 */
export const MAX_CLOCK = 2 ** 52;
/** Largest deadline or timer: the clock's bound plus the longest sleep, with room to spare. */
export const MAX_DEADLINE = MAX_CLOCK + 2 ** 51;
/** Highest pid the allocator hands out (kernel/proc.ts allocPid). */
export const PID_MAX = 32767;
/** Terminals and tape drives a configuration may have (cryobox boot --ttys 1..64; units are one or two digits). */
export const MAX_TTYS = 64;
export const MAX_DRIVES = 100;
/** Longest command name (exec keeps 15 characters, as Linux's TASK_COMM_LEN − 1). */
const COMM_MAX = 15;
const PAGE = 4096;

type Fail = (path: string, problem: string) => never;

const fail: Fail = (path, problem) => {
  throw new StateError(path, problem);
};

/** UTF-8 length of `s` (strings in a state are valid text: the codec checked). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The configuration and table sizes: nothing larger than the kernel's own limits. Returns the machine's page counts. */
export function validateLimits(config: KernelConfig, s: KernelState): PageStore {
  if (config.ttys > MAX_TTYS) fail("$.config.ttys", `is ${config.ttys}, more than the ${MAX_TTYS} terminals a machine can have`);
  if (config.drives > MAX_DRIVES) fail("$.config.drives", `is ${config.drives}, more than the ${MAX_DRIVES} tape drives a machine can have`);
  if (config.memoryLimit > 2 ** 32) fail("$.config.memoryLimit", `is ${config.memoryLimit}, more than a 32-bit address space (4 GiB)`);
  const sizes: [string, number, number][] = [
    ["$.procs", s.procs.size, NPROC],
    ["$.openFiles", s.openFiles.size, NFILE],
    ["$.pipes", s.pipes.size, NPIPE],
    ["$.inodes", s.inodes.size, NINODE],
  ];
  for (const [path, n, max] of sizes) if (n > max) fail(path, `has ${n} entries, more than the kernel's limit of ${max}`);
  if (s.clock > MAX_CLOCK) fail("$.clock", `is ${s.clock}, beyond the ${MAX_CLOCK} ticks a machine can count to safely`);
  // The wall-clock offset (kernel/realtime.ts): at most what setRealtime accepts, so every
  // CLOCK_REALTIME reading and file time stays an exact integer the guest's 64-bit time_t holds.
  if (s.realtimeSeconds > MAX_REALTIME_SECONDS) fail("$.realtimeSeconds", `is ${s.realtimeSeconds}, beyond the latest wall-clock time a machine can be set to (${MAX_REALTIME_SECONDS} s, 9999-12-31)`);
  if (s.realtimeTicks >= TICKS_PER_SECOND) fail("$.realtimeTicks", `is ${s.realtimeTicks}, but it counts the ticks of less than one second (< ${TICKS_PER_SECOND})`);
  if (s.nextPid < 1 || s.nextPid > PID_MAX) fail("$.nextPid", `is ${s.nextPid}, but pids are handed out from 1 to ${PID_MAX}`);
  for (const [i, tm] of s.timers.entries()) {
    if (tm.time > MAX_DEADLINE) fail(`$.timers[${i}].time`, `is ${tm.time}, beyond any deadline the kernel sets`);
  }
  const limitPages = Math.floor(config.memoryLimit / PAGE);
  // The machine's page reference counts, counted here once: the distinct pages are checked against the
  // limit, and Kernel.fromState adopts the counts instead of walking every page again.
  const pages = new PageStore(limitPages);
  for (const [pid, p] of s.procs) {
    validateProcLimits(s, pid, p);
    // A process holds at most as many pages as the machine may (cpu/page-store.ts); a restore
    // shares equal pages, so the machine's distinct page objects are bounded the same way.
    if (p.mem.pages.size > limitPages) fail(`$.procs[${pid}].mem.pages`, `holds ${p.mem.pages.size} pages, more than the memory limit allows (${limitPages})`);
    for (const page of p.mem.pages.values()) pages.retain(page);
  }
  if (pages.used > limitPages) fail("$.procs", `hold ${pages.used} distinct pages, more than the memory limit allows (${limitPages})`);
  for (const [id, f] of s.openFiles) {
    if (f.target.kind === "proc" && f.target.path.length > PATH_MAX) fail(`$.openFiles[${id}].target.path`, `is longer than PATH_MAX (${PATH_MAX})`);
  }
  let fileBlocks = 0;
  for (const [ino, n] of s.inodes) {
    fileBlocks += validateFileBlocks(ino, n);
    n.entries.forEach((e, i) => {
      if (e.name.length > NAME_MAX && utf8Length(e.name) > NAME_MAX) fail(`$.inodes[${ino}].entries[${i}].name`, `is longer than NAME_MAX (${NAME_MAX} bytes)`);
    });
  }
  // All files together hold at most the largest tmpfs an operator may set (4 GiB): each block,
  // shared after a restore, becomes the file's own 4 KiB when written, so this bounds host memory.
  if (fileBlocks * PAGE > MAX_TMPFS_SIZE) fail("$.inodes", `hold ${fileBlocks} blocks of file contents, more than the largest tmpfs (${MAX_TMPFS_SIZE} bytes)`);
  s.ttys.forEach((tty, n) => {
    const ld = tty.ld;
    if (ld.output.length > TTY_OUTPUT_MAX) fail(`$.ttys[${n}].ld.output`, `holds ${ld.output.length} bytes, more than the output queue's ${TTY_OUTPUT_MAX}`);
    // Each line end is a line or an EOF typed into the read queue, which holds at most TTY_INPUT_MAX keys.
    if (ld.lineEnds.length > TTY_INPUT_MAX) fail(`$.ttys[${n}].ld.lineEnds`, `has ${ld.lineEnds.length} entries, more than the read queue's ${TTY_INPUT_MAX}`);
    if (ld.vtimeDeadline > MAX_DEADLINE) fail(`$.ttys[${n}].ld.vtimeDeadline`, `is ${ld.vtimeDeadline}, beyond any deadline the kernel sets`);
  });
  validateTree(s);
  return pages;
}

/**
 * One inode's contents as the kernel keeps them (kernel/file-blocks.ts): a size within the largest
 * file, blocks only below the end (truncate drops the rest) and zeros after the end in the last one
 * (what a later extension reads), and no contents at all for a directory or device. Returns the
 * blocks it holds.
 */
function validateFileBlocks(ino: number, n: Inode): number {
  const at = `$.inodes[${ino}]`;
  if (n.size > MAX_FILE_SIZE) fail(`${at}.size`, `is ${n.size} bytes, more than the largest file (${MAX_FILE_SIZE})`);
  if (n.type !== "file" && n.type !== "symlink" && (n.size !== 0 || n.blocks.size !== 0)) fail(`${at}.blocks`, `holds contents, but a ${n.type} has none`);
  const end = Math.ceil(n.size / PAGE);
  for (const bn of n.blocks.keys()) if (bn >= end) fail(`${at}.blocks[${bn}]`, `lies past the end of the ${n.size}-byte file`);
  const tail = n.size % PAGE;
  const last = tail === 0 ? undefined : n.blocks.get(end - 1);
  if (last && !zeroFrom(last, tail)) fail(`${at}.blocks[${end - 1}]`, `holds bytes past the end of the ${n.size}-byte file`);
  return n.blocks.size;
}

/** Are bytes `from`… of `b` all zero? Four at a time where aligned (a restore checks the tail of every file). */
function zeroFrom(b: Uint8Array, from: number): boolean {
  let i = from;
  for (; i < b.length && (b.byteOffset + i) % 4 !== 0; i++) if (b[i] !== 0) return false;
  const words = (b.length - i) >> 2;
  if (words > 0) {
    const w = new Int32Array(b.buffer, b.byteOffset + i, words);
    for (let j = 0; j < words; j++) if (w[j] !== 0) return false;
    i += words * 4;
  }
  for (; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** One process: argv as exec accepts it, counters no larger than the time that passed, memory inside its regions. */
function validateProcLimits(s: KernelState, pid: number, p: ProcState): void {
  const at = `$.procs[${pid}]`;
  if (pid > PID_MAX) fail(`${at}.pid`, `is ${pid}, above the highest pid ${PID_MAX}`);
  if (p.argv.length > MAX_ARGS) fail(`${at}.argv`, `has ${p.argv.length} arguments, more than exec accepts (${MAX_ARGS})`);
  let argBytes = 0;
  for (const a of p.argv) argBytes += utf8Length(a) + 1;
  if (argBytes > MAX_ARG_BYTES) fail(`${at}.argv`, `holds ${argBytes} bytes, more than exec accepts (${MAX_ARG_BYTES})`);
  if (p.comm.length > COMM_MAX) fail(`${at}.comm`, `has ${p.comm.length} characters, more than a command name's ${COMM_MAX}`);
  if (p.hart.instret > s.clock) fail(`${at}.hart.instret`, `is ${p.hart.instret}, more instructions than the ${s.clock} ticks of virtual time`);
  if (p.utime > s.clock) fail(`${at}.utime`, `is ${p.utime}, more than the ${s.clock} ticks of virtual time`);
  if (p.startTime > s.clock) fail(`${at}.startTime`, `is ${p.startTime}, after the current virtual time ${s.clock}`);
  if (p.deadline > MAX_DEADLINE) fail(`${at}.deadline`, `is ${p.deadline}, beyond any deadline the kernel sets`);
  const regions = p.mem.regions;
  if (p.state === "zombie" && (regions.length > 0 || p.mem.pages.size > 0)) fail(`${at}.mem`, "is not empty, but the process has exited (its memory is freed)");
  // Every touched page lies in a mapped region (unmap frees pages): a binary search per page.
  for (const vpn of p.mem.pages.keys()) {
    const addr = vpn * PAGE;
    let lo = 0;
    let hi = regions.length - 1;
    let inside = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = regions[mid]!;
      if (addr < r.start) hi = mid - 1;
      else if (addr >= r.end) lo = mid + 1;
      else {
        inside = true;
        break;
      }
    }
    if (!inside) fail(`${at}.mem.pages[0x${addr.toString(16)}]`, "is a page outside every mapped region");
  }
}

/**
 * The process tree: init (pid 1) exists and is alive (a machine whose init died
 * has panicked and is exempt), its parent is 0 and no one else's is; every
 * parent chain reaches init without a cycle; no process has an exited parent
 * (an exit hands the children to init). Linear: each process is walked once.
 */
function validateTree(s: KernelState): void {
  if (s.panic !== "") return;
  const init = s.procs.get(1);
  if (!init) fail("$.procs", "has no init (pid 1), so the machine would have panicked");
  if (init.state === "zombie") fail("$.procs[1].state", "is zombie: init has exited, but the machine has not panicked");
  if (init.ppid !== 0) fail("$.procs[1].ppid", `is ${init.ppid}, but init has no parent (0)`);
  // 0 = not seen, 1 = on the current chain, 2 = known to reach init.
  const mark = new Map<number, number>([[1, 2]]);
  const chain: number[] = [];
  for (const [pid, p] of s.procs) {
    if (pid === 1) continue;
    if (p.ppid === 0) fail(`$.procs[${pid}].ppid`, "is 0, but only init has no parent");
    const parent = s.procs.get(p.ppid);
    if (parent && parent.state === "zombie") fail(`$.procs[${pid}].ppid`, `names pid ${p.ppid}, which has exited (its children belong to init)`);
    let q = pid;
    chain.length = 0;
    while ((mark.get(q) ?? 0) === 0) {
      mark.set(q, 1);
      chain.push(q);
      const next = s.procs.get(q)?.ppid ?? 0;
      if (next === 0 || !s.procs.has(next)) break; // reported by the checks above / validate.ts
      q = next;
    }
    if (mark.get(q) === 1 && s.procs.get(q)!.ppid !== 0 && s.procs.has(s.procs.get(q)!.ppid)) {
      fail(`$.procs[${q}].ppid`, `is ${s.procs.get(q)!.ppid}: the parents of pid ${q} form a cycle that never reaches init`);
    }
    for (const c of chain) mark.set(c, 2);
  }
}
