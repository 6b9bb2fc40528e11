// Terminal lines attached over TCP (boot --listen) as the kernel keeps them:
// which line a connection holds (table netLines, with the token that gets the
// line back after a restart), the modem-drop hang-up when a connection goes,
// and what a restart does to lines and to connections with the host:
// policy "hangup" (the default) hangs up every line that had a connection, so
// nobody who connects later inherits someone else's shell; "hold" keeps the
// sessions waiting for a client that presents the line's token.

import { ttyChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import { ttyFlush } from "../devices/tty/control.js";
import { sendSignal } from "./signal.js";
import { signalGroup, wakeup } from "./proc.js";
import { SIGCONT, SIGHUP } from "./signals-def.js";
import { winchTty } from "./tty-winsize.js";
import { resetOutside } from "./socket-outside.js";

export type LinePolicy = "hangup" | "hold";

/** A modem drop on tty n: SIGHUP and SIGCONT to its foreground group and session leader; queues flushed. */
export function hangupTty(k: Kernel, n: number): void {
  const tty = k.state.ttys[n];
  if (!tty) return;
  if (tty.fgPgrp > 0) {
    signalGroup(k, tty.fgPgrp, SIGHUP);
    signalGroup(k, tty.fgPgrp, SIGCONT);
  }
  if (tty.sid > 0) {
    sendSignal(k, tty.sid, SIGHUP, false);
    sendSignal(k, tty.sid, SIGCONT, false);
  }
  ttyFlush(tty.ld, 2);
  wakeup(k, ttyChan(n, "in"));
  wakeup(k, ttyChan(n, "out"));
}

/** The lowest line (tty1 and up; tty0 is the operator's) that no connection holds, or −1. */
export function freeLine(k: Kernel): number {
  for (let n = 1; n < k.state.ttys.length; n++) if (!k.state.netLines.some((l) => l.tty === n)) return n;
  return -1;
}

/** Record that a connection from `peer` now holds tty n, with the token that reclaims it after a restart. */
export function attachLine(k: Kernel, n: number, peer: string, token: string): void {
  const lines = k.state.netLines.filter((l) => l.tty !== n);
  lines.push({ tty: n, peer, token, held: false });
  k.state.netLines = lines.sort((a, b) => a.tty - b.tty);
}

/** The connection holding tty n closed: forget it and hang the line up. */
export function detachLine(k: Kernel, n: number): void {
  k.state.netLines = k.state.netLines.filter((l) => l.tty !== n);
  hangupTty(k, n);
}

/** A client presented `token`: the held line it names (now attached to `peer`, repainted by SIGWINCH), or −1. */
export function reclaimLine(k: Kernel, token: string, peer: string): number {
  const line = k.state.netLines.find((l) => l.held && token.length > 0 && l.token === token);
  if (!line) return -1;
  line.held = false;
  line.peer = peer;
  winchTty(k, line.tty);
  return line.tty;
}

/** Are any lines waiting for their token? */
export function heldLines(k: Kernel): number[] {
  return k.state.netLines.filter((l) => l.held).map((l) => l.tty);
}

/**
 * A restart: connections are gone. Lines that had one are hung up (policy
 * hangup) or held for their token (policy hold); connections with the host
 * are reset (socket-outside.ts). One note per line and connection.
 */
export function restartNetwork(k: Kernel, policy: LinePolicy): string[] {
  const notes: string[] = [];
  for (const line of [...k.state.netLines]) {
    if (line.held) {
      notes.push(`tty${line.tty}: still held for its token`);
    } else if (policy === "hold") {
      line.held = true;
      notes.push(`tty${line.tty}: held for the client with its token (was ${line.peer})`);
    } else {
      detachLine(k, line.tty);
      notes.push(`tty${line.tty}: hung up (its connection from ${line.peer} is gone)`);
    }
  }
  notes.push(...resetOutside(k));
  return notes;
}
