// The error classes of the snapshot layer. Every way a snapshot can be wrong —
// foreign file, truncation, checksum, version, impossible value — ends here as
// a SnapshotError: a one-line message naming the section and the field, so the
// CLI can print it and exit 2 and the console can refuse a restart cleanly.
//
// Anything else thrown while reading or validating a snapshot (a RangeError, a
// TypeError, a plain Error) is not the file's fault: every kind of damage is
// caught by an explicit check that throws StateError/SnapshotError. Such an
// exception is a bug in cryobox and becomes a SnapshotBug, which says so,
// keeps the original as `cause` (stack included) and is never reported as a
// damaged snapshot.

import { StateError } from "../state/index.js";
import { safeText } from "./escape.js";

/** A snapshot that cannot be read or restored. `section`/`path` say where. The message is terminal-safe. */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly section: string | null = null,
    readonly path: string | null = null,
  ) {
    // Messages quote names and text from the file: escape them once, here, for every caller.
    super(safeText(message));
    this.name = "SnapshotError";
  }
}

/** A bug in cryobox met while reading, validating or building a snapshot; `cause` is the original exception. */
export class SnapshotBug extends Error {
  constructor(
    readonly where: string,
    override readonly cause: unknown,
  ) {
    const c = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(safeText(oneLine(`a bug in cryobox (not a fault of the snapshot) while reading ${where}: ${c}`)));
    this.name = "SnapshotBug";
  }

  /** The original stack, for CRYOBOX_DEBUG=1. */
  get detail(): string {
    return this.cause instanceof Error && this.cause.stack ? this.cause.stack : String(this.cause);
  }
}

/** The message prefix naming a section: `section "pipes" (v1)`. */
export function sectionLabel(name: string, version: number): string {
  return `section "${name}" (v${version})`;
}

/**
 * Sort whatever a decode/validate step threw: SnapshotError stays, StateError
 * (damage found by a check) becomes a SnapshotError for `section`, anything
 * else is a SnapshotBug — never blamed on the user's file.
 */
export function asSnapshotError(e: unknown, section: string | null, version: number | null): SnapshotError | SnapshotBug {
  if (e instanceof SnapshotError || e instanceof SnapshotBug) return e;
  const where = section === null ? "snapshot" : sectionLabel(section, version ?? 0);
  if (e instanceof StateError) return new SnapshotError(`${where}: ${e.path}: ${e.problem}`, section, e.path);
  return new SnapshotBug(where, e);
}

/** Collapse a message to one line (errors are printed as exactly one line). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}
