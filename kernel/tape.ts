// Tape glue: /dev/rmtN (rewinds on last close) and /dev/nrmtN (does not).
// The drive's state is declared (devices/tape DriveState); the reel's bytes
// are reached through the kernel's ReelSlots (tape-media.ts), the one owner of
// loaded reels. A drive that keeps a volume's identity but has no reel loaded
// (a restart without its reel) waits for it: a process touching it sleeps on
// `tape:N` as plain data, the console is told which volume to mount, and the
// mount (tapeMount) verifies the volume, puts the head back and wakes it.

import { sameChan, tapeChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import type { ReelIdentity } from "./tape-state.js";
import type { TapeDevState } from "./tape-state.js";
import type { LoadedReel } from "./tape-media.js";
import { newDrive } from "../devices/tape/state.js";
import {
  type TapeResult, closeDevice, driveLoseReel, driveReload, driveStatus, mountReel, mtOp, readRecord, unmountReel, writeRecord,
} from "../devices/tape/drive.js";
import { judgeReel } from "../devices/tape/verify.js";
import { MTIOCGET, MTIOCPOS, MTIOCTOP, MTIOCVOL, MTOP_SIZE, mtgetToBytes, mtopFromBytes, mtposToBytes, mtvolToBytes } from "../devices/tape/mtio.js";
import { EFAULT, EINVAL, ENOMEDIUM, ENOTTY, ENXIO } from "./errno.js";
import { wakeup } from "./proc.js";
import { block, type Block } from "./result.js";
import { ttyKernelWrite } from "./tty.js";

/** An operator mount or unmount that cannot be done; the drive is left as it was. One line. */
export class ReelRefused extends Error {
  override name = "ReelRefused";
}

/** What a successful mount did, in one line for the operator. */
export interface MountReport {
  kind: "mounted" | "repositioned" | "grown" | "forced";
  message: string;
}

/** A drive with no reel. */
export function newTapeDev(unit: number): TapeDevState {
  return { drive: newDrive(unit), openCount: 0 };
}

function dev(k: Kernel, unit: number): TapeDevState {
  const d = k.state.drives[unit];
  if (!d || !Number.isInteger(unit)) throw new ReelRefused(`no tape drive ${unit} (this machine has ${k.state.drives.length})`);
  return d;
}

/** Does drive `unit` hold a volume's identity without its reel loaded (it waits for the volume)? */
export function tapeWaiting(k: Kernel, unit: number): boolean {
  const d = k.state.drives[unit];
  return !!d && d.drive.reel !== null && k.reels.media(unit) === null;
}

/** Where the head of a drive is, in words. */
export function tapePlace(d: TapeDevState): string {
  return `file ${d.drive.fileNo}, block ${d.drive.blockNo} (byte ${d.drive.position})`;
}

/** The processes sleeping on drive `unit`, "pid 12 (dd)". */
function sleepers(k: Kernel, unit: number): string[] {
  const out: string[] = [];
  for (const p of k.state.procs.values()) if (p.state === "sleeping" && sameChan(p.chan, tapeChan(unit))) out.push(`pid ${p.pid} (${p.comm})`);
  return out;
}

/**
 * The operator mounts `reel` on drive `unit`. On a drive waiting for its volume the reel is
 * verified against the identity the drive kept (devices/tape/verify.ts) and, when accepted, the head
 * goes back where it was and sleepers wake; a refusal throws ReelRefused and leaves the drive waiting
 * (the caller keeps the reel and closes it). On an empty drive the reel is mounted at BOT. A drive
 * with a reel that a process holds open is never reloaded under it.
 */
export function tapeMount(k: Kernel, unit: number, reel: LoadedReel, identity: ReelIdentity, writable: boolean, force = false): MountReport {
  const d = dev(k, unit);
  const s = d.drive;
  if (tapeWaiting(k, unit)) {
    const exp = s.reel!;
    const v = judgeReel({ identity: exp, position: s.position, writable: s.writable }, identity, reel.media, { writable, force });
    const place = tapePlace(d);
    let report: MountReport;
    switch (v.kind) {
      case "refused": {
        const who = sleepers(k, unit);
        throw new ReelRefused(`tape${unit}: ${v.reason}; the drive still waits for ${exp.volume}${who.length ? ` (${who.join(", ")})` : ""}`);
      }
      case "same":
        driveReload(s, identity, writable, "");
        report = { kind: "repositioned", message: `tape${unit}: ${identity.volume} verified, positioned at ${place}` };
        break;
      case "grown":
        // Nothing is cut here: the job's next write (or tape mark) truncates at the head, as a drive does.
        driveReload(s, identity, writable, "");
        report = {
          kind: "grown",
          message: `tape${unit}: ${identity.volume} was written on after the checkpoint (${v.keep} → ${v.found} bytes, the first ${v.keep} unchanged): positioned at ${place}; the job rewrites what follows`,
        };
        break;
      case "forced": {
        const note = `forced at ${k.state.clock} ticks: ${v.change}`;
        driveReload(s, identity, writable, note);
        report = { kind: "forced", message: `tape${unit}: ${identity.volume} changed since the checkpoint (${v.change}); mounted anyway (forced), positioned at ${place}` };
        break;
      }
    }
    k.reels.put(unit, reel);
    wakeup(k, tapeChan(unit));
    return report;
  }
  if (s.reel !== null && d.openCount > 0) {
    throw new ReelRefused(`tape${unit}: ${s.reel.volume} is in use (${holders(k, unit)}); not replaced under it`);
  }
  mountReel(s, identity, writable);
  k.reels.put(unit, reel);
  wakeup(k, tapeChan(unit));
  return { kind: "mounted", message: `tape${unit}: ${identity.volume} mounted at BOT${writable ? "" : " read-only"}` };
}

/** Which processes hold drive `unit` open. */
function holders(k: Kernel, unit: number): string {
  const pids = new Set<string>();
  for (const p of k.state.procs.values()) {
    for (const slot of p.fds) {
      const f = slot.file >= 0 ? k.state.openFiles.get(slot.file) : undefined;
      if (f && f.target.kind === "tape" && f.target.unit === unit) pids.add(`pid ${p.pid} (${p.comm})`);
    }
  }
  return pids.size ? [...pids].join(", ") : "open";
}

/** The operator unloads drive `unit` (the drive goes empty). Refused while a process holds it open, unless forced. */
export function tapeUnmount(k: Kernel, unit: number, force = false): void {
  const d = dev(k, unit);
  if (d.openCount > 0 && !force && d.drive.reel !== null) {
    throw new ReelRefused(`tape${unit}: ${d.drive.reel.volume} is in use (${holders(k, unit)}); unmount refused`);
  }
  unmountReel(d.drive);
  k.reels.release(unit);
  wakeup(k, tapeChan(unit)); // a process waiting for the volume now finds no reel: ENOMEDIUM, not an endless sleep
}

/** After a restart: every drive whose reel was not loaded goes offline and waits for its volume. Returns those units. */
export function tapeAwaitMissing(k: Kernel): number[] {
  const out: number[] = [];
  k.state.drives.forEach((d, unit) => {
    if (d.drive.reel !== null && k.reels.media(unit) === null) {
      driveLoseReel(d.drive);
      out.push(unit);
    }
  });
  return out;
}

/** The drives waiting for a volume, with who waits: what the operator must mount. */
export function tapeRequests(k: Kernel): { unit: number; volume: string; place: string; writable: boolean; waiting: string[] }[] {
  return k.state.drives.flatMap((d, unit) =>
    tapeWaiting(k, unit) ? [{ unit, volume: d.drive.reel!.volume, place: tapePlace(d), writable: d.drive.writable, waiting: sleepers(k, unit) }] : [],
  );
}

/** A process touches a drive that waits for its volume: sleep, and tell the console which volume to mount. */
function waitForVolume(k: Kernel, p: ProcState, unit: number): Block {
  const d = k.state.drives[unit]!;
  const vol = d.drive.reel!.volume;
  ttyKernelWrite(k, 0, `\r\ntape${unit}: pid ${p.pid} (${p.comm}) waits for volume ${vol}${d.drive.writable ? " (write ring in)" : ""}: mount it on tape${unit}\r\n`);
  return block(tapeChan(unit));
}

function errnoOf(r: TapeResult): number {
  if (r.kind === "ok") return 0;
  if (r.kind === "offline") return -ENOMEDIUM;
  return -r.errno;
}

/** After an operation: a drive that went empty (MTOFFL by the guest) releases its reel. */
function settle(k: Kernel, unit: number): void {
  const d = k.state.drives[unit];
  if (d && d.drive.reel === null) k.reels.release(unit);
}

/** read(2) on a tape: one record (truncated to len), 0 at a tape mark or end of data. */
export function tapeRead(k: Kernel, p: ProcState, unit: number, len: number): Uint8Array | number | Block {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  if (tapeWaiting(k, unit)) return waitForVolume(k, p, unit);
  const r = readRecord(d.drive, k.reels.media(unit), len);
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
export function tapeWrite(k: Kernel, p: ProcState, unit: number, data: Uint8Array): number | Block {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  if (tapeWaiting(k, unit)) return waitForVolume(k, p, unit);
  const e = errnoOf(writeRecord(d.drive, k.reels.media(unit), data));
  return e < 0 ? e : data.length;
}

/** ioctl on a tape: MTIOCTOP (waits for an awaited volume), MTIOCGET, MTIOCPOS, MTIOCVOL (never wait). */
export function tapeIoctl(k: Kernel, p: ProcState, unit: number, req: number, arg: number): number | Block {
  const d = k.state.drives[unit];
  if (!d) return -ENXIO;
  const mem = k.mem(p);
  if (req === MTIOCTOP) {
    const b = mem.copyIn(arg, MTOP_SIZE);
    if (!b) return -EFAULT;
    const op = mtopFromBytes(b);
    if (!op) return -EINVAL;
    if (tapeWaiting(k, unit)) return waitForVolume(k, p, unit);
    const e = errnoOf(mtOp(d.drive, k.reels.media(unit), op.op, op.count));
    settle(k, unit);
    return e;
  }
  if (req === MTIOCGET) return mem.copyOut(arg, mtgetToBytes(driveStatus(d.drive))) ? 0 : -EFAULT;
  if (req === MTIOCPOS) return mem.copyOut(arg, mtposToBytes(d.drive.blockNo)) ? 0 : -EFAULT;
  if (req === MTIOCVOL) return mem.copyOut(arg, mtvolToBytes(d.drive.reel?.volume ?? "")) ? 0 : -EFAULT;
  return -ENOTTY;
}

/**
 * Last close of a tape file: a tape mark after writes, and a rewind for /dev/rmtN. On a drive that
 * waits for its volume nothing can move: the close completes and the head stays where the volume
 * must be put back.
 */
export function tapeClose(k: Kernel, unit: number, rewind: boolean): void {
  const d = k.state.drives[unit];
  if (!d) return;
  if (d.openCount > 0) d.openCount--;
  if (tapeWaiting(k, unit)) return;
  closeDevice(d.drive, k.reels.media(unit), rewind);
  settle(k, unit);
}
