// Symbolic links, hard links and chmod (kernel/sys-links.ts, namei.ts, fs-tmpfs.ts) through the
// real system calls: resolution (relative, absolute, through directories, the ELOOP limit), the
// calls that do not follow a last link, nlink through link/unlink/rename, EXDEV/EPERM/EEXIST,
// bounds (PATH_MAX, tmpfs space, the link budget), chmod's EPERM and its effect on X_OK, the
// checkpoint of a tree with links, and a hostile snapshot's symbolic links refused in one line.
// A fast-check model: random link/symlink/unlink/rename/mkdir sequences keep every nlink equal to
// the names of its inode (Kernel.fromState's checks), every resolution agrees with a reference
// resolver written here from the state, ending within the loop limit, and checkpoint → restore gives
// the same digest.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CONFIG, SCRATCH, bareKernel, call } from "./helpers.js";
import { Kernel } from "../../kernel/kernel.js";
import { KernelState, type Inode, type ProcState } from "../../kernel/state.js";
import { clone, StateError } from "../../state/index.js";
import { NINODE } from "../../kernel/param.js";
import { setTmpfsSize, tmpfsUsage } from "../../kernel/tmpfs-space.js";
import { mountDisk } from "../../kernel/mount.js";
import { MemoryDir } from "../../devices/disk/memory-dir.js";
import { checkpoint, digest, restore } from "../../snapshot/checkpoint.js";
import { tmpfs } from "../../kernel/fs-tmpfs.js";

const AT = -100;
const E = { EPERM: -1, ENOENT: -2, EACCES: -13, EEXIST: -17, EXDEV: -18, ENOTDIR: -20, EISDIR: -21, EINVAL: -22, ENOSPC: -28, ENAMETOOLONG: -36, ELOOP: -40 };
const S_IFMT = 0o170000, S_IFLNK = 0o120000, S_IFREG = 0o100000, S_IFDIR = 0o040000;
const NOFOLLOW = 0x100;
const BUF = SCRATCH + 0x2000;

type K = { k: Kernel; p: ProcState };
const symlink = ({ k, p }: K, target: string, path: string) => call(k, p, 36, target, AT, path);
const link = ({ k, p }: K, from: string, to: string, flags = 0) => call(k, p, 37, AT, from, AT, to, flags);
const unlink = ({ k, p }: K, path: string) => call(k, p, 35, AT, path, 0);
const rename = ({ k, p }: K, a: string, b: string) => call(k, p, 38, AT, a, AT, b);
const mkdir = ({ k, p }: K, path: string) => call(k, p, 34, AT, path, 0o755);
const chmod = ({ k, p }: K, path: string, mode: number) => call(k, p, 53, AT, path, mode);
const open = ({ k, p }: K, path: string, flags: number, mode = 0o644) => call(k, p, 56, AT, path, flags, mode) as number;
const close = ({ k, p }: K, fd: number) => call(k, p, 57, fd);

function readlink({ k, p }: K, path: string, size = 8192): string | number {
  const n = call(k, p, 78, AT, path, BUF, size) as number;
  return n < 0 ? n : new TextDecoder().decode(k.mem(p).copyIn(BUF, n)!);
}

/** stat (or lstat): mode, nlink, ino, size — or the errno. */
function stat({ k, p }: K, path: string, flags = 0): { mode: number; nlink: number; ino: number; size: number } | number {
  const r = call(k, p, 79, AT, path, BUF, flags) as number;
  if (r < 0) return r;
  const dv = new DataView(k.mem(p).copyIn(BUF, 128)!.buffer);
  return { ino: Number(dv.getBigUint64(8, true)), mode: dv.getUint32(16, true), nlink: dv.getUint32(20, true), size: Number(dv.getBigInt64(48, true)) };
}
const typeOf = (s: ReturnType<typeof stat>) => (typeof s === "number" ? s : s.mode & S_IFMT);

