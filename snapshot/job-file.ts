// The job snapshot file: the whole-system format (same container, same
// sections, same validation) holding a SUBSET of the kernel tables — one job's
// processes, open files, pipes, the tmpfs files that travel with it, its
// terminal's modes and its tape drive — plus one extra section, "job", right
// after "outside", that says what the subset is (kind, id, time, the pids whose
// parent stayed outside, the pipe ends that were cut).
//
//   config | outside | job | globals | procs | openFiles | … | pages
//
// A reader tells the two kinds apart by the third section's name; everything
// else (checksums, versions, schemas, Kernel.fromState's invariants) is the
// whole-system reader's code, so a damaged job file is refused with the same
// one-line messages, and inspect/diff show it in the same kernel terms.

import { Kernel, type KernelConfig, type KernelState } from "../kernel/kernel.js";
import { type Infer, StateError, t, withPageHooks } from "../state/index.js";
import { SnapshotError, asSnapshotError, oneLine, sectionLabel } from "./errors.js";
import { assemble, parseContainer, verifyPlain } from "./format.js";
import type { Outside } from "./outside.js";
import { PAGE_STORE, PageStoreReader, PageStoreWriter } from "./pages.js";
import { type SectionDef, decodeSection, encodeSection, putSection, sectionValue } from "./sections.js";
import { type DecodedSnapshot, readSnapshot } from "./checkpoint.js";
import { sectionOfPath, specSections } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import type { ParentResolver } from "./chain.js";

/** A pipe end cut at checkpoint: fd `fd` of job process `pid` was a pipe to `peer`, outside the job. */
export const CutEnd = t.struct({ pid: t.u32, fd: t.u32, peer: t.u32 });

/** A disk file the job holds open: where (mount-point inode of the subset, path on the disk) and its size then. */
export const DiskFileRecord = t.struct({ at: t.u32, path: t.string, size: t.uint });

/** What a job snapshot holds, beyond the kernel subset. */
export const JobInfo = t.struct({
  kind: t.enum("process", "job", "self"), // chkpnt -p, chkpnt -j, the self-checkpoint call
  id: t.uint, // the pid or job (session) id named
  time: t.uint, // virtual time of the checkpoint (timers and sleeps are shifted by restart)
  roots: t.array(t.u32, 64), // job pids whose parent was outside the job (children of the restarter after restart)
  cut: t.array(CutEnd, 4096),
  self: t.uint, // pid of the self-checkpointing process (its call returns 1 when restarted), 0 = none
  disks: t.array(DiskFileRecord, 4096), // disk files the job holds, with their sizes (restart checks them)
});
export type JobInfo = Infer<typeof JobInfo>;

/** Name and version of the extra section. */
export const JOB_SECTION = "job";
export const JOB_SECTION_VERSION = 1;
const JOB_DEF: SectionDef = { name: JOB_SECTION, version: JOB_SECTION_VERSION, schema: JobInfo, upgrades: [], fields: [JOB_SECTION] };

/** The sections of a job file, in order (without the page store). */
function jobSections(): SectionDef[] {
  const defs = specSections(KERNEL_SNAPSHOT);
  return [defs[0]!, defs[1]!, JOB_DEF, ...defs.slice(2)];
}

/** A validated job snapshot: a DecodedSnapshot of the subset plus its job section. */
export type DecodedJob = DecodedSnapshot & { job: JobInfo };

/** The file bytes of a job (canonical: the same subset gives the same bytes). */
export function writeJobFile(config: KernelConfig, outside: Outside, info: JobInfo, state: KernelState): Uint8Array {
  const store = new PageStoreWriter();
  const root = state as unknown as Record<string, unknown>;
  const sections = withPageHooks({ sink: store.sink }, () =>
    jobSections().map((def) =>
      encodeSection(def, def.name === "config" ? config : def.name === "outside" ? outside : def.name === JOB_SECTION ? info : sectionValue(def, root)),
    ),
  );
  sections.push(store.section());
  return assemble(sections);
}

/** Is `bytes` a job snapshot (its third section is "job")? Damage is left for the reader to report. */
export function isJobFile(bytes: Uint8Array): boolean {
  try {
    const found = parseContainer(bytes, () => {});
    return found[2]?.name === JOB_SECTION;
  } catch {
    return false;
  }
}

