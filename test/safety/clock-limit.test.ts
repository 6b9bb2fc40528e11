// Virtual time stops at MAX_CLOCK, the most a restore accepts: a machine restored at (or run up to)
// that limit stops with a panic instead of counting past it, so its own checkpoint always restores.
// (The forged-snapshot campaign found a clock forged to exactly 2^52 that ran on and made the
// machine's next checkpoint unrestorable.)
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { MAX_CLOCK } from "../../kernel/validate-limits.js";
import { bootedMachine } from "../../testing/index.js";

describe("the end of virtual time", () => {
  for (const start of [MAX_CLOCK - 1_000, MAX_CLOCK]) {
    it(`a machine at tick ${start} runs up to MAX_CLOCK, stops, and its checkpoint restores`, () => {
      const m = bootedMachine(1);
      m.tty(0).send("primes > /dev/null &\n");
      m.run(1_000_000);
      m.kernel.state.clock = start; // as a snapshot may say (restore accepts it)
      const r = Machine.restore(m.checkpoint());
      r.run(5_000_000);
      expect(r.now()).toBe(MAX_CLOCK);
      expect(r.kernel.state.panic).toMatch(/^virtual time ran out/);
      const again = Machine.restore(r.checkpoint());
      expect(again.digest()).toBe(r.digest());
    });
  }
});