function write(c: K, path: string, data: string): void {
  const fd = open(c, path, 0o1101); // O_WRONLY|O_CREAT|O_TRUNC
  expect(fd).toBeGreaterThanOrEqual(0);
  const bytes = new TextEncoder().encode(data);
  c.k.mem(c.p).poke(BUF, bytes);
  expect(call(c.k, c.p, 64, fd, BUF, bytes.length)).toBe(bytes.length);
  close(c, fd);
}
function read(c: K, path: string, flags = 0): string | number {
  const fd = open(c, path, flags);
  if (fd < 0) return fd;
  const n = call(c.k, c.p, 63, fd, BUF, 4096) as number;
  close(c, fd);
  return n < 0 ? n : new TextDecoder().decode(c.k.mem(c.p).copyIn(BUF, n)!);
}

describe("symbolic links", () => {
  it("resolve relative to the link's directory, absolute from the root, in the middle of a path", () => {
    const c = bareKernel();
    mkdir(c, "/tmp/d");
    write(c, "/tmp/f", "hello");
    expect(symlink(c, "f", "/tmp/l")).toBe(0);
    expect(symlink(c, "../f", "/tmp/d/up")).toBe(0);
    expect(symlink(c, "/tmp/f", "/tmp/d/abs")).toBe(0);
    expect(symlink(c, "d", "/tmp/ld")).toBe(0);
    write(c, "/tmp/d/x", "in d");
    expect(read(c, "/tmp/l")).toBe("hello");
    expect(read(c, "/tmp/d/up")).toBe("hello");
    expect(read(c, "/tmp/d/abs")).toBe("hello");
    expect(read(c, "/tmp/ld/x")).toBe("in d");
    expect(read(c, "/tmp/ld/up")).toBe("hello"); // "../f" from d, the directory holding the link
    expect(read(c, "/tmp/ld/../f")).toBe("hello"); // ".." after a link: the target's parent
    expect(readlink(c, "/tmp/d/up")).toBe("../f");
    expect(readlink(c, "/tmp/ld/abs")).toBe("/tmp/f");
    const l = stat(c, "/tmp/l", NOFOLLOW);
    expect(typeof l !== "number" && [l.mode, l.size, l.nlink]).toEqual([S_IFLNK | 0o777, 1, 1]);
    expect(typeOf(stat(c, "/tmp/l"))).toBe(S_IFREG);
    expect(typeOf(stat(c, "/tmp/ld"))).toBe(S_IFDIR);
    expect(typeOf(stat(c, "/tmp/ld", NOFOLLOW))).toBe(S_IFLNK);
    expect(typeOf(stat(c, "/tmp/ld/", NOFOLLOW))).toBe(S_IFDIR); // a trailing slash follows
    const ents = tmpfs.entries(c.k, c.p, { fs: "tmpfs", ino: (stat(c, "/tmp") as { ino: number }).ino });
    expect(Array.isArray(ents) && ents.find((e) => e[0] === "l")?.[1]).toBe(10); // DT_LNK
    expect(stat(c, "/tmp/f/")).toBe(E.ENOTDIR); // a trailing slash, "." or ".." after a file
    expect(stat(c, "/tmp/f/.")).toBe(E.ENOTDIR);
    expect(stat(c, "/tmp/f/..")).toBe(E.ENOTDIR);
    expect(stat(c, "/tmp/l/", NOFOLLOW)).toBe(E.ENOTDIR); // through the link too
    expect(open(c, "/tmp/f/", 0)).toBe(E.ENOTDIR);
    expect(typeOf(stat(c, "/tmp/ld/."))).toBe(S_IFDIR);
    expect(call(c.k, c.p, 49, "/tmp/ld")).toBe(0); // chdir through a link
    expect(read(c, "x")).toBe("in d");
  });

  it("stop at 40 links in one resolution (ELOOP), cycles included", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "end");
    symlink(c, "f", "/tmp/l40");
    for (let i = 39; i >= 0; i--) symlink(c, `l${i + 1}`, `/tmp/l${i}`);
    expect(read(c, "/tmp/l1")).toBe("end"); // 40 links
    expect(read(c, "/tmp/l0")).toBe(E.ELOOP); // 41
    symlink(c, "b", "/tmp/a");
    symlink(c, "a", "/tmp/b");
    symlink(c, "self/x", "/tmp/self");
    expect(stat(c, "/tmp/a")).toBe(E.ELOOP);
    expect(stat(c, "/tmp/self")).toBe(E.ELOOP);
    expect(typeOf(stat(c, "/tmp/a", NOFOLLOW))).toBe(S_IFLNK);
    expect(mkdir(c, "/tmp/a/sub")).toBe(E.ELOOP);
  });

  it("the last link is not followed by unlink, rename, readlink, lstat, O_NOFOLLOW and O_EXCL", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "data");
    symlink(c, "f", "/tmp/l");
    expect(open(c, "/tmp/l", 0o400000)).toBe(E.ELOOP); // O_NOFOLLOW
    expect(open(c, "/tmp/l", 0o301)).toBe(E.EEXIST); // O_CREAT|O_EXCL on a link
    expect(rename(c, "/tmp/l", "/tmp/m")).toBe(0);
    expect(readlink(c, "/tmp/m")).toBe("f");
    expect(readlink(c, "/tmp/f")).toBe(E.EINVAL);
    expect(readlink(c, "/tmp/m", 0)).toBe(E.EINVAL);
    expect(readlink(c, "/tmp/m/", 100)).toBe(E.ENOTDIR); // a trailing slash: the file it names, not a directory
    expect(unlink(c, "/tmp/m")).toBe(0);
    expect(read(c, "/tmp/f")).toBe("data");
    symlink(c, "dir", "/tmp/ld");
    mkdir(c, "/tmp/dir");
    expect(call(c.k, c.p, 35, AT, "/tmp/ld", 0x200)).toBe(E.ENOTDIR); // rmdir of a link
    expect(unlink(c, "/tmp/ld")).toBe(0);
    expect(typeOf(stat(c, "/tmp/dir"))).toBe(S_IFDIR);
    expect(mkdir(c, "/tmp/ld2")).toBe(0);
    symlink(c, "/tmp/dir", "/tmp/ld3");
    expect(mkdir(c, "/tmp/ld3")).toBe(E.EEXIST);
  });

  it("open(O_CREAT) through a dangling link creates its target; O_EXCL does not", () => {
    const c = bareKernel();
    mkdir(c, "/tmp/d");
    symlink(c, "d/new", "/tmp/dangle");
    expect(open(c, "/tmp/dangle", 0o301)).toBe(E.EEXIST);
    const fd = open(c, "/tmp/dangle", 0o101);
    expect(fd).toBeGreaterThanOrEqual(0);
    close(c, fd);
    expect(typeOf(stat(c, "/tmp/d/new"))).toBe(S_IFREG);
    symlink(c, "nodir/", "/tmp/dslash");
    expect(open(c, "/tmp/dslash", 0o101)).toBe(E.EISDIR);
  });

  it("bounds: the target is 1 to 4095 bytes and takes a tmpfs block", () => {
    const c = bareKernel();
    expect(symlink(c, "", "/tmp/e")).toBe(E.ENOENT);
    expect(symlink(c, "x".repeat(4095), "/tmp/long")).toBe(0);
    expect(readlink(c, "/tmp/long")).toBe("x".repeat(4095));
    expect(symlink(c, "x".repeat(4096), "/tmp/toolong")).toBe(E.ENAMETOOLONG);
    expect(symlink(c, "a", "/tmp/long")).toBe(E.EEXIST);
    const before = tmpfsUsage(c.k).used;
    expect(symlink(c, "t", "/tmp/s1")).toBe(0);
    expect(tmpfsUsage(c.k).used).toBe(before + 4096);
    expect(unlink(c, "/tmp/s1")).toBe(0);
    expect(tmpfsUsage(c.k).used).toBe(before);
    setTmpfsSize(c.k, before + 3 * 4096);
    for (let i = 0; i < 3; i++) expect(symlink(c, "t", `/tmp/s${i}`)).toBe(0);
    expect(symlink(c, "t", "/tmp/s3")).toBe(E.ENOSPC);
    expect(stat(c, "/tmp/s3", NOFOLLOW)).toBe(E.ENOENT); // nothing half made
    expect(tmpfsUsage(c.k).used).toBe(before + 3 * 4096);
  });
});

