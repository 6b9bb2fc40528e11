// The host directory behind a disk, as the kernel sees it: a small path-based
// interface (stat, read, write, truncate, create, readdir, mkdir, rmdir,
// unlink, rename) over relative paths, answering with values or a negative
// Linux errno — never a host exception. Two implementations: host-dir.ts
// (node:fs, confined to one host directory) and memory-dir.ts (in memory, for
// tests and the browser). The kernel holds one per mounted disk, outside the
// machine state; the state only names the mount and the directory's identity.

/** Linux errno values a host directory answers with (negated). Kept here: devices/ sits below kernel/. */
export const DIR_ERRNO = {
  EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, EACCES: 13, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENOTDIR: 20,
  EISDIR: 21, EINVAL: 22, EFBIG: 27, ENOSPC: 28, EROFS: 30, EMLINK: 31, ENAMETOOLONG: 36, ENOTEMPTY: 39, ELOOP: 40,
} as const;

/** Longest name component and relative path a host directory accepts (Linux NAME_MAX, PATH_MAX). */
export const DIR_NAME_MAX = 255;
export const DIR_PATH_MAX = 4096;

/** What stat says of one entry. Only regular files and directories are visible to the guest. */
export interface DirStat {
  type: "file" | "dir";
  size: number;
  /** modification time in host milliseconds (outside data: recorded, never fed to the guest's clock) */
  mtimeMs: number;
  /** a number stable while the entry exists (the host inode number, or a counter in memory) */
  ino: number;
  /** permission bits */
  mode: number;
}

/**
 * A directory tree the guest may use, addressed by relative paths: "" is the
 * top, "a/b" a name below it. Paths given here are already checked by
 * `checkRelPath`; implementations check again (defence in depth).
 */
export interface HostDir {
  /** How the operator named it (shown in messages; matched at restore). */
  readonly identity: string;
  stat(path: string): DirStat | number;
  /** Up to `len` bytes from `offset` (fewer at the end of the file). */
  read(path: string, offset: number, len: number): Uint8Array | number;
  /** Write all of `data` at `offset` (the file grows, holes read as zero); bytes written or −errno. */
  write(path: string, offset: number, data: Uint8Array): number;
  truncate(path: string, size: number): number;
  /** Create an empty regular file; −EEXIST when the name exists and `exclusive`, else 0 if it is a file. */
  create(path: string, mode: number, exclusive: boolean): number;
  /** The names in a directory, sorted (only regular files and directories). */
  readdir(path: string): string[] | number;
  mkdir(path: string, mode: number): number;
  rmdir(path: string): number;
  unlink(path: string): number;
  /** Rename within the directory tree; with `noReplace` an existing target is −EEXIST. */
  rename(from: string, to: string, noReplace: boolean): number;
}

const utf8 = new TextEncoder();

/**
 * Check a relative path: components non-empty, not "." or "..", no NUL, each at
 * most DIR_NAME_MAX bytes, the whole at most DIR_PATH_MAX. The kernel resolves
 * "." and ".." itself before anything reaches a HostDir, so seeing them here
 * means a bug or an attack: refused either way.
 */
export function checkRelPath(path: string): number {
  if (path === "") return 0;
  if (utf8.encode(path).length > DIR_PATH_MAX) return -DIR_ERRNO.ENAMETOOLONG;
  for (const c of path.split("/")) {
    if (c === "" || c === "." || c === "..") return -DIR_ERRNO.EINVAL;
    if (c.includes("\0")) return -DIR_ERRNO.EINVAL;
    if (utf8.encode(c).length > DIR_NAME_MAX) return -DIR_ERRNO.ENAMETOOLONG;
  }
  return 0;
}

/** The parent path and last name of a non-empty relative path. */
export function splitRel(path: string): { parent: string; name: string } {
  const i = path.lastIndexOf("/");
  return i < 0 ? { parent: "", name: path } : { parent: path.slice(0, i), name: path.slice(i + 1) };
}

/** Join a relative directory path and a name. */
export function joinRel(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** The operator named something that is not a usable directory (a one-line message for the CLI). */
export class DiskDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiskDirError";
  }
}
