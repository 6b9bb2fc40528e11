// Forged incremental and compressed snapshots never crash the host (issue #7's
// campaign, for page store v2): the store of an incremental or compressed
// file is mutated — head fields, stored-page list, parent identity, page
// data, compressed streams — with its checksum, the directory and the trailer
// recomputed so that every forgery reaches the chain and codec checks; and the
// parent is swapped for damaged or other files. Restore, chainOf and merge
// must each end in a one-line SnapshotError or a machine that runs.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { type ParentResolver, SnapshotError, chainOf, fileId, mergeChain } from "../../snapshot/index.js";
import { type SectionOut, assemble, parseContainer } from "../../snapshot/format.js";
import { ByteReader, sha256 } from "../../state/index.js";
import "../../snapshot/host-deflate.js";
import { bootedMachine, numRuns } from "./workload.js";

let parent: Uint8Array;
let children: Uint8Array[]; // incremental raw, incremental lz, incremental deflate, full lz

beforeAll(() => {
  const m = bootedMachine();
  m.checkpoints.forget();
  m.tty(0).send("echo a > /tmp/a\n");
  m.run(2_000_000);
  parent = m.checkpoint({ track: true, name: "p.snap" });
  m.tty(0).send("ls /bin | wc\n");
  m.run(3_000_000);
  children = [
    m.checkpoint({ incremental: true, track: false }),
    m.checkpoint({ incremental: true, compress: "lz", track: false }),
    m.checkpoint({ incremental: true, compress: "deflate", track: false }),
    m.checkpoint({ compress: "lz", track: false }),
  ];
});

/** Where a v2 store's checksummed head ends (as the reader computes it), or the payload's end when it cannot be parsed. */
function headEnd(p: Uint8Array): number {
  try {
    const r = new ByteReader(p);
    r.string("");
    const hasParent = r.u8("");
    if (hasParent === 1) {
      r.raw(32, "");
      r.string("");
    }
    const n = r.uint("");
    r.pos += n * 32;
    if (hasParent === 1) {
      const k = r.uint("");
      for (let i = 0; i < k; i++) r.uint("");
    }
    r.uint("");
    return Math.min(r.pos, p.length);
  } catch {
    return p.length;
  }
}

/** Re-seal a file whose store payload was replaced: store checksum, directory, trailer. */
function reseal(file: Uint8Array, store: Uint8Array): Uint8Array {
  const sections = parseContainer(file, () => {});
  const out: SectionOut[] = sections.map((s) => ({ name: s.name, version: s.version, chunks: [s.payload], sha256: sha256(s.payload) }));
  const last = out[out.length - 1]!;
  last.chunks = [store];
  last.sha256 = last.version === 2 ? sha256(store.subarray(0, headEnd(store))) : sha256(store);
  return assemble(out);
}

function storeOf(file: Uint8Array): Uint8Array {
  const sections = parseContainer(file, () => {});
  return sections[sections.length - 1]!.payload.slice();
}

type Outcome = "refused" | "ran";

function campaign(child: Uint8Array, parents: ParentResolver): Outcome {
  let m: Machine;
  try {
    m = Machine.restore(child, { parents });
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    if (e.message.includes("\n")) throw new Error(`multi-line refusal: ${e.message}`);
    for (const f of [() => chainOf(child, parents), () => mergeChain(child, parents)]) {
      try {
        f();
      } catch (e2) {
        if (!(e2 instanceof SnapshotError)) throw e2;
      }
    }
    return "refused";
  }
  m.run(200_000);
  m.tty(0).send("echo b | cat\n");
  m.run(500_000);
  Machine.restore(m.checkpoint()).run(100_000);
  chainOf(child, parents);
  mergeChain(child, parents);
  return "ran";
}

const nasty = fc.constantFrom(0, 1, 2, 0x7f, 0x80, 0xff, 15, 16, 254, 255);

describe("forged incremental and compressed snapshots", () => {
  it("the genuine chain runs", () => {
    const parents: ParentResolver = (id) => (id === fileId(parent) ? parent : null);
    for (const c of children) expect(campaign(c, parents)).toBe("ran");
  });

  it("mutated stores (checksums recomputed): a one-line refusal or a machine that runs", () => {
    const parents: ParentResolver = (id) => (id === fileId(parent) ? parent : null);
    const outcomes = { refused: 0, ran: 0 };
    fc.assert(
      fc.property(
        fc.nat(children.length - 1),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.oneof(nasty, fc.nat(255)), head: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: undefined }),
        (which, edits, resize) => {
          const child = children[which]!;
          let store = storeOf(child);
          const end = headEnd(store);
          for (const e of edits) {
            const span = e.head ? end : store.length;
            const i = Math.min(store.length - 1, Math.floor(e.at * span));
            store[i] = e.value;
          }
          if (resize !== undefined) {
            const n = Math.max(0, store.length + resize);
            const s2 = new Uint8Array(n);
            s2.set(store.subarray(0, Math.min(n, store.length)));
            store = s2;
          }
          outcomes[campaign(reseal(child, store), parents)]++;
        },
      ),
      { numRuns: numRuns(40, 600) },
    );
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it("a damaged, resealed or foreign parent is refused in one line", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(255), fc.boolean(), (at, value, seal) => {
        const p = parent.slice();
        const i = Math.floor(at * (p.length - 1));
        p[i] = p[i] === value ? value ^ 1 : value;
        let forged: Uint8Array = p;
        if (seal) {
          try {
            forged = reseal(p, storeOf(p)); // checksums made right again: a valid-looking file with another identity
          } catch {
            forged = p; // the flip broke the container itself
          }
        }
        const parents: ParentResolver = () => forged;
        const out = campaign(children[0]!, parents);
        // the parent is not the file the child names: it can never run unless the byte was outside every check
        if (out === "ran") expect(fileId(forged)).toBe(fileId(parent));
      }),
      { numRuns: numRuns(20, 300) },
    );
    expect(() => Machine.restore(children[0]!, { parents: () => children[3]! })).toThrow(/altered or replaced/);
  });
});