describe("hard links", () => {
  it("share the inode; nlink follows link, unlink and rename; contents outlive the first name", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "one");
    mkdir(c, "/tmp/d");
    expect(link(c, "/tmp/f", "/tmp/d/h")).toBe(0);
    const a = stat(c, "/tmp/f"), b = stat(c, "/tmp/d/h");
    expect(typeof a !== "number" && typeof b !== "number" && [a.ino === b.ino, a.nlink, b.nlink]).toEqual([true, 2, 2]);
    write(c, "/tmp/d/h", "two");
    expect(read(c, "/tmp/f")).toBe("two");
    expect(rename(c, "/tmp/f", "/tmp/g")).toBe(0);
    expect((stat(c, "/tmp/g") as { nlink: number }).nlink).toBe(2);
    expect(rename(c, "/tmp/g", "/tmp/d/h")).toBe(0); // the same inode: nothing happens (POSIX)
    expect((stat(c, "/tmp/g") as { nlink: number }).nlink).toBe(2);
    expect(unlink(c, "/tmp/g")).toBe(0);
    expect((stat(c, "/tmp/d/h") as { nlink: number }).nlink).toBe(1);
    expect(read(c, "/tmp/d/h")).toBe("two");
    write(c, "/tmp/x", "x");
    link(c, "/tmp/x", "/tmp/y");
    write(c, "/tmp/z", "z");
    expect(rename(c, "/tmp/z", "/tmp/y")).toBe(0); // replacing one name of x
    expect((stat(c, "/tmp/x") as { nlink: number }).nlink).toBe(1);
  });

  it("EEXIST, EPERM for directories, ENOENT, EXDEV across mounts, EPERM on a disk", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "f");
    mkdir(c, "/tmp/d");
    expect(link(c, "/tmp/f", "/tmp/f")).toBe(E.EEXIST);
    expect(link(c, "/tmp/d", "/tmp/d2")).toBe(E.EPERM);
    expect(link(c, "/tmp/nosuch", "/tmp/n")).toBe(E.ENOENT);
    expect(link(c, "/tmp/f", "/tmp/nosuch/n")).toBe(E.ENOENT);
    expect(link(c, "/tmp/f", "/proc/f")).toBe(E.EXDEV);
    mountDisk(c.k, "/mnt", new MemoryDir("mem"));
    write(c, "/mnt/a", "on disk");
    expect(link(c, "/tmp/f", "/mnt/f")).toBe(E.EXDEV);
    expect(link(c, "/mnt/a", "/tmp/a")).toBe(E.EXDEV);
    expect(link(c, "/mnt/a", "/mnt/b")).toBe(E.EPERM);
    expect(symlink(c, "a", "/mnt/l")).toBe(E.EPERM); // no guest symlink ever reaches the host
    expect(chmod(c, "/mnt/a", 0o600)).toBe(E.EPERM);
    expect(symlink(c, "/mnt/a", "/tmp/todisk")).toBe(0); // a tmpfs link into the disk: the kernel resolves it
    expect(read(c, "/tmp/todisk")).toBe("on disk");
    expect(symlink(c, "../../../../etc", "/mnt/../tmp/up")).toBe(0);
    expect(readlink(c, "/tmp/up")).toBe("../../../../etc");
  });

  it("a link names the link itself unless AT_SYMLINK_FOLLOW", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "f");
    symlink(c, "f", "/tmp/l");
    expect(link(c, "/tmp/l", "/tmp/h")).toBe(0);
    expect(readlink(c, "/tmp/h")).toBe("f");
    expect((stat(c, "/tmp/l", NOFOLLOW) as { nlink: number }).nlink).toBe(2);
    expect(link(c, "/tmp/l", "/tmp/h2", 0x400)).toBe(0);
    expect((stat(c, "/tmp/f") as { nlink: number }).nlink).toBe(2);
    expect(link(c, "/tmp/l", "/tmp/h3", 0x1)).toBe(E.EINVAL);
  });

  it("AT_EMPTY_PATH names an open file again (root only); not once its last name is gone", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "kept");
    const fd = open(c, "/tmp/f", 0);
    expect(call(c.k, c.p, 37, fd, "", AT, "/tmp/again", 0x1000)).toBe(0);
    expect(read(c, "/tmp/again")).toBe("kept");
    expect(unlink(c, "/tmp/f")).toBe(0);
    expect(unlink(c, "/tmp/again")).toBe(0);
    expect(call(c.k, c.p, 37, fd, "", AT, "/tmp/back", 0x1000)).toBe(E.ENOENT); // nlink 0
    expect(call(c.k, c.p, 37, 77, "", AT, "/tmp/back", 0x1000)).toBe(-9); // EBADF
    expect(call(c.k, c.p, 37, fd, "", AT, "/tmp/back", 0)).toBe(E.ENOENT); // "" without the flag
    c.p.posix.creds.euid = 1000;
    expect(call(c.k, c.p, 37, fd, "", AT, "/tmp/back", 0x1000)).toBe(E.ENOENT); // Linux wants CAP_DAC_READ_SEARCH
  });

  it("extra names count against the inode table (ENOSPC), as Linux's tmpfs counts them", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "f");
    let made = 0;
    let r = 0;
    while ((r = link(c, "/tmp/f", `/tmp/h${made}`) as number) === 0) made++;
    expect(r).toBe(E.ENOSPC);
    expect(made).toBe(NINODE - c.k.state.inodes.size);
    expect(unlink(c, "/tmp/h0")).toBe(0);
    expect(link(c, "/tmp/f", "/tmp/again")).toBe(0);
  }, 60_000);
});

