// Wait channels are typed data (kernel/wait-channel.ts): the text form round
// trips, procs v2 text channels upgrade (and bad text is refused naming the
// field), and the sleeps the old text validator forgot — a terminal writer
// waiting out its line's transmission time, a tape drive waiting for its
// volume — checkpoint and restore.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { chanText, parseChanText, sameChan, type WaitChan, WaitChan as WaitChanSchema } from "../../kernel/wait-channel.js";
import { PROCS_V2_TO_V3, INODES_V2_TO_V3 } from "../../snapshot/upgrade-typed.js";
import { StateError, assertConforms } from "../../state/index.js";
import { Session } from "../scenarios/helpers.js";

const u32 = fc.nat({ max: 0xffff_ffff });
const chanArb: fc.Arbitrary<WaitChan> = fc.oneof(
  fc.constant<WaitChan>({ kind: "none" }),
  fc.record({ kind: fc.constant("pipe" as const), pipe: u32, end: fc.constantFrom("r" as const, "w" as const) }),
  fc.record({ kind: fc.constantFrom("child" as const, "timer" as const, "poll" as const), pid: u32 }),
  fc.record({ kind: fc.constant("tty" as const), n: u32, end: fc.constantFrom("in" as const, "out" as const, "bg" as const, "line" as const) }),
  fc.record({ kind: fc.constant("sock" as const), sock: u32 }),
  fc.record({ kind: fc.constant("tape" as const), unit: u32 }),
);

describe("wait channels", () => {
  it("property: every channel conforms to its schema and its text form parses back to an equal channel", () => {
    fc.assert(
      fc.property(chanArb, (c) => {
        assertConforms(WaitChanSchema, c);
        const back = parseChanText(chanText(c));
        expect(back).toEqual(c);
        expect(sameChan(back!, c)).toBe(true);
      }),
    );
  });

  it("property: sameChan is equality of kind and every field", () => {
    fc.assert(fc.property(chanArb, chanArb, (a, b) => sameChan(a, b) === (JSON.stringify(a) === JSON.stringify(b))));
    expect(sameChan({ kind: "pipe", pipe: 3, end: "r" }, { kind: "pipe", pipe: 3, end: "w" })).toBe(false);
  });

  it("text that names no channel does not parse", () => {
    for (const s of ["bogus", "pipe:1", "pipe:1:in", "tty:0", "tty:0:r", "child:1:r", "sock:", "tape:x", "pipe:99999999999:r", " pipe:1:r"]) expect(parseChanText(s)).toBeNull();
  });

  it("procs v2 → v3: text channels become typed ones; a channel that is no channel is refused naming the field", () => {
    const old = new Map<number, { chan: string }>([[3, { chan: "tty:0:line" }], [4, { chan: "" }], [5, { chan: "tape:0" }]]);
    const up = PROCS_V2_TO_V3.upgrade(old) as Map<number, { chan: WaitChan }>;
    expect(up.get(3)!.chan).toEqual({ kind: "tty", n: 0, end: "line" });
    expect(up.get(4)!.chan).toEqual({ kind: "none" });
    expect(up.get(5)!.chan).toEqual({ kind: "tape", unit: 0 });
    expect(() => PROCS_V2_TO_V3.upgrade(new Map([[7, { chan: "ring:\x1b[2J" }]]))).toThrow(StateError);
    expect(() => PROCS_V2_TO_V3.upgrade(new Map([[7, { chan: "ring:\x1b[2J" }]]))).toThrow(/\$\.procs\[7\]\.chan: is "ring:\\x1b\[2J"/);
  });

  it("inodes v2 → v3: dev \"\" becomes none, device kinds stay, other text is refused naming the field", () => {
    const up = INODES_V2_TO_V3.upgrade(new Map([[1, { dev: "" }], [2, { dev: "ntape" }]])) as Map<number, { dev: string }>;
    expect([up.get(1)!.dev, up.get(2)!.dev]).toEqual(["none", "ntape"]);
    expect(() => INODES_V2_TO_V3.upgrade(new Map([[9, { dev: "disk" }]]))).toThrow(/\$\.inodes\[9\]\.dev/);
  });

  it("a writer sleeping out its terminal line's transmission time checkpoints and restores (the text validator refused tty:N:line)", () => {
    const m = Machine.boot({ ttys: 1 });
    const s = new Session(m);
    s.expect("$ ");
    m.tty(0).send("cat /bin/sh\n"); // cat writes 4 KiB at a time: more than a line takes at once
    let sleeper = false;
    for (let i = 0; i < 400 && !sleeper; i++) {
      m.run(20_000);
      sleeper = [...m.kernel.state.procs.values()].some((p) => p.state === "sleeping" && p.chan.kind === "tty" && p.chan.end === "line");
    }
    expect(sleeper).toBe(true);
    const m2 = Machine.restore(m.checkpoint());
    expect(m2.digest()).toBe(m.digest());
    const p = [...m2.kernel.state.procs.values()].find((q) => q.chan.kind === "tty");
    expect(p && chanText(p.chan)).toBe("tty:0:line");
  });
});
