// The RV32IMAC hart's declared state and the contract between the CPU and the
// kernel. The CPU runs user code until it retires its budget of instructions
// or something needs the kernel (ecall, ebreak, a fault); it then stops at an
// instruction boundary and reports why as plain data. It never throws for
// anything the guest does.

import { type Infer, t } from "../state/index.js";

export const HartState = t.struct({
  x: t.i32array(32), // x0 is kept 0
  pc: t.u32,
  instret: t.uint, // instructions this hart has retired (rdinstret)
  resv: t.int, // address reserved by the last LR.W, −1 = none (SC.W and every trap drop it)
});
export type HartState = Infer<typeof HartState>;

/** A fresh hart: all registers zero, pc at `entry`. */
export function newHart(entry = 0): HartState {
  return { x: new Int32Array(32), pc: entry >>> 0, instret: 0, resv: -1 };
}

/** RISC-V exception cause codes (mcause values) the CPU reports. */
export const Cause = {
  InstructionMisaligned: 0,
  InstructionAccessFault: 1,
  IllegalInstruction: 2,
  Breakpoint: 3,
  LoadMisaligned: 4,
  LoadAccessFault: 5,
  StoreMisaligned: 6,
  StoreAccessFault: 7,
  EcallFromU: 8,
  InstructionPageFault: 12,
  LoadPageFault: 13,
  StorePageFault: 15,
} as const;
export type Cause = (typeof Cause)[keyof typeof Cause];

/** Why `run` returned. For a trap, `pc` is the trapping instruction (not retired). */
export type StopReason =
  | { kind: "budget" } // retired exactly the budget
  | { kind: "trap"; cause: Cause; pc: number; tval: number };

/** What a run did. */
export interface RunResult {
  retired: number;
  stop: StopReason;
}
