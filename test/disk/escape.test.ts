// Confinement (issue #9): nothing the guest does reaches a host path outside
// the disk's directory — "..", absolute paths, symlinks planted in the
// directory by someone on the host (to files, to directories, dangling, in the
// middle of a path, as the last name, as a rename target), over-long names,
// and a root swapped for a symlink. Every attempt answers an errno, no host
// file outside changes, and no host exception escapes.

import { mkdirSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { AT_FDCWD, O, SYS, kernelWithDisk, listFd, openAt, readStr, statPath, sys, tempDir, writeStr } from "./helpers.js";
import { NodeHostDir } from "../../devices/disk/host-dir.js";
import { checkRelPath } from "../../devices/disk/dir.js";

describe("disk confinement: escapes from the host directory", () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup) c();
    cleanup = [];
  });

  /** A disk on /mnt and, beside its directory, an "outside" directory holding a secret. */
  function setup() {
    const env = kernelWithDisk("host");
    cleanup.push(env.done);
    const outside = tempDir("cryobox-outside-");
    cleanup.push(outside.done);
    writeFileSync(join(outside.path, "secret"), "SECRET");
    mkdirSync(join(outside.path, "dir"));
    const disk = env.hostPath!;
    return { ...env, disk, outside: outside.path };
  }

  function outsideUnchanged(outside: string): void {
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("SECRET");
    expect(readdirSync(outside).sort()).toEqual(["dir", "secret"]);
    expect(readdirSync(join(outside, "dir"))).toEqual([]);
  }

  it("'..' past the disk's root leads back into the machine, never to the host", () => {
    const { k, p, outside } = setup();
    const deep = "/mnt/" + "../".repeat(40) + "tmp";
    expect(statPath(k, p, deep)).toMatchObject({ mode: 0o40000 | 0o1777 }); // the machine's /tmp
    expect(sys(k, p, SYS.chdir, "/mnt")).toBe(0);
    expect(openAt(k, p, "../../../../secret", O.RDONLY)).toBe(-2);
    expect(openAt(k, p, "../../../../x", O.CREAT | O.WRONLY)).toBeGreaterThanOrEqual(0); // that is the machine's /x
    expect(k.state.inodes.get(k.state.rootIno)!.entries.some((e) => e.name === "x")).toBe(true);
    outsideUnchanged(outside);
  });

  it("symlinks planted on the host are neither followed nor shown", () => {
    const { k, p, disk, outside } = setup();
    symlinkSync(join(outside, "secret"), join(disk, "abs-file"));
    symlinkSync(outside, join(disk, "abs-dir"));
    symlinkSync("../" + outside.split("/").pop() + "/secret", join(disk, "rel-file"));
    symlinkSync("/nonexistent/cryobox", join(disk, "dangling"));
    mkdirSync(join(disk, "real"));
    for (const name of ["abs-file", "rel-file", "dangling"]) {
      expect(openAt(k, p, `/mnt/${name}`, O.RDONLY), name).toBeLessThan(0);
      expect(openAt(k, p, `/mnt/${name}`, O.WRONLY | O.TRUNC), name).toBeLessThan(0);
      expect(openAt(k, p, `/mnt/${name}`, O.CREAT | O.WRONLY), name).toBeLessThan(0);
      expect(statPath(k, p, `/mnt/${name}`), name).toBe(-40); // ELOOP
      expect(sys(k, p, SYS.truncate, `/mnt/${name}`, 0, 0), name).toBeLessThan(0);
    }
    expect(openAt(k, p, "/mnt/abs-dir/secret", O.RDONLY)).toBeLessThan(0); // a symlink in the middle of a path
    expect(openAt(k, p, "/mnt/abs-dir/new", O.CREAT | O.WRONLY)).toBeLessThan(0);
    expect(sys(k, p, SYS.mkdirat, AT_FDCWD, "/mnt/abs-dir/new", 0o755)).toBeLessThan(0);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/abs-dir/secret", 0)).toBeLessThan(0);
    expect(sys(k, p, SYS.chdir, "/mnt/abs-dir")).toBeLessThan(0);
    // renaming onto a symlink or through one never writes outside
    sys(k, p, SYS.close, openAt(k, p, "/mnt/real/mine", O.CREAT | O.WRONLY));
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt/real/mine", AT_FDCWD, "/mnt/abs-dir/stolen")).toBeLessThan(0);
    expect(sys(k, p, SYS.renameat, AT_FDCWD, "/mnt/real/mine", AT_FDCWD, "/mnt/abs-file")).toBeLessThan(0);
    // the listing shows only what the guest may use
    const fd = openAt(k, p, "/mnt", O.RDONLY | O.DIRECTORY);
    expect(listFd(k, p, fd)).toEqual([".", "..", "real"]);
    outsideUnchanged(outside);
  });

  it("a directory swapped for a symlink after the guest opened a path is refused on the next use", () => {
    const { k, p, disk, outside } = setup();
    mkdirSync(join(disk, "sub"));
    const fd = openAt(k, p, "/mnt/sub/f", O.CREAT | O.RDWR);
    writeStr(k, p, fd, "mine");
    // someone on the host replaces sub/ with a link to the outside directory holding a file f
    renameSync(join(disk, "sub"), join(disk, "old"));
    writeFileSync(join(outside, "dir", "f"), "THEIRS");
    symlinkSync(join(outside, "dir"), join(disk, "sub"));
    expect(writeStr(k, p, fd, "more")).toBeLessThan(0);
    expect(readStr(k, p, fd)).toBeLessThan(0);
    expect(readFileSync(join(outside, "dir", "f"), "utf8")).toBe("THEIRS");
  });

  it("the disk's root replaced by a symlink on the host: every operation refused", () => {
    const { k, p, disk, outside } = setup();
    renameSync(disk, disk + "-moved");
    cleanup.push(() => execFileSync("rm", ["-rf", disk + "-moved"]));
    symlinkSync(outside, disk);
    expect(openAt(k, p, "/mnt/secret", O.RDONLY)).toBeLessThan(0);
    expect(openAt(k, p, "/mnt/new", O.CREAT | O.WRONLY)).toBeLessThan(0);
    const fd = openAt(k, p, "/mnt", O.RDONLY | O.DIRECTORY);
    expect(fd >= 0 ? listFd(k, p, fd) : fd).not.toContain("secret");
    outsideUnchanged(outside);
  });

  it("FIFOs and other special files on the host: refused without blocking", () => {
    const { k, p, disk } = setup();
    try {
      execFileSync("mkfifo", [join(disk, "fifo")]);
    } catch {
      console.warn("escape test: no mkfifo on this host, the FIFO case is skipped");
      return;
    }
    expect(openAt(k, p, "/mnt/fifo", O.RDONLY)).toBeLessThan(0);
    expect(openAt(k, p, "/mnt/fifo", O.WRONLY)).toBeLessThan(0);
  });

  it("relative paths handed to the adapter directly: '..', '/', NUL, empty names, over-long names", () => {
    const d = tempDir();
    cleanup.push(d.done);
    const outside = tempDir("cryobox-outside-");
    cleanup.push(outside.done);
    const host = new NodeHostDir(d.path);
    const name = outside.path.split("/").pop()!;
    for (const bad of ["..", `../${name}/x`, "a/../../x", "./x", "a//b", "/etc/passwd", "x\0y", "a".repeat(256), ("a/").repeat(2100) + "a"]) {
      expect(checkRelPath(bad), bad.slice(0, 20)).toBeLessThan(0);
      expect(host.create(bad, 0o644, false), bad.slice(0, 20)).toBeLessThan(0);
      expect(host.mkdir(bad, 0o755)).toBeLessThan(0);
      expect(host.write(bad, 0, new Uint8Array([1]))).toBeLessThan(0);
      expect(host.rename("x", bad, false)).toBeLessThan(0);
    }
    expect(readdirSync(outside.path)).toEqual([]);
    expect(existsSync(join(d.path, "x"))).toBe(false);
  });

  it("host errors come back as errno: a read-only directory gives EACCES, a file in place of a directory ENOTDIR", () => {
    const { k, p, disk } = setup();
    mkdirSync(join(disk, "ro"), { mode: 0o555 });
    writeFileSync(join(disk, "plain"), "x");
    const r = openAt(k, p, "/mnt/ro/f", O.CREAT | O.WRONLY);
    if (process.getuid?.() === 0) expect(r).toBeGreaterThanOrEqual(0); // root writes anyway, as on Linux
    else expect(r).toBe(-13);
    expect(openAt(k, p, "/mnt/plain/f", O.CREAT | O.WRONLY)).toBe(-20);
  });
});
