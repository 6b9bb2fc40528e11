// The Machine library API over a tiny fixed image — the committed guest test
// program `cat` as /bin/init (fds 0/1/2 on the console, tty0) — so these tests
// depend on the kernel and the snapshot format but not on the userland:
// terminals, run/idle, checkpoint/restore fidelity, digests, tapes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Machine, MemoryReel, SnapshotError } from "../../index.js";
import { catImage, catMachine } from "./helpers.js";

describe("Machine", () => {
  it("boots, idles waiting for input, and shows what the terminal displayed", () => {
    const m = catMachine();
    const r = m.run();
    expect(r.idle).toBe(true);
    expect(r.panic).toBe("");
    m.tty(0).send("hello\n");
    m.run();
    // the line discipline echoes "hello\r\n" as it is typed, then cat writes it back (ONLCR)
    expect(m.tty(0).output()).toBe("hello\r\nhello\r\n");
    expect(m.tty(1).output()).toBe("");
    expect(m.now()).toBeGreaterThan(0);
  });

  it("reports the exit of init and the kernel's stop", () => {
    const m = catMachine();
    m.run();
    m.tty(0).send("\x04"); // ^D on an empty line: cat reads EOF and exits
    const r = m.run();
    expect(r.exited.some((e) => e.pid === 1)).toBe(true);
    expect(r.panic).not.toBe("");
    expect(m.tty(0).output()).toContain("cat: 0000000000 bytes");
  });

  it("run(ticks) lets at most that much virtual time pass", () => {
    const m = catMachine();
    const t0 = m.now();
    const r = m.run(1000);
    expect(r.ticks).toBeLessThanOrEqual(1000);
    expect(m.now() - t0).toBe(r.ticks);
  });

  it("refuses a terminal that does not exist", () => {
    expect(() => catMachine().tty(2)).toThrow(RangeError);
  });

  it("checkpoint → restore → checkpoint is byte-identical, and digests agree", () => {
    const m = catMachine();
    m.run();
    m.tty(0).send("partial line, no newline yet");
    const a = m.checkpoint();
    const r = Machine.restore(a);
    expect(r.digest()).toBe(m.digest());
    expect(r.checkpoint()).toEqual(a);
    expect(r.now()).toBe(m.now());
    // the partial line survives: finishing it delivers the whole line
    r.tty(0).send("!\n");
    r.run();
    expect(r.tty(0).output()).toBe("!\r\npartial line, no newline yet!\r\n");
  });

  it("a restored machine's output log starts empty (it attached after the output)", () => {
    const m = catMachine();
    m.tty(0).send("x\n");
    m.run();
    expect(Machine.restore(m.checkpoint()).tty(0).output()).toBe("");
  });

  it("a damaged snapshot is a SnapshotError, never another exception", () => {
    const m = catMachine();
    m.run();
    const bytes = m.checkpoint();
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bad = bytes.slice();
        bad[at]! ^= flip;
        expect(() => Machine.restore(bad)).toThrow(SnapshotError);
      }),
      { numRuns: 30 },
    );
    expect(() => Machine.restore(bytes.subarray(0, bytes.length >> 1))).toThrow(SnapshotError);
  });

  it("run N, checkpoint, restore, run M ≡ run N+M (same digest, same output)", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("send" as const), text: fc.stringMatching(/^[a-z \n]{1,12}$/) }),
      fc.record({ kind: fc.constant("run" as const), ticks: fc.integer({ min: 0, max: 200_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), fc.array(step, { maxLength: 8 }), (before, after) => {
        const apply = (m: Machine, steps: typeof before): void => {
          for (const s of steps) {
            if (s.kind === "send") m.tty(0).send(s.text);
            else m.run(s.ticks);
          }
        };
        const whole = catMachine();
        apply(whole, before);
        const mark = whole.tty(0).outputLength();
        const restored = Machine.restore(whole.checkpoint());
        apply(whole, after);
        apply(restored, after);
        expect(restored.digest()).toBe(whole.digest());
        expect(restored.tty(0).outputBytes()).toEqual(whole.tty(0).outputSince(mark));
      }),
      { numRuns: 15 },
    );
  });

  it("mounts and unmounts in-memory reels; their identity travels in the snapshot", () => {
    const m = Machine.boot({ image: catImage, tapes: { 1: { media: new MemoryReel(new Uint8Array(0)), name: "VOL001" } } });
    expect(m.kernel.config.drives).toBeGreaterThanOrEqual(2);
    expect(m.mounted().get(1)?.identity.path).toBe("VOL001");
    const restored = Machine.restore(m.checkpoint(), { noReels: true });
    expect(restored.mounted().size).toBe(0);
    m.unmount(1);
    expect(m.mounted().size).toBe(0);
  });

  it("adds extra files to the root filesystem", () => {
    const m = Machine.boot({ image: catImage, files: { "/etc/motd": "hi\n" } });
    const names = [...m.kernel.state.inodes.values()].flatMap((i) => i.entries.map((e) => e.name));
    expect(names).toContain("motd");
  });
});

describe("virtual time on an idle machine", () => {
  it("run N lets N ticks pass even when everyone waits; run() alone stops at idle", () => {
    const m = Machine.boot();
    const first = m.run();
    expect(first.idle).toBe(true);
    const t0 = m.now();
    expect(m.run().ticks).toBe(0); // still idle: nothing to do
    expect(m.now()).toBe(t0);
    const r = m.run(5_000_000);
    expect(r).toMatchObject({ ticks: 5_000_000, idle: true });
    expect(m.now()).toBe(t0 + 5_000_000);
    // run(a) + run(b) ≡ run(a + b) holds across idle periods too.
    const a = Machine.restore(m.checkpoint());
    const b = Machine.restore(m.checkpoint());
    a.run(1_000);
    a.run(2_000);
    b.run(3_000);
    expect(a.digest()).toBe(b.digest());
  });
});
