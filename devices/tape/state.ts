// The declared state of one tape drive: what is mounted (the reel's identity,
// not its bytes), where the head is, the file/block counters Linux reports in
// struct mtget, the status flags and the result of the last operation.

import { type Infer, t } from "../../state/index.js";
import { ReelIdentity } from "./media.js";

export const DriveState = t.struct({
  /** drive number: /dev/rmt<unit>, /dev/nrmt<unit> */
  unit: t.u8,
  /**
   * the volume on the drive, as identified at mount (or refreshed by driveRefreshIdentity); null = no
   * reel. With `online` false it is the volume the drive waits for (a restart without its reel): the
   * position fields keep where the head must be when the operator mounts it again.
   */
  reel: t.optional(ReelIdentity),
  /** the reel is write-enabled (mounted without `ro`) */
  writable: t.bool,
  /** byte offset of the head in the reel, always at an object boundary */
  position: t.uint,
  /** tape file number (tape marks passed since BOT); −1 when unknown */
  fileNo: t.int,
  /** record number within the file; −1 when unknown */
  blockNo: t.int,
  /** at beginning of tape */
  bot: t.bool,
  /** the last read or space operation stopped at a tape mark */
  eof: t.bool,
  /** at end of recorded data / end of medium */
  eot: t.bool,
  /** a reel is mounted and ready (its bytes are reachable) */
  online: t.bool,
  /** the last data operation: a close after "write" writes a tape mark */
  lastOp: t.enum("none", "read", "write"),
  /** the reel was written since its identity was computed */
  dirty: t.bool,
  /** mt_resid: the count left undone by the last operation */
  resid: t.int,
  /** errno of the last failed operation (0 = none) */
  lastError: t.int,
  /** the operator forced this reel on although it had changed since a checkpoint: what changed ("" = not forced) */
  forced: t.string,
});
export type DriveState = Infer<typeof DriveState>;

/** An empty drive (no reel). */
export function newDrive(unit: number): DriveState {
  return {
    unit,
    reel: null,
    writable: false,
    position: 0,
    fileNo: 0,
    blockNo: 0,
    bot: false,
    eof: false,
    eot: false,
    online: false,
    lastOp: "none",
    dirty: false,
    resid: 0,
    lastError: 0,
    forced: "",
  };
}
