// SYSTEM instructions and run accounting: ecall/ebreak trap records, the
// counter CSRs (cycle/time/instret and their high halves), illegal CSR forms,
// budget exactness and hart.instret.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSR_CYCLE, CSR_CYCLEH, CSR_INSTRET, CSR_INSTRETH, CSR_TIME, CSR_TIMEH } from "../../cpu/csr.js";
import { run } from "../../cpu/execute.js";
import { Cause } from "../../cpu/hart.js";
import { addi, branch, CODE, csr, EBREAK, ECALL, jal, machine, NOP } from "./encode.js";

const CSRRW = 1, CSRRS = 2, CSRRC = 3, CSRRWI = 5, CSRRSI = 6, CSRRCI = 7;

describe("ecall and ebreak", () => {
  it("ecall stops before retiring, with cause 8 and pc at the ecall", () => {
    const m = machine([NOP, ECALL, NOP], { 17: 93 });
    expect(run(m.hart, m.mem, 10, 0)).toEqual({ retired: 1, stop: { kind: "trap", cause: Cause.EcallFromU, pc: CODE + 4, tval: 0 } });
    expect(m.hart.pc).toBe(CODE + 4);
    expect(m.hart.instret).toBe(1);
  });
  it("ebreak stops with cause 3", () => {
    const m = machine([EBREAK]);
    expect(run(m.hart, m.mem, 10, 0).stop).toEqual({ kind: "trap", cause: Cause.Breakpoint, pc: CODE, tval: 0 });
  });
  it("resuming after an ecall (the kernel advances pc) continues", () => {
    const m = machine([ECALL, addi(5, 0, 1)]);
    run(m.hart, m.mem, 10, 0);
    m.hart.pc += 4;
    expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
    expect(m.hart.x[5]).toBe(1);
  });
  it("other SYSTEM funct3=0 words (mret, wfi, sret, uret-like variants) are illegal", () => {
    for (const w of [0x30200073, 0x10500073, 0x10200073, 0x00200073, 0x000000f3, 0x00008073]) {
      const m = machine([w]);
      expect(run(m.hart, m.mem, 1, 0).stop).toEqual({ kind: "trap", cause: Cause.IllegalInstruction, pc: CODE, tval: w });
    }
  });
});

describe("counter CSRs", () => {
  it("rdinstret/rdcycle read instructions retired before this one; rdtime reads timeBase + retired in this run", () => {
    const m = machine([NOP, NOP, csr(CSRRS, 5, CSR_INSTRET, 0), csr(CSRRS, 6, CSR_CYCLE, 0), csr(CSRRS, 7, CSR_TIME, 0)]);
    m.hart.instret = 1000;
    run(m.hart, m.mem, 5, 50_000);
    expect([m.hart.x[5], m.hart.x[6], m.hart.x[7]]).toEqual([1002, 1003, 50_004]);
    expect(m.hart.instret).toBe(1005);
  });
  it("the h halves read the upper 32 bits of counters beyond 2^32", () => {
    const m = machine([
      csr(CSRRS, 5, CSR_INSTRETH, 0),
      csr(CSRRS, 6, CSR_INSTRET, 0),
      csr(CSRRS, 7, CSR_CYCLEH, 0),
      csr(CSRRS, 8, CSR_TIMEH, 0),
      csr(CSRRS, 9, CSR_TIME, 0),
    ]);
    m.hart.instret = 5 * 2 ** 32 + 7;
    run(m.hart, m.mem, 5, 3 * 2 ** 32 - 4);
    expect([m.hart.x[5], m.hart.x[6], m.hart.x[7], m.hart.x[8], m.hart.x[9]]).toEqual([5, 8, 5, 2, 0]);
  });
  it("csrrc with rs1 = x0 and csrrsi/csrrci with zimm = 0 are reads too", () => {
    const m = machine([csr(CSRRC, 5, CSR_INSTRET, 0), csr(CSRRSI, 6, CSR_INSTRET, 0), csr(CSRRCI, 7, CSR_INSTRET, 0)]);
    run(m.hart, m.mem, 3, 0);
    expect([m.hart.x[5], m.hart.x[6], m.hart.x[7]]).toEqual([0, 1, 2]);
  });
  it("a counter read into x0 retires and leaves x0 zero", () => {
    const m = machine([csr(CSRRS, 0, CSR_CYCLE, 0)]);
    m.hart.instret = 9;
    expect(run(m.hart, m.mem, 1, 0).retired).toBe(1);
    expect(m.hart.x[0]).toBe(0);
  });
  it("writes to the counters, other CSRs and funct3 4 are illegal with tval = the word", () => {
    const bad = [
      csr(CSRRW, 5, CSR_CYCLE, 0), // csrrw always writes
      csr(CSRRW, 0, CSR_CYCLE, 1),
      csr(CSRRS, 5, CSR_CYCLE, 1), // rs1 != x0 writes
      csr(CSRRC, 5, CSR_TIME, 3),
      csr(CSRRWI, 5, CSR_INSTRET, 0),
      csr(CSRRSI, 5, CSR_INSTRET, 1),
      csr(CSRRCI, 5, CSR_INSTRETH, 31),
      csr(CSRRS, 5, 0x001, 0), // fflags: no F extension
      csr(CSRRS, 5, 0x300, 0), // mstatus: machine mode only
      csr(CSRRS, 5, 0xc03, 0), // hpmcounter3: not implemented
      csr(CSRRS, 5, 0xb00, 0), // mcycle
      csr(4, 5, CSR_CYCLE, 0),
    ];
    for (const w of bad) {
      const m = machine([w], { 5: 77 });
      expect(run(m.hart, m.mem, 1, 0)).toEqual({ retired: 0, stop: { kind: "trap", cause: Cause.IllegalInstruction, pc: CODE, tval: w } });
      expect(m.hart.x[5]).toBe(77);
    }
  });
});

describe("budget", () => {
  const loop = [addi(5, 5, 1), jal(0, -4)]; // infinite counter loop

  it("stops after exactly the budget, for any budget", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (k) => {
        const m = machine(loop);
        expect(run(m.hart, m.mem, k, 0)).toEqual({ retired: k, stop: { kind: "budget" } });
        expect(m.hart.instret).toBe(k);
        expect(m.hart.x[5]).toBe(Math.ceil(k / 2));
        expect(m.hart.pc).toBe(CODE + 4 * (k % 2));
      }),
      { numRuns: 200 },
    );
  });
  it("a budget of zero does nothing, even on a trapping instruction", () => {
    const m = machine([ECALL]);
    expect(run(m.hart, m.mem, 0, 0)).toEqual({ retired: 0, stop: { kind: "budget" } });
    expect(m.hart.pc).toBe(CODE);
  });
  it("a trap exactly at the budget boundary is reported on the next run", () => {
    const m = machine([NOP, NOP, ECALL]);
    expect(run(m.hart, m.mem, 2, 0)).toEqual({ retired: 2, stop: { kind: "budget" } });
    expect(run(m.hart, m.mem, 2, 0).stop).toMatchObject({ kind: "trap", cause: Cause.EcallFromU });
  });
  it("instret accumulates across runs", () => {
    const m = machine([addi(6, 0, 100), addi(6, 6, -1), branch("bne", 6, 0, -4), ECALL]);
    let total = 0;
    for (;;) {
      const r = run(m.hart, m.mem, 7, 0);
      total += r.retired;
      if (r.stop.kind === "trap") break;
    }
    expect(total).toBe(201);
    expect(m.hart.instret).toBe(201);
  });
});
