// Runs the kernel's own test program (test/kernel/fixtures/ktest, freestanding
// C, see its source) as pid 1 and checks each named case passed inside the
// machine; then checks the state is fully declared and that a restored copy
// continues identically.

import { describe, expect, it } from "vitest";
import { assertConforms, assertOnlyDeclared, clone, encode, sha256Hex } from "../../state/index.js";
import { Kernel, KernelState } from "../../kernel/kernel.js";
import { CONFIG, bootKtest, text } from "./helpers.js";

const CASES = [
  "fork_exit", "pipe_basic", "pipe_big", "files", "shared_offset", "signals", "eintr", "faults",
  "stop_cont", "sleep", "exec", "proc", "brk", "pgrp", "orphan",
];

describe("ktest inside the machine", () => {
  it("passes every case and goes idle", () => {
    const k = bootKtest();
    const r = k.run(20_000_000_000);
    const out = text(k.ttyTakeOutput(0));
    for (const c of CASES) expect(out, out).toContain(`PASS ${c}\r\n`);
    expect(out).not.toContain("FAIL");
    expect(out).toContain("KTEST DONE");
    expect(r.idle).toBe(true);
    expect(k.state.panic).toBe("");
    // the 1.5 s sleep jumped the virtual clock, it did not run 150M instructions
    expect(k.now()).toBeGreaterThan(1.5e8);
    assertConforms(KernelState, k.state);
    assertOnlyDeclared(k, ["config", "state"], ["mems", "reels", "exitedLog", "host", "faults", "ttyConsumer", "observer", "pauseRequested", "pageStore"]);
  });

  it("a restored copy taken mid-run continues identically", () => {
    const a = bootKtest();
    a.run(3_000_000); // somewhere in the middle of the cases, with pipes and children alive
    assertConforms(KernelState, a.state);
    const b = Kernel.fromState(CONFIG, clone(KernelState, a.state));
    const outA0 = text(a.ttyTakeOutput(0));
    const outB0 = text(b.ttyTakeOutput(0));
    expect(outB0).toBe(outA0);
    const ra = a.run(20_000_000_000);
    const rb = b.run(20_000_000_000);
    expect(rb).toEqual(ra);
    expect(text(b.ttyTakeOutput(0))).toBe(text(a.ttyTakeOutput(0)));
    expect(sha256Hex(encode(KernelState, b.state))).toBe(sha256Hex(encode(KernelState, a.state)));
  });

  it("is deterministic: two boots give the same state bytes", () => {
    const a = bootKtest();
    const b = bootKtest();
    a.run(50_000_000);
    b.run(50_000_000);
    expect(sha256Hex(encode(KernelState, a.state))).toBe(sha256Hex(encode(KernelState, b.state)));
  });

  it("running in small slices equals running at once", () => {
    const a = bootKtest();
    const b = bootKtest();
    a.run(40_000_000);
    for (let i = 0; i < 40; i++) b.run(1_000_000);
    expect(b.now()).toBe(a.now());
    expect(sha256Hex(encode(KernelState, b.state))).toBe(sha256Hex(encode(KernelState, a.state)));
  });
});
