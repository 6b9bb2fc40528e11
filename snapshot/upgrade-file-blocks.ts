// Section upgrade for file contents stored in blocks (#7):
//   inodes v3 → v4: Inode.data, a file's contents as one byte string, becomes
//     Inode.size plus Inode.blocks — 4 KiB blocks stored through the page store
//     like guest memory (zero and duplicate blocks once), holes absent
//     (kernel/file-blocks.ts). Whole blocks of zeros become holes, as the
//     kernel leaves them when they are written.
// The v3 schema is spelled out as it was written, not derived from the current
// one, so a later change cannot silently change what a v3 file is decoded with.

import { t } from "../state/index.js";
import { DirEntry, type Inode, Mount } from "../kernel/state.js";
import { setContents } from "../kernel/file-blocks.js";
import { type UpgradeStep, upgradeRows } from "./sections.js";

const InodeV3 = t.struct({
  ino: t.u32,
  type: t.enum("file", "dir", "chr"),
  mode: t.u32,
  nlink: t.u32,
  opens: t.u32,
  data: t.bytes,
  entries: t.array(DirEntry),
  parent: t.u32,
  dev: t.enum("none", "tty", "ctty", "console", "null", "zero", "tape", "ntape"),
  unit: t.u32,
  mtime: t.uint,
  mount: Mount,
});

/** inodes v3 → v4: the contents in blocks. */
export const INODES_V3_TO_V4: UpgradeStep = {
  from: 3,
  schema: t.map(InodeV3),
  upgrade: (old) => {
    return upgradeRows<{ data: Uint8Array } & Record<string, unknown>>(old, (n) => {
      const { data, ...rest } = n;
      const node = { ...rest, size: 0, blocks: new Map() } as unknown as Inode;
      setContents(node, data);
      return node;
    });
  },
};
