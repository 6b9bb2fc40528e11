// A terminal's window size from outside or inside the machine: TIOCSWINSZ from
// a guest and a resize of the host window (the operator's terminal, a network
// client's NAWS) take the same path, so they agree: any change of rows, columns
// or pixels sends SIGWINCH to the foreground process group, as Linux's
// tty_do_resize does.

import type { Kernel } from "./kernel.js";
import { ttySetWinsize } from "../devices/tty/control.js";
import type { Winsize } from "../devices/tty/termios.js";
import { signalGroup } from "./proc.js";
import { SIGWINCH } from "./signals-def.js";

/** Set tty n's window size; SIGWINCH to its foreground group when anything changed. Returns whether it changed. */
export function resizeTty(k: Kernel, n: number, ws: Winsize): boolean {
  const tty = k.state.ttys[n];
  if (!tty) throw new RangeError(`no terminal tty${n} (this machine has ${k.state.ttys.length})`);
  const changed = ttySetWinsize(tty.ld, ws);
  if (changed) winchTty(k, n);
  return changed;
}

/** SIGWINCH to tty n's foreground group (a repaint request, e.g. after a restart on a new screen). */
export function winchTty(k: Kernel, n: number): void {
  const tty = k.state.ttys[n];
  if (tty && tty.fgPgrp > 0) signalGroup(k, tty.fgPgrp, SIGWINCH);
}
