// The control and status registers a user-mode RV32 program may read: the
// Zicntr counters cycle, time and instret, and their high halves. They are
// read-only; there are no writable CSRs (no F extension, no privileged state).

export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
export const CSR_CYCLEH = 0xc80;
export const CSR_TIMEH = 0xc81;
export const CSR_INSTRETH = 0xc82;

const TWO_32 = 4294967296;

/**
 * The int32 value of counter CSR `csr`, or null when `csr` is not one.
 * `instret` counts retired instructions (cycle reads the same: one cycle per
 * instruction), `time` is virtual ticks; both are integers below 2^53.
 */
export function readCounter(csr: number, instret: number, time: number): number | null {
  switch (csr) {
    case CSR_CYCLE:
    case CSR_INSTRET:
      return instret | 0;
    case CSR_TIME:
      return time | 0;
    case CSR_CYCLEH:
    case CSR_INSTRETH:
      return Math.floor(instret / TWO_32) | 0;
    case CSR_TIMEH:
      return Math.floor(time / TWO_32) | 0;
    default:
      return null;
  }
}
