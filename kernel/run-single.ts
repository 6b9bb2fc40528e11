// runSingleProcess: the whole kernel running one program whose fds 0, 1, 2
// are the host's stdio (byte for byte, no terminal processing) — what
// `cryobox run` uses to give a lone program the full system-call set (fork,
// pipes, tmpfs, signals, …) instead of a reduced stand-in.

import { parseElf } from "../cpu/elf.js";
import { Kernel, type HostIO, type KernelConfig, type RootFile } from "./kernel.js";
import { createPid1, emptyState, populateRoot } from "./boot.js";
import { allocFile, fdAlloc, O_RDONLY, O_WRONLY } from "./file.js";
import { execImage } from "./exec.js";
import { QUANTUM } from "./param.js";
import { addProc, blankProc } from "./proc.js";
import { SIGCHLD, SIG_IGN } from "./signals-def.js";
import { timerChan } from "./wait-channel.js";
import type { ProcState } from "./state.js";

export interface SingleRunOptions {
  /** stop after this many ticks of virtual time (≈ instructions) */
  maxTicks?: number;
  /** bytes of heap allowed (brk) */
  memoryLimit?: number;
  /** seed of the deterministic generator behind getrandom and AT_RANDOM (default: the kernel's own) */
  seed?: number;
  /** files of the root filesystem besides /dev, /proc and /tmp (e.g. the userland's /bin) */
  rootfs?: RootFile[];
}

/** How the program ended (`instructions`: retired by the program itself, pid 2). */
export type SingleRunResult = { ticks: number; instructions: number } & (
  | { kind: "exit"; status: number } // exit code 0..255
  | { kind: "signal"; signal: number; cause: number; pc: number; tval: number; mapped: boolean } // killed (cause −1: by a signal, not a fault; mapped: tval was in a mapped region)
  | { kind: "limit" } // maxTicks reached
  | { kind: "deadlock" } // nothing can run and no timer is pending (e.g. it waits for its own child forever)
);

/**
 * Run `elf` as pid 2 (under a minimal init, pid 1) with `argv`/`envp` and host stdio; returns how it ended.
 * Throws ElfError (from cpu/elf.ts) when the file is not a loadable RV32 executable.
 */
export function runSingleProcess(elf: Uint8Array, argv: string[], envp: string[], io: HostIO, opts: SingleRunOptions = {}): SingleRunResult {
  parseElf(elf); // a bad file is the caller's error, with the loader's message
  const config: KernelConfig = { ttys: 0, drives: 0, memoryLimit: opts.memoryLimit ?? 256 << 20 };
  const k = new Kernel(config, emptyState(config));
  k.host = io;
  populateRoot(k, config, opts.rootfs ?? []);
  if (opts.seed !== undefined) k.state.random = seedState(opts.seed);
  const p = startUnderInit(k);
  for (const fd of [0, 1, 2]) fdAlloc(p, allocFile(k, { kind: "host", fd }, fd === 0 ? O_RDONLY : O_WRONLY), fd);
  const err = execImage(k, p, elf, argv, envp, argv[0] ?? "a.out");
  if (err < 0) throw new Error(`cannot execute the program (error ${-err})`);
  const limit = opts.maxTicks ?? Infinity;
  for (;;) {
    const left = limit - k.now();
    if (left <= 0) return { kind: "limit", ticks: k.now(), instructions: p.utime };
    const r = k.run(Math.min(left, 100 * QUANTUM));
    const end = r.exited.find((e) => e.pid === p.pid);
    if (end) {
      const sig = end.status & 0x7f;
      if (sig === 0) return { kind: "exit", status: (end.status >> 8) & 0xff, ticks: k.now(), instructions: p.utime };
      const f = k.faults.get(p.pid);
      const fault = { cause: f?.cause ?? -1, pc: f?.pc ?? p.hart.pc, tval: f?.tval ?? 0, mapped: f?.mapped ?? false };
      return { kind: "signal", signal: sig, ...fault, ticks: k.now(), instructions: p.utime };
    }
    if (r.idle) return { kind: "deadlock", ticks: k.now(), instructions: p.utime };
  }
}

/**
 * pid 1, a minimal init that never runs: it sleeps on a channel nothing wakes, gets no signal
 * (init's rule: only those it handles, and it handles none) and reaps every child at once
 * (SIGCHLD ignored). The program is its child, pid 2, leading its own session and process group
 * (as a program started by a shell's job control is a group leader), so it is an ordinary
 * process: killpg(getpgrp()) reaches it, SIGKILL kills it, orphans go to init.
 */
function startUnderInit(k: Kernel): ProcState {
  const init = createPid1(k);
  init.sigActions[SIGCHLD]!.handler = SIG_IGN;
  init.state = "sleeping";
  init.chan = timerChan(1);
  const p = blankProc(2, 1);
  k.state.nextPid = 3;
  addProc(k, p);
  return p;
}

/** The generator state for a user seed: a bijective mix of the seed, never 0 (xorshift's fixed point). */
function seedState(seed: number): number {
  let x = Math.imul((seed >>> 0) ^ 0x2545f491, 0x9e3779b1) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x === 0 ? 0x2545f491 : x;
}