describe("chmod", () => {
  it("changes the bits stat shows and exec's X_OK test; fchmod; root only", () => {
    const c = bareKernel();
    write(c, "/tmp/f", "#!/bin/sh\n");
    expect(chmod(c, "/tmp/f", 0o4755)).toBe(0);
    expect((stat(c, "/tmp/f") as { mode: number }).mode).toBe(S_IFREG | 0o4755);
    expect(call(c.k, c.p, 48, AT, "/tmp/f", 1)).toBe(0); // access(X_OK)
    expect(chmod(c, "/tmp/f", 0o10644)).toBe(0); // bits above 07777 are ignored
    expect((stat(c, "/tmp/f") as { mode: number }).mode).toBe(S_IFREG | 0o644);
    expect(call(c.k, c.p, 48, AT, "/tmp/f", 1)).toBe(E.EACCES);
    symlink(c, "f", "/tmp/l");
    expect(call(c.k, c.p, 439, AT, "/tmp/l", 1, 0)).toBe(E.EACCES); // faccessat2 follows the link…
    expect(call(c.k, c.p, 439, AT, "/tmp/l", 1, 0x100)).toBe(0); // …unless AT_SYMLINK_NOFOLLOW (a link is 0777)
    expect(call(c.k, c.p, 439, AT, "/tmp/l", 1, 0x2)).toBe(E.EINVAL);
    expect(chmod(c, "/tmp/l", 0o600)).toBe(0); // follows the link
    expect((stat(c, "/tmp/f") as { mode: number }).mode).toBe(S_IFREG | 0o600);
    expect((stat(c, "/tmp/l", NOFOLLOW) as { mode: number }).mode).toBe(S_IFLNK | 0o777);
    const fd = open(c, "/tmp/f", 0);
    expect(call(c.k, c.p, 52, fd, 0o640)).toBe(0);
    expect((stat(c, "/tmp/f") as { mode: number }).mode).toBe(S_IFREG | 0o640);
    expect(chmod(c, "/tmp/nosuch", 0o600)).toBe(E.ENOENT);
    expect(call(c.k, c.p, 52, 77, 0o600)).toBe(-9); // EBADF
    c.p.posix.creds.euid = 1000;
    expect(chmod(c, "/tmp/f", 0o777)).toBe(E.EPERM);
    expect(call(c.k, c.p, 52, fd, 0o777)).toBe(E.EPERM);
    expect(chmod(c, "/tmp/nosuch", 0o600)).toBe(E.ENOENT); // the path is resolved first
    expect((stat(c, "/tmp/f") as { mode: number }).mode).toBe(S_IFREG | 0o640);
  });
});

