// The kernel binding of the snapshot format: whole-system checkpoint of a
// Kernel, restore into a new Kernel, and the machine digest. This is the API
// the Machine, the console and the CLI call (docs/INTERFACES.md "Snapshot").

import { Kernel, type KernelConfig, type KernelState } from "../kernel/kernel.js";
import { StateError } from "../state/index.js";
import { SnapshotBug, SnapshotError, asSnapshotError } from "./errors.js";
import { OUTSIDE_VERSION } from "./versions.js";
import type { Outside, OutsideHint, ReelRecord } from "./outside.js";
import { type Decoded, readSnapshotFile, sectionOfPath, stateDigest, writeSnapshotFile } from "./snapshot.js";
import { KERNEL_SNAPSHOT } from "./spec.js";
import type { ParentResolver } from "./chain.js";
import { diskRecords } from "./outside-disk.js";

/** A decoded, validated whole-system snapshot (no kernel built). */
export type DecodedSnapshot = Decoded<KernelConfig, KernelState>;

/**
 * The outside records: reels from the drives' state (identity, position; a
 * hint's reels are not needed: the drive state is the truth), the caller's
 * terminals or one "memory" terminal per tty.
 */
export function outsideOf(kernel: Kernel, hint: OutsideHint = {}): Outside {
  const reels: ReelRecord[] = [];
  kernel.state.drives.forEach(({ drive: d }, unit) => {
    if (d.reel) reels.push({ unit, path: d.reel.path, size: d.reel.size, sha256: d.reel.sha256, position: d.position, writable: d.writable });
  });
  const terminals = (hint.terminals ?? kernel.state.ttys.map((_, tty) => ({ tty, name: "memory" }))).slice().sort((a, b) => a.tty - b.tty);
  return { reels, terminals, disks: diskRecords(kernel, hint.withFiles ?? false) };
}

/** Whole-system snapshot of `kernel` (canonical bytes: the same machine gives the same bytes). */
export function checkpoint(kernel: Kernel, outside?: OutsideHint): Uint8Array {
  return writeSnapshotFile(KERNEL_SNAPSHOT, kernel.config, outsideOf(kernel, outside), kernel.state);
}

/**
 * Validate everything (container, sections, Kernel.fromState's invariants), then build. Throws SnapshotError only.
 * An incremental snapshot's ancestors are fetched with `parents` (snapshot/chain.ts) and verified link by link.
 */
export function restore(bytes: Uint8Array, parents?: ParentResolver): { kernel: Kernel; config: KernelConfig; outside: Outside } {
  const d = readSnapshotFile<KernelConfig, KernelState>(KERNEL_SNAPSHOT, bytes, parents);
  return { kernel: build(d), config: d.config, outside: d.outside };
}

/** Decode and validate exactly as restore does, but keep the decoded form (inspect, diff, console). */
export function readSnapshot(bytes: Uint8Array, parents?: ParentResolver): DecodedSnapshot {
  const d = readSnapshotFile<KernelConfig, KernelState>(KERNEL_SNAPSHOT, bytes, parents);
  build(d); // the kernel's own invariants; the state itself is left for the caller (fromState does not keep copies)
  return d;
}

function build(d: DecodedSnapshot): Kernel {
  let kernel: Kernel;
  try {
    kernel = Kernel.fromState(d.config, d.state);
  } catch (e) {
    throw kernelError(e);
  }
  try {
    checkOutside(d);
  } catch (e) {
    throw asSnapshotError(e, "outside", OUTSIDE_VERSION);
  }
  return kernel;
}

/**
 * The outside records must agree with the machine: one reel record per mounted
 * drive, with the identity and position the drive has, in unit order; one
 * terminal record per tty at most, in order. (They are what checkpoint writes.)
 */
function checkOutside(d: DecodedSnapshot): void {
  const fail = (path: string, problem: string): never => {
    throw new SnapshotError(`section "outside" (v1): ${path}: ${problem}`, "outside", path);
  };
  const mounted = d.state.drives.flatMap(({ drive }, unit) => (drive.reel ? [{ unit, drive }] : []));
  d.outside.reels.forEach((r, i) => {
    const at = `$.outside.reels[${i}]`;
    if (i > 0 && r.unit <= d.outside.reels[i - 1]!.unit) fail(`${at}.unit`, `unit ${r.unit} is out of order or repeated`);
    const m = mounted.find((x) => x.unit === r.unit);
    if (!m) fail(`${at}.unit`, `tape unit ${r.unit} has no reel mounted in the machine`);
    const reel = m!.drive.reel!;
    if (r.path !== reel.path || r.size !== reel.size || r.sha256 !== reel.sha256 || r.position !== m!.drive.position || r.writable !== m!.drive.writable) {
      fail(at, `does not match the reel mounted on drive ${r.unit}`);
    }
  });
  for (const m of mounted) if (!d.outside.reels.some((r) => r.unit === m.unit)) fail("$.outside.reels", `drive ${m.unit} has a reel but no record`);
  d.outside.terminals.forEach((t, i) => {
    const at = `$.outside.terminals[${i}].tty`;
    if (t.tty >= d.config.ttys) fail(at, `tty${t.tty} does not exist (${d.config.ttys} terminals)`);
    if (i > 0 && t.tty <= d.outside.terminals[i - 1]!.tty) fail(at, `tty${t.tty} is out of order or repeated`);
  });
}

/** Hex SHA-256 over exactly the state a snapshot holds: equal digests ⇔ equal machines. */
export function digest(kernel: Kernel): string {
  return stateDigest(KERNEL_SNAPSHOT, kernel.config, kernel.state);
}

/** A rejection by Kernel.fromState, named by the section that holds the field; any other exception is our bug. */
function kernelError(e: unknown): SnapshotError | SnapshotBug {
  if (e instanceof StateError) {
    const def = sectionOfPath(KERNEL_SNAPSHOT, e.path);
    return asSnapshotError(e, def?.name ?? null, def?.version ?? null);
  }
  return e instanceof SnapshotError || e instanceof SnapshotBug ? e : new SnapshotBug("the kernel state", e);
}
