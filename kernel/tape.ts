// Tape glue: /dev/rmtN (rewinds on last close) and /dev/nrmtN (does not).
// The drive's state is declared (devices/tape DriveState); the reel's bytes
// are reached through the transient ReelMedia the operator attached.

import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import type { ReelIdentity, ReelMedia } from "./tape-state.js";
import type { TapeDevState } from "./tape-state.js";
import { newDrive } from "../devices/tape/state.js";
import { type TapeResult, closeDevice, driveStatus, mountReel, mtOp, readRecord, unmountReel, writeRecord } from "../devices/tape/drive.js";
import { MTIOCGET, MTIOCPOS, MTIOCTOP, MTOP_SIZE, mtgetToBytes, mtopFromBytes, mtposToBytes } from "../devices/tape/mtio.js";
import { EFAULT, EINVAL, ENOMEDIUM, ENOTTY, ENXIO } from "./errno.js";
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
  const r = d.drive.reel;
  if (!k.reels[unit] && d.drive.online && r && r.size === identity.size && r.sha256 === identity.sha256) {
    // After a restore the drive state still holds this very reel (same size and contents) but no
    // media handle: reconnect the media and keep the position (SCENARIOS 7, 11), do not rewind.
    d.drive.writable = writable;
  } else mountReel(d.drive, identity, writable);
  k.reels[unit] = media;
  wakeup(k, `tape:${unit}`);
}

/** The operator unmounts drive `unit`. */
export function tapeDetach(k: Kernel, unit: number): void {
  const d = dev(k, unit);
  unmountReel(d.drive);
  k.reels[unit] = null;
}

function errnoOf(r: TapeResult): number {
  if (r.kind === "ok") return 0;
  if (r.kind === "offline") return -ENOMEDIUM;
  return -r.errno;
}

/** After an operation: a drive that went offline (MTOFFL) drops its media handle. */
function settle(k: Kernel, unit: number): void {
  const d = k.state.drives[unit];
  if (d && !d.drive.online) k.reels[unit] = null;
}

/** read(2) on a tape: one record (truncated to len), 0 at a tape mark or end of data. */
export function tapeRead(k: Kernel, unit: number, len: number): Uint8Array | number {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  const r = readRecord(d.drive, k.reels[unit] ?? null, len);
  switch (r.kind) {
    case "data":
      return r.bytes;
    case "tapemark":
    case "eom":
      return new Uint8Array(0);
    case "offline":
      return -ENOMEDIUM;
    case "error":
      return -r.errno;
  }
}

/** write(2) on a tape: one record. */
export function tapeWrite(k: Kernel, unit: number, data: Uint8Array): number {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  const e = errnoOf(writeRecord(d.drive, k.reels[unit] ?? null, data));
  return e < 0 ? e : data.length;
}

/** ioctl on a tape: MTIOCTOP, MTIOCGET, MTIOCPOS. */
export function tapeIoctl(k: Kernel, p: ProcState, unit: number, req: number, arg: number): number {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  const mem = k.mem(p);
  if (req === MTIOCTOP) {
    const b = mem.copyIn(arg, MTOP_SIZE);
    if (!b) return -EFAULT;
    const op = mtopFromBytes(b);
    if (!op) return -EINVAL;
    const e = errnoOf(mtOp(d.drive, k.reels[unit] ?? null, op.op, op.count));
    settle(k, unit);
    return e;
  }
  if (req === MTIOCGET) return mem.copyOut(arg, mtgetToBytes(driveStatus(d.drive))) ? 0 : -EFAULT;
  if (req === MTIOCPOS) return mem.copyOut(arg, mtposToBytes(d.drive.blockNo)) ? 0 : -EFAULT;
  return -ENOTTY;
}

/** Last close of a tape file: a tape mark after writes, and a rewind for /dev/rmtN. */
export function tapeClose(k: Kernel, unit: number, rewind: boolean): void {
  const d = k.state.drives[unit];
  if (!d) return;
  if (d.openCount > 0) d.openCount--;
  closeDevice(d.drive, k.reels[unit] ?? null, rewind);
  settle(k, unit);
}
