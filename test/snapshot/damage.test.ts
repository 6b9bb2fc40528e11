// Damaged snapshots (SCENARIOS 29): random truncations and byte flips of a
// valid snapshot never crash the loader — only SnapshotError, with one line —
// and never produce a machine. A forger's edit (payload changed and every
// checksum recomputed) is either refused by validation or is a canonical
// snapshot of some valid machine (restore → checkpoint gives the same bytes).
// ≥ 10^4 cases in CI; CRYOBOX_LONG=1 or FC_NUM_RUNS=… for more.

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { defaultImage } from "../../machine/host-image.js";
import { SnapshotError, checkpoint, restore } from "../../snapshot/index.js";
import { sha256, decode, encode } from "../../state/index.js";
import { HeaderSchema } from "../../snapshot/format.js";
import { numRuns } from "./workload.js";

let good: Uint8Array;

beforeAll(() => {
  // A small machine (two programs in its image) with a pipe and a file, so the snapshot is small and varied.
  const image = defaultImage().filter((f) => ["/bin/init", "/bin/sh", "/bin/cat", "/bin/echo"].includes(f.path));
  const m = Machine.boot({ ttys: 1, drives: 1, image });
  m.run();
  m.tty(0).send("echo hi > /tmp/f; cat | cat &\n");
  m.run(3_000_000);
  m.tty(0).send("partial");
  good = m.checkpoint();
});

/** Restore must throw a one-line SnapshotError; anything else (a machine, another exception) fails. */
function mustRefuse(bytes: Uint8Array): void {
  let err: unknown = null;
  try {
    restore(bytes);
  } catch (e) {
    err = e;
  }
  if (!(err instanceof SnapshotError)) throw new Error(`expected SnapshotError, got ${err === null ? "a machine" : String(err)}`);
  if (err.message.includes("\n")) throw new Error(`multi-line message: ${err.message}`);
}

const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 });

describe("damaged snapshots", () => {
  it("the undamaged snapshot restores (the damage below is what makes the difference)", () => {
    expect(() => restore(good)).not.toThrow();
    expect(good.length).toBeLessThan(400_000); // small enough that 10^4 mutations stay fast (the POSIX sh made it ~257 KB)
  });

  it("every truncation is refused", () => {
    fc.assert(
      fc.property(fc.nat(), (n) => mustRefuse(good.subarray(0, n % good.length))),
      { numRuns: numRuns(3000, 100_000) },
    );
  });

  it("every byte flip is refused", () => {
    fc.assert(
      fc.property(flips, (fs) => {
        const bad = good.slice();
        for (const [at, x] of fs) bad[at % bad.length] ^= x;
        mustRefuse(bad);
      }),
      { numRuns: numRuns(7000, 200_000) },
    );
  });

  it("extra bytes at the end are refused", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (extra) => {
        const bad = new Uint8Array(good.length + extra.length);
        bad.set(good);
        bad.set(extra, good.length);
        mustRefuse(bad);
      }),
      { numRuns: numRuns(200, 5000) },
    );
  });

  it("a forger's edit (checksums recomputed) is refused or is the canonical snapshot of a valid machine", () => {
    const h = new DataView(good.buffer, good.byteOffset).getUint32(12, true);
    const header = decode(HeaderSchema, good.subarray(16, 16 + h));
    const starts: number[] = [];
    let at = 16 + h;
    for (const s of header.sections) {
      starts.push(at);
      at += s.length;
    }
    fc.assert(
      fc.property(fc.nat(header.sections.length - 2), flips, (si, fs) => {
        const sec = header.sections[si]!;
        if (sec.length === 0) return;
        const bad = good.slice();
        const payload = bad.subarray(starts[si]!, starts[si]! + sec.length);
        for (const [off, x] of fs) payload[off % payload.length] ^= x;
        const hd = { sections: header.sections.map((s, i) => (i === si ? { ...s, sha256: sha256(payload) } : s)) };
        const hb = encode(HeaderSchema, hd);
        expect(hb.length).toBe(h);
        bad.set(hb, 16);
        bad.set(sha256(bad.subarray(0, 16 + h)), bad.length - 32);
        let restored;
        try {
          restored = restore(bad);
        } catch (e) {
          if (!(e instanceof SnapshotError)) throw e;
          expect(e.message).not.toContain("\n");
          return;
        }
        const again = checkpoint(restored.kernel, restored.outside);
        expect(Buffer.compare(again, bad)).toBe(0);
      }),
      { numRuns: numRuns(250, 20_000) },
    );
  });
});
