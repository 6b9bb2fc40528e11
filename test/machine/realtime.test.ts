// The guest's wall clock (kernel/realtime.ts): deterministic unless the host
// sets it; set at boot or restore as outside input recorded in the state; a
// restore moves the wall clock on and leaves the monotonic clock alone.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { EPOCH_SECONDS, realtimeAt, setRealtime } from "../../kernel/realtime.js";
import { emptyState } from "../../kernel/boot.js";
import { TICKS_PER_SECOND } from "../../kernel/param.js";
import { bootToPrompt, Session } from "../scenarios/helpers.js";

const Y2030 = Date.UTC(2030, 0, 2, 3, 4, 5); // Wed Jan  2 03:04:05 2030

/** `date +%s`-like: the guest's `date` output line. */
function guestDate(s: Session): string {
  return s.command("date").split("\n")[1]!.trim();
}

describe("CLOCK_REALTIME", () => {
  it("is the fixed 2026-01-01 epoch plus virtual time when nobody sets it (deterministic)", () => {
    const s = bootToPrompt();
    expect(guestDate(s)).toMatch(/2026/);
    expect(s.m.kernel.state.realtimeSeconds).toBe(EPOCH_SECONDS);
  });

  it("reads what the host set at boot, and the setting is state (it changes the digest)", () => {
    const a = bootToPrompt();
    const b = bootToPrompt({ realtime: Y2030 });
    expect(guestDate(b)).toMatch(/2030/);
    expect(b.m.digest()).not.toBe(a.m.digest());
  });

  it("after a restore keeps the recorded offset, or moves on to the time given; monotonic time does not move", () => {
    const s = bootToPrompt();
    const bytes = s.m.checkpoint();
    const kept = Machine.restore(bytes);
    expect(kept.digest()).toBe(s.m.digest());
    const later = Machine.restore(bytes, { realtime: Y2030 });
    expect(later.now()).toBe(s.m.now());
    expect(realtimeAt(later.kernel.state, later.now()).sec).toBe(Math.floor(Y2030 / 1000));
    expect(guestDate(new Session(later))).toMatch(/2030/);
  });

  it("a sleep in progress is on the monotonic clock: setting the wall clock does not shorten or lengthen it", () => {
    const s = bootToPrompt();
    s.type("sleep 2; echo done\n");
    s.m.run(TICKS_PER_SECOND / 2);
    const bytes = s.m.checkpoint();
    const m = Machine.restore(bytes, { realtime: Y2030 });
    const t = new Session(m, 0, m.tty(0).outputLength());
    const before = m.now();
    t.expect("done");
    const slept = m.now() - before;
    expect(slept).toBeGreaterThan(1.4 * TICKS_PER_SECOND);
    expect(slept).toBeLessThan(1.6 * TICKS_PER_SECOND);
  });

  it("setRealtime then realtimeAt(now) gives back the time set, to the tick, at any virtual time (exact beyond 2^53)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1e12, max: 4e12 }), (clock, ms) => {
        const st = emptyState({ ttys: 1, drives: 0, memoryLimit: 1 << 20 });
        st.clock = clock;
        setRealtime(st, ms);
        const r = realtimeAt(st, clock);
        expect(r.sec * 1000 + Math.floor(r.nsec / 1e6)).toBe(ms);
        // one virtual second later the wall clock is one second later
        expect(realtimeAt(st, clock + TICKS_PER_SECOND).sec).toBe(r.sec + 1);
      }),
    );
  });
});