/** Validate and decode a job file completely (checksums, order, schemas, the kernel's invariants on the subset). */
export function readJobFile(bytes: Uint8Array): DecodedJob {
  const allDefs = jobSections();
  const found = parseContainer(bytes, (s) => {
    if (s.name !== PAGE_STORE) verifyPlain(s);
  });
  const storeIn = found[found.length - 1];
  if (!storeIn || storeIn.name !== PAGE_STORE) throw new SnapshotError(`the last section must be "${PAGE_STORE}", found ${storeIn ? `"${storeIn.name}"` : "none"}`);
  const body = found.slice(0, -1);
  // A table added after the job was written is absent from it: decoded as empty (as readChecked does).
  const present = new Set(body.map((s) => s.name));
  const absent = allDefs.filter((d) => d.optional === true && !present.has(d.name));
  const defs = allDefs.filter((d) => !absent.includes(d));
  for (let i = 0; i < Math.max(defs.length, body.length); i++) {
    const want = defs[i];
    const got = body[i];
    if (!got) throw new SnapshotError(`section "${want!.name}" is missing`, want!.name);
    if (!want || want.name !== got.name) {
      throw new SnapshotError(`${sectionLabel(got.name, got.version)}: ${want ? `expected section "${want.name}" here` : "unknown section"}`, got.name);
    }
  }
  const store = new PageStoreReader(storeIn);
  const root: Record<string, unknown> = {};
  let config: unknown = null;
  let outside: unknown = null;
  let job: unknown = null;
  withPageHooks({ source: store.source }, () => {
    for (const def of absent) putSection(def, root, def.schema.kind === "map" ? new Map() : []);
    defs.forEach((def, i) => {
      const value = decodeSection(def, body[i]!);
      if (def.name === "config") config = value;
      else if (def.name === "outside") outside = value;
      else if (def.name === JOB_SECTION) job = value;
      else putSection(def, root, value);
    });
  });
  store.finish();
  const d: DecodedJob = {
    formatVersion: 1,
    config: config as KernelConfig,
    outside: outside as Outside,
    state: root as unknown as KernelState,
    sections: found.map((s) => ({ name: s.name, version: s.version, bytes: s.payload.length, sha256: s.sha256 })),
    pages: { stored: store.size, referenced: store.referencedCount },
    job: job as JobInfo,
  };
  validateJob(d);
  return d;
}

/** A whole-system or a job snapshot, validated by its kind's reader (inspect, diff). */
export function readAnySnapshot(bytes: Uint8Array, parents?: ParentResolver): DecodedSnapshot & { job?: JobInfo } {
  return isJobFile(bytes) ? readJobFile(bytes) : readSnapshot(bytes, parents); // parents: an incremental snapshot's chain
}

/** The subset must be a machine the kernel would adopt, and the job section must name its processes. */
function validateJob(d: DecodedJob): void {
  try {
    Kernel.fromState(d.config, d.state);
  } catch (e) {
    if (e instanceof StateError) {
      const def = sectionOfPath(KERNEL_SNAPSHOT, e.path);
      throw asSnapshotError(e, def?.name ?? null, def?.version ?? null);
    }
    if (e instanceof Error) throw new SnapshotError(`job snapshot rejected by the kernel: ${oneLine(e.message)}`);
    throw e;
  }
  const fail = (path: string, problem: string): never => {
    throw new SnapshotError(`${sectionLabel(JOB_SECTION, JOB_SECTION_VERSION)}: ${path}: ${problem}`, JOB_SECTION, path);
  };
  const procs = d.state.procs;
  if (d.state.panic === "") fail("$.job", "the kernel subset is a running machine, not a job (its panic text is empty)");
  if (procs.size === 0) fail("$.job", "the job has no process");
  if (d.job.roots.length === 0) fail("$.job.roots", "is empty (some process of the job must have had its parent outside)");
  d.job.roots.forEach((pid, i) => {
    const p = procs.get(pid);
    if (!p) fail(`$.job.roots[${i}]`, `names pid ${pid}, which is not in the job`);
    if (p!.ppid !== 0) fail(`$.job.roots[${i}]`, `names pid ${pid}, whose parent ${p!.ppid} is in the job`);
  });
  for (const p of procs.values()) if (p.ppid === 0 && !d.job.roots.includes(p.pid)) fail("$.job.roots", `does not name pid ${p.pid}, whose parent is outside the job`);
  d.job.cut.forEach((c, i) => {
    if (!procs.has(c.pid)) fail(`$.job.cut[${i}].pid`, `names pid ${c.pid}, which is not in the job`);
  });
  if (d.job.self !== 0 && !procs.has(d.job.self)) fail("$.job.self", `names pid ${d.job.self}, which is not in the job`);
}

/** The line inspect prints for a job snapshot (null for a whole-system one). */
export function describeJob(d: DecodedSnapshot & { job?: JobInfo }): string | null {
  const j = d.job;
  if (!j) return null;
  const what = j.kind === "job" ? `job ${j.id} (session)` : j.kind === "self" ? `self-checkpoint of process ${j.id}` : `process ${j.id} and its descendants`;
  const cut = j.cut.map((c) => `fd ${c.fd} of pid ${c.pid} (to pid ${c.peer})`).join(", ");
  return `job snapshot: ${what}, ${d.state.procs.size} process(es), roots ${j.roots.join(" ")}${cut ? `; pipes cut: ${cut}` : ""}`;
}
