// Building a fresh machine: tmpfs from the root-file list, /dev device nodes,
// /proc, /tmp, terminals and tape drives, and pid 1 running /bin/init with
// fds 0, 1, 2 on /dev/console.

import { fileContents, setContents } from "./file-blocks.js";
import type { Kernel, KernelConfig, RootFile } from "./kernel.js";
import type { DevKind, Inode, KernelState, ProcState } from "./state.js";
import { newTtyDev } from "./tty.js";
import { newTapeDev } from "./tape.js";
import { createIn, dirLookup, inode, resolve } from "./vfs.js";
import { addProc, blankProc } from "./proc.js";
import { allocFile, fdAlloc, fileDup, O_RDWR } from "./file.js";
import { execImage } from "./exec.js";
import { EPOCH_SECONDS } from "./realtime.js";
import { blankSysinfo } from "./sysinfo-state.js";

/** An empty kernel state with the root directory, terminals and drives (no processes). */
export function emptyState(config: KernelConfig): KernelState {
  const root: Inode = {
    ino: 1, type: "dir", mode: 0o755, nlink: 2, opens: 0, size: 0, blocks: new Map(), entries: [], parent: 1,
    dev: "none", unit: 0, mtime: 0, mount: { kind: "none" },
  };
  return {
    clock: 0,
    procs: new Map(),
    openFiles: new Map(),
    pipes: new Map(),
    inodes: new Map([[1, root]]),
    ttys: Array.from({ length: config.ttys }, () => newTtyDev()),
    drives: Array.from({ length: config.drives }, (_, i) => newTapeDev(i)),
    timers: [],
    runQueue: [],
    sockets: new Map(),
    netPorts: [],
    netLines: [],
    locks: [],
    current: -1,
    quantumLeft: 0,
    nextPid: 1,
    nextFile: 1,
    nextPipe: 1,
    nextIno: 2,
    rootIno: 1,
    random: 0x2545f491,
    panic: "",
    realtimeSeconds: EPOCH_SECONDS,
    realtimeTicks: 0,
    ...blankSysinfo(),
  };
}

/** The device nodes of /dev: [name, dev kind, unit]. */
export function deviceNodes(config: KernelConfig): [string, DevKind, number][] {
  const nodes: [string, DevKind, number][] = [
    ["console", "console", 0], ["tty", "ctty", 0], ["null", "null", 0], ["zero", "zero", 0],
  ];
  for (let i = 0; i < config.ttys; i++) nodes.push([`tty${i}`, "tty", i]);
  for (let i = 0; i < config.drives; i++) nodes.push([`rmt${i}`, "tape", i], [`nrmt${i}`, "ntape", i]);
  return nodes;
}

/** Fill tmpfs: /dev nodes, /proc, /tmp, then every root file (with its parent directories). */
export function populateRoot(k: Kernel, config: KernelConfig, rootfs: RootFile[]): void {
  const root = inode(k, k.state.rootIno);
  const dev = createIn(k, root, "dev", "dir", 0o755) as Inode;
  for (const [name, kind, unit] of deviceNodes(config)) {
    const n = createIn(k, dev, name, "chr", 0o666) as Inode;
    n.dev = kind;
    n.unit = unit;
  }
  (createIn(k, root, "proc", "dir", 0o555) as Inode).mount = { kind: "proc" };
  createIn(k, root, "tmp", "dir", 0o1777);
  for (const f of rootfs) {
    const parts = f.path.split("/").filter((c) => c !== "");
    const name = parts.pop();
    if (!name) continue;
    let dir = root;
    for (const c of parts) {
      const existing = dirLookup(k, dir, c);
      const next = existing >= 0 ? inode(k, existing) : createIn(k, dir, c, "dir", 0o755);
      if (typeof next === "number" || next.type !== "dir") throw new Error(`Root file ${f.path}: ${c} is not a directory`);
      dir = next;
    }
    const at = dirLookup(k, dir, name);
    const node = at >= 0 ? inode(k, at) : createIn(k, dir, name, "file", f.mode);
    if (typeof node === "number" || node.type !== "file") throw new Error(`Root file ${f.path}: cannot create it`);
    setContents(node, f.data);
    node.mode = f.mode & 0o7777;
  }
}

/**
 * The machine's first process, pid 1, with no image and no fds yet: the one place both a booted
 * machine (startInit) and a single program (run-single.ts) make it.
 */
export function createPid1(k: Kernel): ProcState {
  const p = blankProc(1, 0);
  k.state.nextPid = 2;
  addProc(k, p);
  return p;
}

/** Start pid 1: /bin/init with fds 0, 1, 2 on /dev/console; a panic (data) when that fails. */
export function startInit(k: Kernel): void {
  const p = createPid1(k);
  const r = resolve(k, k.state.rootIno, "/bin/init");
  const node = typeof r === "number" || r.fs !== "tmpfs" ? undefined : k.state.inodes.get(r.ino);
  if (!node || node.type !== "file") {
    k.panic("no /bin/init in the root filesystem");
    return;
  }
  if (k.state.ttys.length > 0) {
    const f = allocFile(k, { kind: "tty", n: 0 }, O_RDWR);
    fdAlloc(p, f);
    for (const fd of [1, 2]) {
      fileDup(k, f);
      fdAlloc(p, f, fd);
    }
  }
  const err = execImage(k, p, fileContents(node), ["/bin/init"], ["PATH=/bin", "HOME=/", "TERM=vt100"], "/bin/init");
  if (err < 0) k.panic(`cannot execute /bin/init (error ${-err})`);
}
