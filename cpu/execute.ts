// The RV32IM interpreter: runs a hart over a Memory until it has retired its
// budget of instructions or an instruction needs the kernel (ecall, ebreak, a
// fault). Owns instruction semantics and the trap records; the page-view
// caches it uses live in tlb.ts, the counter CSRs in csr.ts.
//
// Speed matters here (≥ 150 MIPS), so the hot loop is one function with the
// registers in the hart's Int32Array, pc and addresses kept as int32 (small
// integers for V8), and every memory access going through a direct-mapped
// software TLB of typed-array page views. Instructions are decoded on the fly;
// there is no decoded-code cache, so stores into code pages and fence.i need
// no bookkeeping beyond dropping views of the shared zero page.
//
// Choices the spec leaves open (documented in docs/cpu.md):
//  - misaligned loads/stores trap (cause 4/6, tval = address) rather than
//    being emulated; the misalignment check comes before the page check;
//  - unmapped or permission-violating accesses are page faults (12/13/15);
//  - a jump or taken branch to a non-4-aligned target traps on the jump
//    itself (cause 0, tval = target), as RISC-V without C specifies.

import { Cause, type HartState, type RunResult } from "./hart.js";
import { readCounter } from "./csr.js";
import { type Memory, ZERO_PAGE } from "./memory.js";
import { cacheFor, TLB_MASK, viewsOf, ZERO_VIEWS } from "./tlb.js";

const BUDGET: RunResult["stop"] = Object.freeze({ kind: "budget" });

