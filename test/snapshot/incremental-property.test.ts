// Property (issue #13): random workloads checkpointed as random chains of
// full and incremental (optionally compressed) snapshots — sometimes switching
// to the machine restored from the newest file and going on from there —
// restore to the same digest as the uninterrupted machine; the newest file
// merges into the very bytes of the full snapshot.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { type ParentResolver, fileId, mergeChain } from "../../snapshot/index.js";
import "../../snapshot/host-deflate.js";
import { type Step, apply, bootedMachine, numRuns, stepsArb } from "./workload.js";

type Action = "none" | "full" | "incremental" | "incremental-lz" | "incremental-deflate" | "restore";
const actionArb = fc.constantFrom<Action>("none", "full", "incremental", "incremental", "incremental-lz", "incremental-deflate", "restore");

function resolver(files: Uint8Array[]): ParentResolver {
  return (id) => files.find((f) => fileId(f) === id) ?? null;
}

describe("incremental chains (property)", () => {
  it("any chain of full and incremental checkpoints restores to the uninterrupted machine", async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb(5, 2_000_000), fc.array(actionArb, { minLength: 5, maxLength: 5 }), async (steps: Step[], actions: Action[]) => {
        await new Promise((r) => setImmediate(r)); // let the vitest worker breathe between runs (a loaded host starves it)
        const straight = bootedMachine();
        apply(straight, steps);
        let m = bootedMachine();
        m.checkpoints.forget();
        const files: Uint8Array[] = [];
        let newest: Uint8Array;
        steps.forEach((step, i) => {
          apply(m, [step]);
          const a = actions[i % actions.length]!;
          if (a === "none") return;
          if (a === "restore") {
            // checkpoint (incremental: the chain so far) → restore → go on from the restored machine
            newest = m.checkpoint({ incremental: true });
            files.push(newest);
            m = Machine.restore(newest, { parents: resolver(files) });
            return;
          }
          const compress = a === "incremental-lz" ? "lz" : a === "incremental-deflate" ? "deflate" : undefined;
          newest = m.checkpoint(a === "full" ? { track: true } : { incremental: true, compress });
          files.push(newest);
        });
        expect(m.digest()).toBe(straight.digest());
        const last = m.checkpoint({ incremental: true });
        files.push(last);
        expect(Machine.restore(last, { parents: resolver(files) }).digest()).toBe(straight.digest());
        expect(mergeChain(last, resolver(files))).toEqual(straight.checkpoint());
      }),
      { numRuns: numRuns(3, 60) },
    );
  }, 900_000);
});
