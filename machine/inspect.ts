// `inspect` and `diff` as library functions: a snapshot's bytes seen in kernel
// terms (the same view `cryobox inspect --json` prints), and the differences
// between two snapshots (the same list `cryobox diff` prints). Both validate
// exactly as a restore does and throw SnapshotError for a damaged file.

import { type Change, type MachineView, type Outside, diffMachines, formatChanges, readSnapshot } from "../snapshot/index.js";
import { viewOf } from "../snapshot/view.js";

/** A snapshot in kernel terms: the machine view plus the format version and the outside records. */
export interface SnapshotView extends MachineView {
  formatVersion: number;
  /** what the snapshot depends on outside the machine (reels, terminals, …) */
  outside: Outside;
  /** size of the snapshot in bytes */
  bytes: number;
}

/** Decode and validate `bytes` (throws SnapshotError) and show them in kernel terms. */
export function inspectSnapshot(bytes: Uint8Array): SnapshotView {
  const d = readSnapshot(bytes);
  return { ...viewOf(d.config, d.state), formatVersion: d.formatVersion, outside: d.outside, bytes: bytes.length };
}

/** Every difference between two snapshots, in kernel terms first (empty: the same machine). */
export function diffSnapshots(a: Uint8Array, b: Uint8Array): Change[] {
  return diffMachines(readSnapshot(a), readSnapshot(b));
}

/** The differences as the lines `cryobox diff` prints (`process 5 (sh) pc: 0x… → 0x…`). */
export function describeChanges(changes: Change[]): string[] {
  return formatChanges(changes);
}
