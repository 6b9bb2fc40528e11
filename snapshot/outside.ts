// The outside world a snapshot depends on (DESIGN rule 5): tape reels and the
// host terminals. Their contents are not in the snapshot; their identity is,
// so a restart can check it (verification is ROADMAP 1) and inspect can show
// what must be at hand to restart.

import { type Infer, t } from "../state/index.js";
import { DiskRecord } from "./outside-disk.js";

export const ReelRecord = t.struct({
  unit: t.uint,
  path: t.string, // host path of the .tap image when checkpointed
  size: t.uint, // its size in bytes then
  sha256: t.string, // hex SHA-256 of its contents then
  position: t.uint, // byte offset of the drive in the image
  writable: t.bool,
});
export type ReelRecord = Infer<typeof ReelRecord>;

export const TerminalRecord = t.struct({
  tty: t.uint,
  name: t.string, // what the host attached to ttyN: "stdio", "memory", a device path, …
});
export type TerminalRecord = Infer<typeof TerminalRecord>;

export const OutsideSchema = t.struct({
  reels: t.array(ReelRecord, 256),
  terminals: t.array(TerminalRecord, 256),
  disks: t.array(DiskRecord, 256), // outside-disk.ts (#9)
});
export type Outside = Infer<typeof OutsideSchema>;

/** What the caller knows of the outside world, merged with what the kernel state says. */
export interface OutsideHint {
  reels?: ReelRecord[];
  terminals?: TerminalRecord[];
  /** carry the contents of open disk files (checkpoint-system --with-files), for restart policy "replace" */
  withFiles?: boolean;
}
