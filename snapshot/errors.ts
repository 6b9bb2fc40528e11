// The one error class of the snapshot layer. Every way a snapshot can be
// wrong — foreign file, truncation, checksum, version, impossible value —
// ends here as a one-line message naming the section and the field, so the
// CLI can print it and exit 2 and the console can refuse a restart cleanly.

import { StateError } from "../state/index.js";

/** A snapshot that cannot be read or restored. `section`/`path` say where. */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly section: string | null = null,
    readonly path: string | null = null,
  ) {
    super(message);
    this.name = "SnapshotError";
  }
}

/** The message prefix naming a section: `section "pipes" (v1)`. */
export function sectionLabel(name: string, version: number): string {
  return `section "${name}" (v${version})`;
}

/** Wrap whatever a decode/validate step threw as a SnapshotError for `section`. Bugs stay bugs. */
export function asSnapshotError(e: unknown, section: string | null, version: number | null): SnapshotError {
  if (e instanceof SnapshotError) return e;
  const where = section === null ? "snapshot" : sectionLabel(section, version ?? 0);
  if (e instanceof StateError) return new SnapshotError(`${where}: ${e.path}: ${e.problem}`, section, e.path);
  // A RangeError from a typed-array constructor or similar: damage that slipped
  // past a check. Still the user's file, not our crash, so report it the same way.
  if (e instanceof RangeError || e instanceof TypeError) {
    return new SnapshotError(`${where}: ${oneLine(e.message)}`, section, null);
  }
  throw e;
}

/** Collapse a message to one line (errors are printed as exactly one line). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}
