// Declared state of one terminal as the kernel keeps it: the line
// discipline's own state (devices/tty) plus the job-control owners that are
// kernel policy (the session holding it and its foreground process group).

import { type Infer, t } from "../state/index.js";
import { TtyState } from "../devices/tty/state.js";

export const TtyDevState = t.struct({
  ld: TtyState,
  sid: t.int, // session whose controlling terminal this is, −1 = none
  fgPgrp: t.int, // foreground process group, −1 = none
});
export type TtyDevState = Infer<typeof TtyDevState>;
