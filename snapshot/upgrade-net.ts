// Section upgrades for the network issue (#11): openFiles v2 → v3 (open files
// gained the "socket" target; every v2 target is still valid, so the step is
// the identity) and the schema of openFiles v2 it decodes with.

import { t } from "../state/index.js";
import type { UpgradeStep } from "./sections.js";

/** The open-file targets of openFiles v2 (disk targets, before sockets). */
const FileTargetV2 = t.union("kind", {
  inode: t.struct({ ino: t.u32 }),
  pipeRead: t.struct({ pipe: t.u32 }),
  pipeWrite: t.struct({ pipe: t.u32 }),
  tty: t.struct({ n: t.u32 }),
  tape: t.struct({ unit: t.u32, rewind: t.bool }),
  null: t.struct({}),
  zero: t.struct({}),
  proc: t.struct({ path: t.string }),
  disk: t.struct({ at: t.u32, path: t.string }),
  host: t.struct({ fd: t.u8 }),
});

const OpenFileV2 = t.struct({ id: t.u32, refs: t.u32, offset: t.uint, flags: t.u32, target: FileTargetV2 });

/** openFiles v2 → v3: sockets became a target kind; nothing else changed. */
export const OPEN_FILES_V2_TO_V3: UpgradeStep = { from: 2, schema: t.map(OpenFileV2), upgrade: (old) => old };
