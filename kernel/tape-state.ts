// Declared state of one tape drive as the kernel keeps it: the drive's own
// state (devices/tape) plus how many open files use it. The reel's bytes are
// outside the machine (ReelMedia, a transient of the Kernel).

import { type Infer, t } from "../state/index.js";
import { DriveState } from "../devices/tape/state.js";

export type { ReelMedia, ReelIdentity } from "../devices/tape/media.js";

export const TapeDevState = t.struct({
  drive: DriveState,
  openCount: t.u32,
});
export type TapeDevState = Infer<typeof TapeDevState>;
