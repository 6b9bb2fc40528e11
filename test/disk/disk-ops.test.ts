// Every tmpfs file operation on a disk (issue #9): open flags, read, write,
// lseek, ftruncate, stat, getdents, mkdir, rmdir, unlink, rename (EXDEV across
// file systems), chdir/getcwd — on the in-memory HostDir and on a real host
// directory, and the host directory holds what the guest wrote, at once.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AT_FDCWD, O, SYS, getcwd, kernelWithDisk, listFd, lseek, openAt, readStr, statPath, sys, writeStr, type DiskKind } from "./helpers.js";
import { unmountDisk, MountError } from "../../kernel/mount.js";

const E = { ENOENT: -2, EBADF: -9, EBUSY: -16, EEXIST: -17, EXDEV: -18, ENOTDIR: -20, EISDIR: -21, EINVAL: -22, ENOTEMPTY: -39, ENAMETOOLONG: -36 };

describe.each<DiskKind>(["memory", "host"])("disk file operations (%s)", (kind) => {
  let env: ReturnType<typeof kernelWithDisk>;
  afterEach(() => env?.done());

  it("creates, writes, reads back; O_EXCL, O_TRUNC, O_APPEND behave as on tmpfs", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    const fd = openAt(k, p, "/mnt/a.txt", O.CREAT | O.WRONLY | O.EXCL);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(writeStr(k, p, fd, "hello ")).toBe(6);
    expect(writeStr(k, p, fd, "world\n")).toBe(6);
    expect(sys(k, p, SYS.close, fd)).toBe(0);
    expect(openAt(k, p, "/mnt/a.txt", O.CREAT | O.WRONLY | O.EXCL)).toBe(E.EEXIST);
    const r = openAt(k, p, "/mnt/a.txt", O.RDONLY);
    expect(readStr(k, p, r)).toBe("hello world\n");
    expect(readStr(k, p, r)).toBe(""); // EOF
    const ap = openAt(k, p, "/mnt/a.txt", O.WRONLY | O.APPEND);
    expect(lseek(k, p, ap, 0, 0)).toBe(0);
    writeStr(k, p, ap, "more\n"); // O_APPEND: at the end whatever the offset
    expect(lseek(k, p, r, 0, 0)).toBe(0);
    expect(readStr(k, p, r)).toBe("hello world\nmore\n");
    if (env.hostPath) expect(readFileSync(join(env.hostPath, "a.txt"), "utf8")).toBe("hello world\nmore\n"); // written through at once
    const t = openAt(k, p, "/mnt/a.txt", O.WRONLY | O.TRUNC);
    expect(statPath(k, p, "/mnt/a.txt")).toMatchObject({ size: 0 });
    writeStr(k, p, t, "x");
    expect(statPath(k, p, "/mnt/a.txt")).toMatchObject({ size: 1, mode: 0o100000 | 0o644 });
  });

  it("lseek past the end makes a hole of zeros; SEEK_END and ftruncate", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    const fd = openAt(k, p, "/mnt/h", O.CREAT | O.RDWR);
    expect(lseek(k, p, fd, 10, 0)).toBe(10);
    writeStr(k, p, fd, "Z");
    expect(lseek(k, p, fd, 0, 2)).toBe(11);
    expect(lseek(k, p, fd, 0, 0)).toBe(0);
    expect(readStr(k, p, fd)).toBe("\0".repeat(10) + "Z");
    expect(sys(k, p, SYS.ftruncate, fd, 4, 0)).toBe(0);
    expect(statPath(k, p, "/mnt/h")).toMatchObject({ size: 4 });
    expect(sys(k, p, SYS.ftruncate, fd, -1, -1)).toBe(E.EINVAL);
    const ro = openAt(k, p, "/mnt/h", O.RDONLY);
    expect(sys(k, p, SYS.ftruncate, ro, 0, 0)).toBe(E.EINVAL);
    expect(sys(k, p, SYS.truncate, "/mnt/h", 2, 0)).toBe(0);
    expect(statPath(k, p, "/mnt/h")).toMatchObject({ size: 2 });
  });

  it("mkdir, getdents, rmdir (ENOTEMPTY), unlink, rename within the disk; EXDEV to tmpfs", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    expect(sys(k, p, SYS.mkdirat, AT_FDCWD, "/mnt/d", 0o755)).toBe(0);
    expect(sys(k, p, SYS.mkdirat, AT_FDCWD, "/mnt/d", 0o755)).toBe(E.EEXIST);
    sys(k, p, SYS.close, openAt(k, p, "/mnt/d/f1", O.CREAT | O.WRONLY));
    sys(k, p, SYS.close, openAt(k, p, "/mnt/d/f2", O.CREAT | O.WRONLY));
    const dfd = openAt(k, p, "/mnt/d", O.RDONLY | O.DIRECTORY);
    expect(listFd(k, p, dfd)).toEqual([".", "..", "f1", "f2"]);
    sys(k, p, SYS.close, dfd);
    expect(openAt(k, p, "/mnt/d/f1", O.RDONLY | O.DIRECTORY)).toBe(E.ENOTDIR);
    expect(openAt(k, p, "/mnt/d", O.WRONLY)).toBe(E.EISDIR);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/d", 0x200)).toBe(E.ENOTEMPTY);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/d", 0)).toBe(E.EISDIR);
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt/d/f1", AT_FDCWD, "/mnt/g")).toBe(0);
    expect(sys(k, p, SYS.renameat2, AT_FDCWD, "/mnt/g", AT_FDCWD, "/mnt/d/f2", 1)).toBe(E.EEXIST); // RENAME_NOREPLACE
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt/g", AT_FDCWD, "/tmp/g")).toBe(E.EXDEV);
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt/d", AT_FDCWD, "/mnt/d/sub")).toBe(E.EINVAL);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/d/f2", 0)).toBe(0);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/d", 0x200)).toBe(0);
    const root = openAt(k, p, "/mnt", O.RDONLY | O.DIRECTORY);
    expect(listFd(k, p, root)).toEqual([".", "..", "g"]);
    if (env.hostPath) {
      expect(existsSync(join(env.hostPath, "g"))).toBe(true);
      expect(existsSync(join(env.hostPath, "d"))).toBe(false);
    }
    // the mount point itself cannot be removed or renamed
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt", 0x200)).toBe(E.EBUSY);
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt", AT_FDCWD, "/mnt2")).toBe(E.EBUSY);
  });

  it("chdir into the disk; relative paths, .. back out to tmpfs; getcwd", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    sys(k, p, SYS.mkdirat, AT_FDCWD, "/mnt/work", 0o755);
    expect(sys(k, p, SYS.chdir, "/mnt/work")).toBe(0);
    expect(getcwd(k, p)).toBe("/mnt/work");
    sys(k, p, SYS.close, openAt(k, p, "rel", O.CREAT | O.WRONLY));
    expect(statPath(k, p, "/mnt/work/rel")).toMatchObject({ size: 0 });
    expect(statPath(k, p, "../../tmp")).toMatchObject({ mode: 0o40000 | 0o1777 });
    expect(sys(k, p, SYS.chdir, "..")).toBe(0);
    expect(getcwd(k, p)).toBe("/mnt");
    expect(sys(k, p, SYS.chdir, "..")).toBe(0);
    expect(getcwd(k, p)).toBe("/");
    expect(sys(k, p, SYS.chdir, "/mnt/work/rel")).toBe(E.ENOTDIR);
  });

  it("a busy disk cannot be detached, nor an open file removed; an idle one detaches", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    const fd = openAt(k, p, "/mnt/busy", O.CREAT | O.WRONLY);
    expect(() => unmountDisk(k, k.state.inodes.get(k.state.rootIno)!.entries.find((e) => e.name === "mnt")!.ino)).toThrow(MountError);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/busy", 0)).toBe(E.EBUSY);
    sys(k, p, SYS.close, fd);
    const at = k.state.inodes.get(k.state.rootIno)!.entries.find((e) => e.name === "mnt")!.ino;
    sys(k, p, SYS.chdir, "/mnt");
    expect(() => unmountDisk(k, at)).toThrow(/busy/);
    sys(k, p, SYS.chdir, "/");
    unmountDisk(k, at);
    expect(statPath(k, p, "/mnt/busy")).toBe(E.ENOENT); // the empty tmpfs directory again
  });

  it("long names: ENAMETOOLONG, never a host exception", () => {
    env = kernelWithDisk(kind);
    const { k, p } = env;
    expect(openAt(k, p, "/mnt/" + "a".repeat(256), O.CREAT | O.WRONLY)).toBe(E.ENAMETOOLONG);
    expect(openAt(k, p, "/mnt/" + "a".repeat(255), O.CREAT | O.WRONLY)).toBeGreaterThanOrEqual(0);
  });
});
