// Pacing an interactive machine to the wall clock (cli/pacer.ts), with a fake
// host clock: a sleeping machine's virtual time follows the host clock, a busy
// one runs unthrottled, the host is told how long it may wait, and keystrokes
// enter at the virtual time the wall clock says.
import { describe, expect, it } from "vitest";
import { Pacer, TICKS_PER_MS } from "../../cli/pacer.js";
import { bootToPrompt, SECOND } from "../scenarios/helpers.js";

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("pacing idle time to the wall clock", () => {
  it("`sleep 5` takes five host seconds: virtual time follows the host clock while everyone sleeps", () => {
    const s = bootToPrompt({ ttys: 1 });
    const clock = fakeClock();
    const pacer = new Pacer(s.m, clock.now);
    s.type("sleep 5; echo woke\n");
    // The shell forks and sleep starts: busy steps run at once, unthrottled.
    let step = pacer.step(1_000_000);
    for (let i = 0; i < 100 && step.waitMs === 0; i++) step = pacer.step(1_000_000);
    const start = s.m.now();
    expect(step.waitMs).toBe(1000); // a timer ~5 s away: the host may sleep (at most MAX_WAIT_MS)
    clock.advance(1000);
    step = pacer.step(1_000_000);
    expect(s.m.now() - start).toBeGreaterThanOrEqual(SECOND - 1000 * TICKS_PER_MS);
    expect(s.m.now() - start).toBeLessThanOrEqual(SECOND);
    expect(s.pending()).not.toContain("\nwoke");
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      pacer.step(1_000_000);
    }
    clock.advance(100);
    for (let i = 0; i < 100 && s.m.kernel.state.timers.length > 0; i++) pacer.step(1_000_000);
    for (let i = 0; i < 100 && pacer.busy(); i++) pacer.step(1_000_000);
    expect(s.pending()).toContain("\nwoke");
    expect(s.m.now() - start).toBeGreaterThanOrEqual(5 * SECOND);
    expect(s.m.now() - start).toBeLessThan(5.2 * SECOND);
  });

  it("a machine waiting only for input tells the host to wait for a key, and the key enters at wall-clock time", () => {
    const s = bootToPrompt({ ttys: 1 });
    const clock = fakeClock();
    const pacer = new Pacer(s.m, clock.now);
    expect(pacer.step(1_000_000).waitMs).toBeNull();
    const before = s.m.now();
    clock.advance(60_000); // the user thinks for a minute
    pacer.catchUp();
    expect(s.m.now() - before).toBe(60 * SECOND);
  });

  it("compute ahead of the wall clock is not made to wait: the lead is dropped", () => {
    const s = bootToPrompt({ ttys: 1 });
    const clock = fakeClock();
    const pacer = new Pacer(s.m, clock.now);
    s.type("seq 1 3000 | wc -l; sleep 1; echo done\n");
    const start = s.m.now();
    // The host is infinitely fast here: the fake clock never moves while the guest computes.
    let step = pacer.step(1_000_000);
    for (let i = 0; i < 1000 && step.waitMs === 0; i++) step = pacer.step(1_000_000);
    // About the whole second of sleep is still ahead, not the compute time on top of it.
    expect(step.waitMs).toBeGreaterThan(900);
    expect(step.waitMs).toBeLessThanOrEqual(1000);
    expect(s.m.now() - start).toBeGreaterThan(1_000_000); // the guest computed while the host clock stood still
    expect(s.m.now() - pacer.target()).toBe(0); // and the pacer moved the wall-clock anchor up to it
  });
});
