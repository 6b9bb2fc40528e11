// Section upgrade for symbolic links (kernel/namei.ts, kernel/sys-links.ts):
//   inodes v6 → v7: an inode may be a symbolic link ("symlink", its target
//     as its contents); every v6 inode is valid as it is. Hard links and
//     chmod needed no schema change (nlink and mode were always there).
// The old schema is spelled out as it was written.

import { t } from "../state/index.js";
import { DevKind, DirEntry, Mount } from "../kernel/state.js";
import type { UpgradeStep } from "./sections.js";

/** Inode as inodes v6 wrote it (FIFOs), before symbolic links. */
const InodeV6 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr", "sock", "fifo"),
  mode: t.u32,
  nlink: t.u32,
  opens: t.u32,
  size: t.uint,
  blocks: t.pages,
  entries: t.array(DirEntry),
  parent: t.u32,
  dev: DevKind,
  unit: t.u32,
  mtime: t.uint,
  mount: Mount,
});

export const INODES_V6_TO_V7: UpgradeStep = { from: 6, schema: t.map(InodeV6), upgrade: (old) => old };
