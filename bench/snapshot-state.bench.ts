// What a checkpoint and a restore cost besides page data (issue #13; docs/checkpoints.md "Beyond the
// pages"): the idle default box's incremental pause, full checkpoint and in-process restore, and
// their page-free parts on their own — encoding every section (pages through a sink that only
// counts), decoding them (pages from a table), assertConforms, validateState — and, for live
// migration, Kernel.fromState of a 64 MiB box (16,384 pages) and the receiver's whole STATE step
// (sections decoded with pages from slots, then fromState). `npm run bench snapshot-state`.
// Each figure is a mean and median of wall and CPU time (process.cpuUsage: steadier on a loaded host).

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";
import { Kernel, type KernelConfig } from "../kernel/kernel.js";
import type { KernelState } from "../kernel/state.js";
import { validateState } from "../kernel/validate.js";
import { KERNEL_SNAPSHOT, outsideOf } from "../snapshot/index.js";
import { specSections } from "../snapshot/snapshot.js";
import { decodeSection, encodeSection, putSection, sectionValue } from "../snapshot/sections.js";
import { type SectionIn, verifyPlain } from "../snapshot/format.js";
import { ByteWriter, StateError, assertConforms, toHex, withPageHooks } from "../state/index.js";
import { dirtyBox } from "./snapshot.bench.js";

interface Samples {
  wall: number[];
  cpu: number[];
}

const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const median = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1]!;

/** A task timing `work` alone; prints mean/median wall and CPU ms when the run ends. */
function timed(bench: Bench, name: string, work: () => void): void {
  const s: Samples = { wall: [], cpu: [] };
  bench.add(
    name,
    () => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      work();
      const c = process.cpuUsage(c0);
      s.wall.push(performance.now() - t0);
      s.cpu.push((c.user + c.system) / 1000);
    },
    {
      beforeAll: () => {
        s.wall = [];
        s.cpu = [];
      },
      afterAll: (mode) => {
        if (mode !== "run" || s.wall.length === 0) return;
        const f = (a: number[]): string => `mean ${mean(a).toFixed(3)} median ${median(a).toFixed(3)}`;
        console.log(`${name}: wall ${f(s.wall)} ms | CPU ${f(s.cpu)} ms (n=${s.wall.length})`);
      },
    },
  );
}

/**
 * The sections of machine `m` but the page store, as a migration sender sends them: every page
 * referenced by a slot number (`slots`, page objects by slot), the sections with their checksums.
 */
function sectionsOf(m: Machine): { found: SectionIn[]; slots: Map<number, Uint8Array> } {
  const slotOf = new Map<Uint8Array, number>();
  const slots = new Map<number, Uint8Array>();
  const k = m.kernel;
  const outside = outsideOf(k);
  const sink = (page: Uint8Array): number => {
    let n = slotOf.get(page);
    if (n === undefined) {
      n = slotOf.size;
      slotOf.set(page, n);
      slots.set(n, page.slice());
    }
    return n;
  };
  const out = withPageHooks({ sink }, () =>
    specSections(KERNEL_SNAPSHOT).map((def) => encodeSection(def, def.name === "config" ? k.config : def.name === "outside" ? outside : sectionValue(def, k.state as never))),
  );
  const found = out.map((s) => ({ name: s.name, version: s.version, sha256: toHex(s.sha256), payload: s.chunks[0]! }));
  return { found, slots };
}

/** Check and decode every section as a restore does, pages from `page(ref)`: the root state and config. */
function decodeAll(found: SectionIn[], page: (ref: number, path: string) => Uint8Array): { config: KernelConfig; state: KernelState } {
  const root: Record<string, unknown> = {};
  let config: unknown = null;
  let i = 0;
  withPageHooks({ source: page }, () => {
    for (const def of specSections(KERNEL_SNAPSHOT)) {
      const s = found[i];
      if (s && s.name === def.name) {
        verifyPlain(s);
        const v = decodeSection(def, s);
        i++;
        if (def.name === "config") config = v;
        else if (def.name !== "outside") putSection(def, root, v);
      } else putSection(def, root, def.schema.kind === "map" ? new Map() : []);
    }
  });
  return { config: config as KernelConfig, state: root as unknown as KernelState };
}

function fromSlots(slots: Map<number, Uint8Array>): (ref: number, path: string) => Uint8Array {
  return (ref, path) => {
    const p = slots.get(ref);
    if (!p) throw new StateError(path, `page slot ${ref} was never sent`);
    return p;
  };
}

export function addBenchmarks(bench: Bench): void {
  const idle = Machine.boot();
  idle.run();
  idle.checkpoint({ track: true });
  timed(bench, "idle box: incremental checkpoint (pause)", () => void idle.checkpoint({ incremental: true }));
  timed(bench, "idle box: full checkpoint", () => void idle.checkpoint());
  const idleFile = idle.checkpoint();
  timed(bench, "idle box: restore in-process", () => void Machine.restore(idleFile));

  const k = idle.kernel;
  const outside = outsideOf(k);
  const defs = specSections(KERNEL_SNAPSHOT);
  timed(bench, "idle box, no page data: encode every section (pages counted only)", () => {
    let refs = 0;
    const w = new ByteWriter(16 * 1024);
    withPageHooks({ sink: () => ++refs }, () => {
      for (const def of defs) encodeSection(def, def.name === "config" ? k.config : def.name === "outside" ? outside : sectionValue(def, k.state as never), w);
    });
  });
  const idleSent = sectionsOf(idle);
  timed(bench, "idle box, no page data: check and decode every section (pages from slots)", () => void decodeAll(idleSent.found, fromSlots(idleSent.slots)));
  const idleState = decodeAll(idleSent.found, fromSlots(idleSent.slots));
  timed(bench, "idle box: assertConforms of the whole state", () => assertConforms(KERNEL_SNAPSHOT.root, idleState.state));
  timed(bench, "idle box: validateState", () => void validateState(idleState.config, idleState.state));

  const big = dirtyBox(64);
  const bigSent = sectionsOf(big);
  const bigState = decodeAll(bigSent.found, fromSlots(bigSent.slots));
  timed(bench, "64 MiB box (16,384 pages): Kernel.fromState", () => void Kernel.fromState(bigState.config, bigState.state));
  timed(bench, "64 MiB box: migration receiver's STATE (check and decode sections, pages from slots, fromState)", () => {
    const d = decodeAll(bigSent.found, fromSlots(bigSent.slots));
    Kernel.fromState(d.config, d.state);
  });
}
