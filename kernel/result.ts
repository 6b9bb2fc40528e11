// What a system call handler returns: a value for a0, "block on channel C"
// (the process sleeps with pc at its ecall, and the call re-runs on wake-up),
// or "done" when the handler has already set the registers (execve, exit, rt_sigreturn).

import type { WaitChan } from "./wait-channel.js";

export interface Block {
  readonly block: WaitChan;
}
export const DONE = { done: true } as const;
export type SysResult = number | Block | typeof DONE;

/** Sleep on `chan`. */
export function block(chan: WaitChan): Block {
  return { block: chan };
}

/** Is r a Block? */
export function isBlock(r: unknown): r is Block {
  return typeof r === "object" && r !== null && "block" in r;
}
