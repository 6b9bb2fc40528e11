// The terminal's queues are bounded whatever is typed or written (issue 7):
// line terminators and EOFs count against the read queue like any other key
// (pressing Enter while nobody reads used to grow it without bound, and
// restore then refused the machine's own checkpoint), and echo or output
// expansion (\n → \r\n, tabs) never takes the output queue past its bound.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { L, O, TTY_INPUT_MAX, TTY_OUTPUT_MAX, newTty, ttyRead, ttyReceive, ttySetTermios, ttyTakeOutput, ttyWrite, ttyGetTermios } from "../../devices/tty/index.js";
import { Machine } from "../../machine/machine.js";
import { bootedMachine } from "../snapshot/workload.js";

const keys = fc.constantFrom(0x0a, 0x0d, 0x04, 0x61, 0x09, 0x7f, 0x15, 0x17, 0x16, 0x12);
const batch = fc.tuple(fc.array(keys, { maxLength: 8 }), fc.integer({ min: 1, max: 3_000 }));

describe("terminal queues stay bounded", () => {
  it("100,000 newlines typed while nobody reads: the read queue stays within its bound and a read still gets a line", () => {
    const s = newTty();
    ttyReceive(s, new Uint8Array(100_000).fill(0x0a));
    expect(s.input.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
    expect(s.lineEnds.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
    expect(s.output.length).toBeLessThanOrEqual(TTY_OUTPUT_MAX);
    expect([...(ttyRead(s, 10, 0) as Uint8Array)]).toEqual([0x0a]);
  });

  it("a full line typed into a nearly full queue can still be ended", () => {
    const s = newTty();
    s.lflag &= ~L.ECHO;
    ttyReceive(s, new Uint8Array(TTY_INPUT_MAX + 10).fill(0x61)); // too long for one line: TTY_MAX_LINE
    ttyReceive(s, new Uint8Array([0x0a]));
    expect(s.lineEnds.length).toBe(1);
  });

  it("property: any typing, in any mode, keeps input, line ends and output within their bounds", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 12 }), fc.boolean(), fc.boolean(), (batches, raw, onlcr) => {
        const s = newTty();
        const tio = ttyGetTermios(s);
        if (raw) tio.lflag &= ~L.ICANON;
        if (!onlcr) tio.oflag &= ~O.ONLCR;
        ttySetTermios(s, tio);
        for (const [pattern, times] of batches) {
          const bytes = new Uint8Array(pattern.length * Math.min(times, Math.ceil(24_000 / Math.max(1, pattern.length))));
          for (let i = 0; i < bytes.length; i++) bytes[i] = pattern[i % pattern.length]!;
          ttyReceive(s, bytes);
          ttyWrite(s, bytes);
          expect(s.input.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
          expect(s.lineEnds.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
          expect(s.editing.length + s.input.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
          expect(s.output.length).toBeLessThanOrEqual(TTY_OUTPUT_MAX);
        }
        ttyTakeOutput(s);
        expect(s.output.length).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it("a guest write of tabs and newlines fills the output queue exactly to its bound, never past it", () => {
    const s = newTty();
    const data = new Uint8Array(TTY_OUTPUT_MAX).map((_, i) => (i % 3 === 0 ? 0x09 : i % 3 === 1 ? 0x0a : 0x61));
    const n = ttyWrite(s, data);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(data.length);
    expect(s.output.length).toBeLessThanOrEqual(TTY_OUTPUT_MAX);
    expect(ttyWrite(s, data.subarray(n))).toBe(0);
  });

  it("Enter pressed 300,000 times while the foreground job sleeps: the machine checkpoints and restores", () => {
    const m = bootedMachine();
    m.tty(0).send("sleep 100\n");
    m.run(5_000_000);
    for (let i = 0; i < 3; i++) m.tty(0).send("\n".repeat(100_000));
    const ld = m.kernel.state.ttys[0]!.ld;
    expect(ld.input.length + ld.editing.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
    const snap = m.checkpoint();
    expect(Machine.restore(snap).digest()).toBe(m.digest());
  });
});
