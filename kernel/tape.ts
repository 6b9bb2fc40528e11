// Tape glue: /dev/rmtN (rewinds on last close) and /dev/nrmtN (does not).
// The drive's state is declared (devices/tape DriveState); the reel's bytes
// are reached through the transient ReelMedia the operator attached.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import type { ReelIdentity, ReelMedia } from "./tape-state.js";
import type { TapeDevState } from "./tape-state.js";
import { newDrive } from "../devices/tape/state.js";
import { EIO, ENOMEDIUM, ENOTTY } from "./errno.js";
import { wakeup } from "./proc.js";

/** A drive with no reel. */
export function newTapeDev(unit: number): TapeDevState {
  return { drive: newDrive(unit), openCount: 0 };
}

function dev(k: Kernel, unit: number): TapeDevState {
  const d = k.state.drives[unit];
  if (!d) throw new RangeError(`No tape drive ${unit} (this machine has ${k.state.drives.length})`);
  return d;
}

/** The operator mounts a reel on drive `unit`. */
export function tapeAttach(k: Kernel, unit: number, media: ReelMedia, identity: ReelIdentity, writable: boolean): void {
  const d = dev(k, unit);
  d.drive = { ...newDrive(unit), reel: { ...identity }, writable, online: true, bot: true };
  k.reels[unit] = media;
  wakeup(k, `tape:${unit}`);
}

/** The operator unmounts drive `unit`. */
export function tapeDetach(k: Kernel, unit: number): void {
  const d = dev(k, unit);
  d.drive = newDrive(unit);
  k.reels[unit] = null;
}

/** read(2) on a tape: one record. */
export function tapeRead(k: Kernel, unit: number, _len: number): Uint8Array | number {
  const d = k.state.drives[unit];
  if (!d || !d.drive.online || !k.reels[unit]) return -ENOMEDIUM;
  return -EIO;
}

/** write(2) on a tape: one record. */
export function tapeWrite(k: Kernel, unit: number, _data: Uint8Array): number {
  const d = k.state.drives[unit];
  if (!d || !d.drive.online || !k.reels[unit]) return -ENOMEDIUM;
  return -EIO;
}

/** ioctl on a tape (MTIOCTOP, MTIOCGET). */
export function tapeIoctl(_k: Kernel, _p: ProcState, _unit: number, _req: number, _arg: number): number {
  return -ENOTTY;
}

/** Last close of a tape file. */
export function tapeClose(k: Kernel, unit: number, _rewind: boolean): void {
  const d = k.state.drives[unit];
  if (d && d.openCount > 0) d.openCount--;
}
