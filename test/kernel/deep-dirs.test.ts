// A directory chain deeper than 4096 levels (NINODE allows 8192 inodes):
// isAncestor and pathOf walk the whole chain, so rename cannot move a
// directory into its own descendant (a loop cut off from the root) however
// deep it is. Both used to stop after 4096 steps.
import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/kernel.js";
import { createIn, isAncestor, pathOf } from "../../kernel/vfs.js";
import type { Inode } from "../../kernel/state.js";
import { NINODE } from "../../kernel/param.js";

describe("deep directory chains", () => {
  it("isAncestor and pathOf see the whole chain of 5000 directories", () => {
    const k = Kernel.boot({ ttys: 0, drives: 0, memoryLimit: 16 << 20 }, []);
    const top = createIn(k, k.state.inodes.get(k.state.rootIno)!, "top", "dir", 0o755) as Inode;
    let cur = top;
    for (let i = 0; i < 5000; i++) cur = createIn(k, cur, "d", "dir", 0o755) as Inode;
    expect(5000).toBeLessThan(NINODE);
    expect(isAncestor(k, top.ino, cur.ino)).toBe(true);
    expect(isAncestor(k, cur.ino, top.ino)).toBe(false);
    expect(pathOf(k, cur.ino)).toBe("/top" + "/d".repeat(5000));
  });
});
