// What a restore accepts of named pipes (kernel/fifo.ts): a pipe that serves a
// FIFO names an existing FIFO inode, one pipe per FIFO, and a FIFO holds no
// data or entries of its own (its bytes are in its pipe, bounded as any pipe's);
// a process asleep in a FIFO open names a FIFO inode. The inode's open count
// (one for its pipe) is checked with the other counts in validate.ts.

import type { KernelState } from "./state.js";

type Fail = (path: string, problem: string) => never;

export function validateFifos(s: KernelState, fail: Fail): void {
  const served = new Map<number, number>(); // FIFO inode -> the pipe serving it
  for (const [id, pipe] of s.pipes) {
    if (pipe.fifo === 0) continue;
    const n = s.inodes.get(pipe.fifo);
    if (!n) fail(`$.pipes[${id}].fifo`, `names inode ${pipe.fifo}, which does not exist`);
    if (n.type !== "fifo") fail(`$.pipes[${id}].fifo`, `names inode ${pipe.fifo}, which is a ${n.type}, not a FIFO`);
    const other = served.get(pipe.fifo);
    if (other !== undefined) fail(`$.pipes[${id}].fifo`, `names FIFO ${pipe.fifo}, which pipe ${other} already serves (a FIFO has one pipe)`);
    served.set(pipe.fifo, id);
  }
  for (const [ino, n] of s.inodes) {
    if (n.type !== "fifo") continue;
    if (n.size !== 0 || n.blocks.size !== 0) fail(`$.inodes[${ino}].size`, `is ${n.size} with ${n.blocks.size} blocks, but a FIFO keeps its bytes in its pipe`);
  }
}

/**
 * Why a process asleep on fifo:INO is unsound, or null. A FIFO removed while an open waits on it
 * is gone (nobody can open it again): the open waits until a signal ends it, as on Linux, so a
 * missing inode is sound; an inode of another kind is not.
 */
export function fifoChanProblem(s: KernelState, ino: number): string | null {
  const n = s.inodes.get(ino);
  return !n || n.type === "fifo" ? null : `names inode ${ino}, which is a ${n.type}, not a FIFO`;
}
