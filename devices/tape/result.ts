// Results of tape operations and the small helpers that set the drive's
// status fields (errno, resid, BOT/EOF/EOT) consistently for every operation.

import { type DriveState } from "./state.js";

/** Linux errno values the drive reports. */
export const TapeErrno = { EIO: 5, EACCES: 13, EINVAL: 22, ENOSPC: 28, ENOMEDIUM: 123 } as const;

/** Outcome of an operation other than a read. */
export type TapeResult = { kind: "ok" } | { kind: "error"; errno: number; reason: string } | { kind: "offline" };

/** Outcome of reading one record. */
export type ReadResult =
  /** `bytes` = the first `max` bytes of a record of `length` bytes (the rest is skipped) */
  | { kind: "data"; bytes: Uint8Array; length: number }
  /** a tape mark: read returns 0; the head is after the mark, in the next file */
  | { kind: "tapemark" }
  /** end of recorded data / end of medium: read returns 0; the head does not move */
  | { kind: "eom" }
  /** a bad or damaged record: read fails (EIO); the head is past it */
  | { kind: "error"; errno: number; reason: string }
  /** no reel mounted */
  | { kind: "offline" };

/** The one success value. */
export const OK: TapeResult = { kind: "ok" };

/** Record a failure (errno, resid) in the drive and return it. */
export function fail(s: DriveState, errno: number, reason: string, resid = 0): { kind: "error"; errno: number; reason: string } {
  s.lastError = errno;
  s.resid = resid;
  return { kind: "error", errno, reason };
}

/** Record a success (no error, nothing left undone). */
export function succeed(s: DriveState): TapeResult {
  s.lastError = 0;
  s.resid = 0;
  return OK;
}

/** The head at beginning of tape. */
export function atBot(s: DriveState): void {
  s.position = 0;
  s.fileNo = 0;
  s.blockNo = 0;
  s.bot = true;
  s.eof = false;
  s.eot = false;
}

/** After motion away from a mark or the end: recompute BOT, clear EOF/EOT. */
export function moved(s: DriveState): void {
  s.bot = s.position === 0;
  s.eof = false;
  s.eot = false;
}
