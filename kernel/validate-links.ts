// Restore checks for symbolic links (kernel/namei.ts, fs-tmpfs.ts): a link's
// target is its contents, 1 to PATH_MAX − 1 bytes without NUL in block 0 and
// nothing else, as symlinkat makes it; nothing opens a link itself. Hard
// links need nothing here: validate.ts counts each inode's names against its
// nlink. A cycle of links needs nothing either: every resolution stops at
// MAXSYMLINKS links (ELOOP), so no state can make a walk run unbounded.

import type { KernelState } from "./state.js";
import { PATH_MAX } from "./param.js";

type Fail = (path: string, problem: string) => never;

export function validateLinks(s: KernelState, fail: Fail): void {
  for (const [ino, n] of s.inodes) {
    if (n.type !== "symlink") continue;
    const at = `$.inodes[${ino}]`;
    if (n.size < 1 || n.size >= PATH_MAX) fail(`${at}.size`, `is ${n.size}, but a symbolic link's target is 1 to ${PATH_MAX - 1} bytes`);
    const b = n.blocks.get(0);
    if (!b || n.blocks.size !== 1) fail(`${at}.blocks`, "must hold the symbolic link's target in block 0 and nothing else");
    if (b.subarray(0, n.size).includes(0)) fail(`${at}.blocks[0]`, "holds a NUL byte inside the symbolic link's target");
    if (n.dev !== "none") fail(`${at}.dev`, `is ${n.dev}, but a symbolic link is no device`);
  }
  for (const [id, f] of s.openFiles) {
    if (f.target.kind === "inode" && s.inodes.get(f.target.ino)?.type === "symlink") {
      fail(`$.openFiles[${id}].target.ino`, `names inode ${f.target.ino}, a symbolic link, which is never opened itself`);
    }
  }
}
