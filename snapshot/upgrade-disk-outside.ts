// outside v1 → v2 (issue #9): the outside records gained `disks`. The v1
// schema is spelled out as v0.1.0 wrote it; a v1 machine had no disks.

import { t } from "../state/index.js";
import type { UpgradeStep } from "./sections.js";

const OutsideV1 = t.struct({
  reels: t.array(t.struct({ unit: t.uint, path: t.string, size: t.uint, sha256: t.string, position: t.uint, writable: t.bool }), 256),
  terminals: t.array(t.struct({ tty: t.uint, name: t.string }), 256),
});

export const OUTSIDE_V1_TO_V2: UpgradeStep = {
  from: 1,
  schema: OutsideV1,
  upgrade: (old) => ({ ...(old as object), disks: [] }),
};
