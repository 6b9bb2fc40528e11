// The drives section's versions. v1 → v2: a reel's identity names its volume
// (VOL1 serial or file name, `labelled`), and a drive records a forced mount
// (`forced`). A v1 reel becomes an unlabelled volume named after its file:
// whether it carries a label is read from the reel itself at the next mount.

import { t } from "../state/index.js";
import { baseName } from "../devices/tape/media.js";
import type { UpgradeStep } from "./sections.js";

const REEL_V1 = t.struct({ path: t.string, size: t.uint, sha256: t.string });

const DRIVE_V1 = t.struct({
  unit: t.u8,
  reel: t.optional(REEL_V1),
  writable: t.bool,
  position: t.uint,
  fileNo: t.int,
  blockNo: t.int,
  bot: t.bool,
  eof: t.bool,
  eot: t.bool,
  online: t.bool,
  lastOp: t.enum("none", "read", "write"),
  dirty: t.bool,
  resid: t.int,
  lastError: t.int,
});

/** The drives table as version 1 wrote it. */
const DRIVES_V1 = t.array(t.struct({ drive: DRIVE_V1, openCount: t.u32 }));

type ReelV1 = { path: string; size: number; sha256: string };
type DevV1 = { drive: { reel: ReelV1 | null } & Record<string, unknown>; openCount: number };

export const DRIVES_SECTION = {
  version: 2,
  upgrades: [
    {
      from: 1,
      schema: DRIVES_V1,
      upgrade: (old: unknown): unknown =>
        (old as DevV1[]).map((d) => ({
          ...d,
          drive: {
            ...d.drive,
            reel: d.drive.reel ? { path: d.drive.reel.path, volume: baseName(d.drive.reel.path), labelled: false, size: d.drive.reel.size, sha256: d.drive.reel.sha256 } : null,
            forced: "",
          },
        })),
    },
  ] as UpgradeStep[],
};