describe("checkpoints and hostile snapshots", () => {
  it("a tree with links restores to the same digest and the same answers", () => {
    const c = bareKernel();
    mkdir(c, "/tmp/d");
    write(c, "/tmp/d/f", "contents");
    link(c, "/tmp/d/f", "/tmp/h");
    symlink(c, "d/f", "/tmp/s");
    symlink(c, "/tmp/loop2", "/tmp/loop1");
    symlink(c, "/tmp/loop1", "/tmp/loop2");
    chmod(c, "/tmp/d/f", 0o700);
    const bytes = checkpoint(c.k);
    const r = restore(bytes).kernel;
    expect(digest(r)).toBe(digest(c.k));
    const p = r.state.procs.get(1)!;
    const d = { k: r, p };
    expect(readlink(d, "/tmp/s")).toBe("d/f");
    expect(read(d, "/tmp/s")).toBe("contents");
    expect(stat(d, "/tmp/loop1")).toBe(E.ELOOP);
    expect(stat(d, "/tmp/h")).toEqual(stat(c, "/tmp/h"));
  });

  /** A restore of `k`'s state after `spoil` changed the symbolic link /tmp/s: the one-line error. */
  function restoreSpoiled(spoil: (n: Inode) => void): string {
    const c = bareKernel();
    symlink(c, "target", "/tmp/s");
    const s = clone(KernelState, c.k.state);
    const ino = (stat(c, "/tmp/s", NOFOLLOW) as { ino: number }).ino;
    spoil(s.inodes.get(ino)!);
    try {
      Kernel.fromState(CONFIG, s);
    } catch (e) {
      expect(e).toBeInstanceOf(StateError);
      const msg = (e as Error).message;
      expect(msg).not.toContain("\n");
      expect(msg).toContain(`$.inodes[${ino}]`);
      return msg;
    }
    return "accepted";
  }

  it("a bad symbolic link in a snapshot is refused in one line naming it", () => {
    expect(restoreSpoiled(() => {})).toBe("accepted");
    expect(restoreSpoiled((n) => (n.size = 0))).toMatch(/past the end/); // the file-block checks see it first
    expect(restoreSpoiled((n) => {
      n.size = 0;
      n.blocks.clear();
    })).toMatch(/size.*1 to 4095 bytes/);
    expect(restoreSpoiled((n) => (n.size = 4096))).toMatch(/size.*1 to 4095 bytes/);
    expect(restoreSpoiled((n) => n.blocks.clear())).toMatch(/block 0/);
    expect(restoreSpoiled((n) => (n.blocks.get(0)![2] = 0))).toMatch(/NUL/);
    expect(restoreSpoiled((n) => (n.entries = [{ name: "x", ino: n.ino }]))).toMatch(/not a directory/);
  });

  it("a snapshot whose links form cycles restores, and every walk stops at ELOOP", () => {
    const c = bareKernel();
    for (let i = 0; i < 20; i++) symlink(c, `/tmp/c${(i + 1) % 20}/x/../x`, `/tmp/c${i}`);
    const r = restore(checkpoint(c.k)).kernel;
    const d = { k: r, p: r.state.procs.get(1)! };
    for (let i = 0; i < 20; i++) expect(stat(d, `/tmp/c${i}/y`)).toBe(E.ELOOP);
  });
});

