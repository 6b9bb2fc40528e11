// The Machine's reel requests, passed to the kernel (the one owner of loaded
// reels): mount/unmount by the operator, and the reel part of a restart —
// which reels to re-attach, and the report of what happened to each drive.
//
// A restart opens no host file the operator did not name: a reel comes back
// only when given (`tapes`, `--tape UNIT=PATH`, any path: identity is checked
// by content) or when the operator explicitly trusts the paths the snapshot
// recorded (`trustReelPaths`, `--trust-reel-paths`). Every other drive that
// had a reel restarts offline, waiting for its volume.

import { safeText } from "../snapshot/escape.js";
import type { Kernel, ReelIdentity } from "../kernel/kernel.js";
import { type MountReport, ReelRefused, tapeAwaitMissing, tapePlace, tapeRequests } from "../kernel/tape.js";
import { ReelError } from "../devices/tape/media.js";
import { type Reel, type ReelSpec, openReelSpec } from "./reels.js";

export interface ReelRestoreOptions {
  /** reels to mount, by unit (any host path or media: checked by content against what the drive expects) */
  tapes?: Record<number, ReelSpec>;
  /** reopen the host paths the snapshot recorded for drives not given in `tapes` (off by default: a snapshot may come from someone else) */
  trustReelPaths?: boolean;
  /** leave every drive not given in `tapes` waiting (the default unless trustReelPaths) */
  noReels?: boolean;
}

/** A reel loaded on a drive, as the Machine shows it. */
export interface MountedReel {
  source: string;
  identity: ReelIdentity;
  writable: boolean;
}

function checkUnit(kernel: Kernel, unit: number): void {
  if (!Number.isInteger(unit) || unit < 0 || unit >= kernel.config.drives) {
    throw new RangeError(`no tape unit ${unit} (this machine has ${kernel.config.drives} drive${kernel.config.drives === 1 ? "" : "s"})`);
  }
}

/** Open `spec` and hand it to the kernel for drive `unit`; the reel is closed again when refused. */
export function mountOnDrive(kernel: Kernel, unit: number, spec: ReelSpec, opts: { readOnly?: boolean; force?: boolean } = {}): MountReport {
  checkUnit(kernel, unit);
  const d = kernel.state.drives[unit]!;
  // A drive that waits for its volume gets an existing reel; an empty drive may get a fresh one.
  const waiting = d.drive.reel !== null && kernel.reels.media(unit) === null;
  const r: Reel = openReelSpec(spec, { readOnly: opts.readOnly ?? false, create: !waiting });
  try {
    return kernel.mountReel(unit, r.loaded, r.identity, r.writable, opts.force ?? false);
  } catch (e) {
    r.loaded.close?.();
    throw e;
  }
}

/** The reels loaded now, by unit. */
export function mountedReels(kernel: Kernel): Map<number, MountedReel> {
  const out = new Map<number, MountedReel>();
  for (const unit of kernel.reels.units()) {
    const d = kernel.state.drives[unit]!.drive;
    if (d.reel) out.set(unit, { source: kernel.reels.get(unit)!.source, identity: d.reel, writable: d.writable });
  }
  return out;
}

/**
 * After a restore: mount the reels given or trusted, leave the other drives waiting. Returns the
 * report, one line per drive that had or got a reel. Throws RangeError for a unit the machine lacks.
 */
export function reattachReels(kernel: Kernel, opts: ReelRestoreOptions): string[] {
  const tapes = opts.tapes ?? {};
  const units = Object.keys(tapes).map(Number);
  for (const u of units) checkUnit(kernel, u);
  const lines: string[] = [];
  kernel.state.drives.forEach((d, unit) => {
    const given = tapes[unit];
    const rec = d.drive.reel;
    const spec: ReelSpec | undefined = given ?? (rec && opts.trustReelPaths && !opts.noReels ? (d.drive.writable ? rec.path : `${rec.path}:ro`) : undefined);
    if (spec === undefined) return;
    try {
      const r = mountOnDrive(kernel, unit, spec);
      const from = kernel.reels.get(unit)!.source;
      lines.push(`${r.message}; re-attached from ${from}${given === undefined ? " (path recorded in the snapshot, trusted)" : ""}`);
    } catch (e) {
      if (e instanceof ReelError || e instanceof ReelRefused) lines.push(e.message.startsWith("tape") ? e.message : `tape${unit}: ${e.message}`);
      else throw e;
    }
  });
  tapeAwaitMissing(kernel);
  for (const q of tapeRequests(kernel)) {
    const d = kernel.state.drives[q.unit]!;
    lines.push(
      `tape${q.unit}: volume ${q.volume} not mounted — drive offline, waiting at ${tapePlace(d)}${q.writable ? ", write ring in" : ""}; ` +
        `a process touching it waits: mount it with 'mount tape${q.unit} REEL'`,
    );
  }
  return lines;
}

/** The operator's view of drives waiting for a volume (console, after `run`). */
export function mountRequests(kernel: Kernel): string[] {
  return tapeRequests(kernel)
    .filter((q) => q.waiting.length > 0)
    .map((q) => safeText(`tape${q.unit}: ${q.waiting.join(", ")} waits for volume ${q.volume}: mount it with 'mount tape${q.unit} REEL'`)); // the volume is text from the state: escaped
}