/** High 32 bits of the unsigned 64-bit product of two uint32 values (as int32). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const m1 = a1 * b0; // < 2^32, exact in a double
  const m2 = a0 * b1;
  const carry = (((a0 * b0) >>> 16) + (m1 & 0xffff) + (m2 & 0xffff)) >>> 16;
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + carry) | 0;
}

/** High 32 bits of the signed × signed 64-bit product. */
export function mulh(a: number, b: number): number {
  // signed(a)·signed(b) = unsigned product − 2^32·(a<0 ? b : 0) − 2^32·(b<0 ? a : 0)
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 32 bits of the signed × unsigned 64-bit product. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

/** Run the hart for at most `budget` instructions. Never throws for anything the guest does. */
export function run(hart: HartState, mem: Memory, budget: number, timeBase: number): RunResult {
  const x = hart.x;
  const c = cacheFor(mem);
  const rTag = c.rTag;
  const rI32 = c.rI32;
  const rI16 = c.rI16;
  const rU8 = c.rU8;
  const wTag = c.wTag;
  const wI32 = c.wI32;
  const wI16 = c.wI16;
  const wU8 = c.wU8;

  let pc = hart.pc | 0;
  let n = 0; // retired in this run
  let code: Int32Array = ZERO_VIEWS.i32; // the fetch page's words
  let codeVpn = -1;
  // Page views held in locals for the hottest access kinds (see LOAD).
  let lwVpn0 = -1;
  let lwVpn1 = -1;
  let lw0: Int32Array = ZERO_VIEWS.i32;
  let lw1: Int32Array = ZERO_VIEWS.i32;
  let lbVpn = -1;
  let lb: Uint8Array = ZERO_VIEWS.u8;
  let swVpn = -1;
  let sw: Int32Array = ZERO_VIEWS.i32;
  let sbVpn = -1;
  let sb: Uint8Array = ZERO_VIEWS.u8;
  let cause = -1;
  let tval = 0;

  let limit = budget;
  if ((pc & 3) !== 0 && budget > 0) {
    // Only reachable if the kernel set an odd pc: jumps trap before landing there.
    cause = Cause.InstructionMisaligned;
    tval = pc;
    limit = 0;
  }

  loop: while (n < limit) {
    if (pc >>> 12 !== codeVpn) {
      const vpn = pc >>> 12;
      const page = mem.pageForExec(vpn);
      if (page === null) {
        cause = Cause.InstructionPageFault;
        tval = pc;
        break;
      }
      code = page === ZERO_PAGE ? ZERO_VIEWS.i32 : viewsOf(mem, vpn, page).i32;
      codeVpn = vpn;
    }
    const inst = code[(pc & 0xfff) >>> 2]!;
    const rd = (inst >> 7) & 31;
    const f3 = (inst >> 12) & 7;
    const rs1 = (inst >> 15) & 31;
    switch (inst & 0x7f) {
      case 0x13: {
        // OP-IMM
        const a = x[rs1]!;
        const imm = inst >> 20;
        switch (f3) {
          case 0:
            x[rd] = a + imm;
            break;
          case 1:
            if (inst >>> 25 !== 0) break loop;
            x[rd] = a << imm;
            break;
          case 2:
            x[rd] = a < imm ? 1 : 0;
            break;
          case 3:
            x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0;
            break;
          case 4:
            x[rd] = a ^ imm;
            break;
          case 5: {
            const f7 = inst >>> 25;
            if (f7 === 0) x[rd] = a >>> imm;
            else if (f7 === 0x20) x[rd] = a >> imm;
            else break loop;
            break;
          }
          case 6:
            x[rd] = a | imm;
            break;
          default:
            x[rd] = a & imm;
            break;
        }
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x33: {
        // OP and the M extension
        const a = x[rs1]!;
        const b = x[(inst >> 20) & 31]!;
        const f7 = inst >>> 25;
        let v: number;
        if (f7 === 0) {
          switch (f3) {
            case 0:
              v = a + b;
              break;
            case 1:
              v = a << b;
              break;
            case 2:
              v = a < b ? 1 : 0;
              break;
            case 3:
              v = a >>> 0 < b >>> 0 ? 1 : 0;
              break;
            case 4:
              v = a ^ b;
              break;
            case 5:
              v = a >>> b;
              break;
            case 6:
              v = a | b;
              break;
            default:
              v = a & b;
              break;
          }
        } else if (f7 === 1) {
          switch (f3) {
            case 0:
              v = Math.imul(a, b);
              break;
            case 1:
              v = mulh(a, b);
              break;
            case 2:
              v = mulhsu(a, b);
              break;
            case 3:
              v = mulhu(a, b);
              break;
            case 4: // div: /0 → −1; INT_MIN/−1 → INT_MIN (2^31 wraps under |0)
              v = b === 0 ? -1 : a / b;
              break;
            case 5:
              v = b === 0 ? -1 : (a >>> 0) / (b >>> 0);
              break;
            case 6: // rem: %0 → dividend; INT_MIN%−1 → −0 → 0 under |0
              v = b === 0 ? a : a % b;
              break;
            default:
              v = b === 0 ? a : (a >>> 0) % (b >>> 0);
              break;
          }
        } else if (f7 === 0x20 && f3 === 0) {
          v = a - b;
        } else if (f7 === 0x20 && f3 === 5) {
          v = a >> b;
        } else {
          break loop;
        }
        x[rd] = v; // the Int32Array store truncates toward zero and wraps, i.e. ToInt32
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x03: {
        // LOAD. Word and byte loads first try a view held in a local (two
        // pages for words, one for bytes): V8 keeps those in registers,
        // whereas a view fetched from the TLB's arrays costs several loads.
        const a = (x[rs1]! + (inst >> 20)) | 0;
        const vpn = a >>> 12;
        if (f3 === 2) {
          if ((a & 3) !== 0) {
            cause = Cause.LoadMisaligned;
            tval = a;
            break loop;
          }
          if (vpn === lwVpn0) {
            x[rd] = lw0[(a & 0xfff) >> 2]!;
          } else if (vpn === lwVpn1) {
            x[rd] = lw1[(a & 0xfff) >> 2]!;
          } else {
            const i = vpn & TLB_MASK;
            if (rTag[i] !== vpn && !c.fillRead(mem, vpn)) {
              cause = Cause.LoadPageFault;
              tval = a;
              break loop;
            }
            lwVpn1 = lwVpn0;
            lw1 = lw0;
            lwVpn0 = vpn;
            lw0 = rI32[i]!;
            x[rd] = lw0[(a & 0xfff) >> 2]!;
          }
        } else if (f3 === 4 || f3 === 0) {
          if (vpn !== lbVpn) {
            const i = vpn & TLB_MASK;
            if (rTag[i] !== vpn && !c.fillRead(mem, vpn)) {
              cause = Cause.LoadPageFault;
              tval = a;
              break loop;
            }
            lbVpn = vpn;
            lb = rU8[i]!;
          }
          x[rd] = f3 === 4 ? lb[a & 0xfff]! : (lb[a & 0xfff]! << 24) >> 24;
        } else if (f3 === 1 || f3 === 5) {
          if ((a & 1) !== 0) {
            cause = Cause.LoadMisaligned;
            tval = a;
            break loop;
          }
          const i = vpn & TLB_MASK;
          if (rTag[i] !== vpn && !c.fillRead(mem, vpn)) {
            cause = Cause.LoadPageFault;
            tval = a;
            break loop;
          }
          x[rd] = f3 === 1 ? rI16[i]![(a & 0xfff) >> 1]! : rI16[i]![(a & 0xfff) >> 1]! & 0xffff;
        } else {
          break loop;
        }
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x23: {
        // STORE, with one local page per width for the same reason as loads.
        const a = (x[rs1]! + (((inst >> 25) << 5) | rd)) | 0;
        const v = x[(inst >> 20) & 31]!;
        const vpn = a >>> 12;
        if (f3 === 0 && vpn === sbVpn) {
          sb[a & 0xfff] = v;
        } else if (f3 === 2 && vpn === swVpn && (a & 3) === 0) {
          sw[(a & 0xfff) >> 2] = v;
        } else {
          if (f3 > 2) break loop;
          if ((a & ((1 << f3) - 1)) !== 0) {
            cause = Cause.StoreMisaligned;
            tval = a;
            break loop;
          }
          const i = vpn & TLB_MASK;
          if (wTag[i] !== vpn) {
            if (!c.fillWrite(mem, vpn)) {
              cause = Cause.StorePageFault;
              tval = a;
              break loop;
            }
            // The page may have just been allocated: views of the shared zero
            // page held for this vpn must not be used again.
            if (vpn === codeVpn) codeVpn = -1;
            if (vpn === lwVpn0) lwVpn0 = -1;
            if (vpn === lwVpn1) lwVpn1 = -1;
            if (vpn === lbVpn) lbVpn = -1;
          }
          if (f3 === 2) {
            swVpn = vpn;
            sw = wI32[i]!;
            sw[(a & 0xfff) >> 2] = v;
          } else if (f3 === 0) {
            sbVpn = vpn;
            sb = wU8[i]!;
            sb[a & 0xfff] = v;
          } else {
            wI16[i]![(a & 0xfff) >> 1] = v;
          }
        }
        pc = (pc + 4) | 0;
        break;
      }
      case 0x63: {
        // BRANCH
        const a = x[rs1]!;
        const b = x[(inst >> 20) & 31]!;
        let taken: boolean;
        switch (f3) {
          case 0:
            taken = a === b;
            break;
          case 1:
            taken = a !== b;
            break;
          case 4:
            taken = a < b;
            break;
          case 5:
            taken = a >= b;
            break;
          case 6:
            taken = a >>> 0 < b >>> 0;
            break;
          case 7:
            taken = a >>> 0 >= b >>> 0;
            break;
          default:
            break loop;
        }
        if (taken) {
          const imm =
            ((inst >> 31) << 12) | ((inst & 0x80) << 4) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e);
          const t = (pc + imm) | 0;
          if ((t & 3) !== 0) {
            cause = Cause.InstructionMisaligned;
            tval = t;
            break loop;
          }
          pc = t;
        } else {
          pc = (pc + 4) | 0;
        }
        break;
      }
      case 0x6f: {
        // JAL
        const imm = ((inst >> 31) << 20) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe);
        const t = (pc + imm) | 0;
        if ((t & 3) !== 0) {
          cause = Cause.InstructionMisaligned;
          tval = t;
          break loop;
        }
        x[rd] = pc + 4;
        x[0] = 0;
        pc = t;
        break;
      }
      case 0x67: {
        // JALR
        if (f3 !== 0) break loop;
        const t = (x[rs1]! + (inst >> 20)) & ~1;
        if ((t & 3) !== 0) {
          cause = Cause.InstructionMisaligned;
          tval = t;
          break loop;
        }
        x[rd] = pc + 4;
        x[0] = 0;
        pc = t;
        break;
      }
      case 0x37: // LUI
        x[rd] = inst & 0xfffff000;
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      case 0x17: // AUIPC
        x[rd] = pc + (inst & 0xfffff000);
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      case 0x0f:
        // FENCE (0) orders memory, FENCE.I (1) syncs code with data: with one
        // hart and no decoded-code cache both are no-ops. The reserved fields
        // are ignored, as the spec asks of implementations.
        if (f3 > 1) break loop;
        pc = (pc + 4) | 0;
        break;
      case 0x73: {
        // SYSTEM: ecall, ebreak, and reads of the user counters
        if (f3 === 0) {
          if (inst === 0x00000073) cause = Cause.EcallFromU;
          else if (inst === 0x00100073) cause = Cause.Breakpoint;
          break loop; // anything else (mret, wfi, …) is illegal in user mode
        }
        // Only CSRRS/CSRRC with rs1 = x0 and CSRRSI/CSRRCI with zimm = 0 are
        // pure reads; every other form writes, and the counters are read-only.
        if ((f3 & 3) < 2 || rs1 !== 0) break loop;
        const v = readCounter(inst >>> 20, hart.instret + n, timeBase + n);
        if (v === null) break loop;
        x[rd] = v;
        x[0] = 0;
        pc = (pc + 4) | 0;
        break;
      }
      default:
        break loop; // includes compressed encodings and the all-zero word
    }
    n++;
  }

  if (n < limit && cause < 0) {
    // `break loop` without a cause: the word at pc is illegal.
    cause = Cause.IllegalInstruction;
    tval = code[(pc & 0xfff) >>> 2]! >>> 0;
  }
  x[0] = 0;
  hart.pc = pc >>> 0;
  hart.instret += n;
  c.generation = mem.generation; // our own page allocations bumped it; the cache is already consistent
  if (cause < 0) return { retired: n, stop: BUDGET };
  return { retired: n, stop: { kind: "trap", cause: cause as Cause, pc: pc >>> 0, tval: tval >>> 0 } };
}