// ---- the model: random operations, then nlink and every resolution checked against the state ----

const NAMES = ["a", "b", "c"];
const pathArb = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `/tmp/${n}`),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES)).map(([a, b]) => `/tmp/${a}/${b}`),
);
const targetArb = fc.oneof(pathArb, fc.constantFrom(...NAMES), fc.tuple(fc.constantFrom(...NAMES, "..", "."), fc.constantFrom(...NAMES)).map(([a, b]) => `${a}/${b}`));
type Op =
  | { op: "file" | "mkdir" | "unlink"; path: string }
  | { op: "link" | "rename"; from: string; to: string; follow: boolean }
  | { op: "symlink"; target: string; path: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom("file" as const, "mkdir" as const, "unlink" as const), path: pathArb }),
  fc.record({ op: fc.constantFrom("link" as const, "rename" as const), from: pathArb, to: pathArb, follow: fc.boolean() }),
  fc.record({ op: fc.constant("symlink" as const), target: targetArb, path: pathArb }),
);

/** Reference resolution over the state (no kernel code): the inode, or an errno; `links` counts every link followed. */
function refResolve(s: KernelState, dirIno: number, path: string, follow: boolean, budget: { links: number }): number {
  let cur = path.startsWith("/") ? s.rootIno : dirIno;
  const parts = path.split("/").filter((x) => x !== "");
  for (let i = 0; i < parts.length; i++) {
    const d = s.inodes.get(cur)!;
    if (d.type !== "dir") return E.ENOTDIR;
    const name = parts[i]!;
    if (name === ".") continue;
    if (name === "..") {
      cur = d.parent;
      continue;
    }
    const e = d.entries.find((x) => x.name === name);
    if (!e) return E.ENOENT;
    const n = s.inodes.get(e.ino)!;
    if (n.type === "symlink" && (i < parts.length - 1 || follow)) {
      if (++budget.links > 40) return E.ELOOP;
      const target = new TextDecoder().decode(n.blocks.get(0)!.subarray(0, n.size));
      const r = refResolve(s, cur, target, true, budget);
      if (r < 0) return r;
      cur = r;
    } else cur = e.ino;
  }
  return cur;
}

describe("links against a reference resolver", () => {
  it("random link/symlink/unlink/rename/mkdir keep nlink = names, resolution = the reference, and checkpoints exact", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const c = bareKernel();
        for (const o of ops) {
          if (o.op === "file") {
            const fd = open(c, o.path, 0o101);
            if (fd >= 0) close(c, fd);
          } else if (o.op === "mkdir") mkdir(c, o.path);
          else if (o.op === "unlink") unlink(c, o.path);
          else if (o.op === "link") link(c, o.from, o.to, o.follow ? 0x400 : 0);
          else if (o.op === "rename") rename(c, o.from, o.to);
          else if (o.op === "symlink") symlink(c, o.target, o.path);
        }
        Kernel.fromState(CONFIG, clone(KernelState, c.k.state)); // nlink = names, parents, symlink records
        const back = restore(checkpoint(c.k)).kernel;
        expect(digest(back)).toBe(digest(c.k)); // a checkpoint of any such tree restores to the same machine
        const s = c.k.state;
        for (const path of [...NAMES.map((n) => `/tmp/${n}`), ...NAMES.flatMap((a) => NAMES.map((b) => `/tmp/${a}/${b}`))]) {
          for (const follow of [true, false]) {
            const budget = { links: 0 };
            const want = refResolve(s, s.rootIno, path, follow, budget);
            expect(budget.links).toBeLessThanOrEqual(41);
            const got = stat(c, path, follow ? 0 : NOFOLLOW);
            expect(typeof got === "number" ? got : got.ino, `${follow ? "stat" : "lstat"} ${path}`).toBe(want);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("the new calls with random arguments", () => {
  it("never throw on the host and always leave a state Kernel.fromState accepts", () => {
    const argArb = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.constantFrom(-100, 0, 1, 2, 3, 0x100, 0x400, 0x1000, 0o777, SCRATCH, 0x7ffff000),
      fc.constantFrom("/tmp/a", "/tmp/b", "a", "", "/tmp/a/", "..", "/proc/1", "/tmp/l/x", "x".repeat(300)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(36, 37, 52, 53, 78, 79, 35), fc.array(argArb, { minLength: 5, maxLength: 5 })), { maxLength: 25 }), (calls) => {
        const c = bareKernel();
        write(c, "/tmp/a", "a");
        symlink(c, "a", "/tmp/l");
        for (const [num, args] of calls) {
          expect(typeof call(c.k, c.p, num, ...args)).toBe("number"); // a value or −errno: none of these blocks
        }
        Kernel.fromState(CONFIG, clone(KernelState, c.k.state));
      }),
      { numRuns: 200 },
    );
  });
});
