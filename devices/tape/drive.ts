// The tape drive: pure operations over (DriveState, ReelMedia). Record reads
// and writes keep record boundaries, tape marks separate files, MTIOCTOP
// operations move the head with Linux st semantics (motion.ts), MTIOCGET
// reports status. A damaged reel yields error results, never a host
// exception; a host I/O failure on the reel also becomes EIO.

import { type DriveState } from "./state.js";
import { MAX_REEL_BYTES, type ReelIdentity, type ReelMedia, baseName, reelIdentity, volumeLabel } from "./media.js";
import { MAX_RECORD, encodeMark, encodeRecord, objectAt, recordData } from "./format.js";
import { GMT, MT_ISSCSI2, MtOp, type MtGet } from "./mtio.js";
import { OK, TapeErrno, type ReadResult, type TapeResult, atBot, fail, moved, succeed } from "./result.js";
import { backFiles, backRecords, spaceFiles, spaceRecords, toEndOfData } from "./motion.js";

export { TapeErrno, type ReadResult, type TapeResult } from "./result.js";

/** Run `op` on a mounted reel; offline without one; a host exception from the media becomes EIO. */
function withMedia<R>(s: DriveState, media: ReelMedia | null, op: (m: ReelMedia) => R): R | { kind: "offline" } | { kind: "error"; errno: number; reason: string } {
  if (!s.online || s.reel === null || media === null) return { kind: "offline" };
  try {
    return op(media);
  } catch (e) {
    return fail(s, TapeErrno.EIO, `reel I/O failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Operator: put a reel on the drive (head at BOT). */
export function mountReel(s: DriveState, identity: ReelIdentity, writable: boolean): void {
  s.reel = { ...identity };
  s.writable = writable;
  s.online = true;
  s.dirty = false;
  atBot(s);
  s.eot = identity.size === 0;
  s.lastOp = "none";
  s.lastError = 0;
  s.resid = 0;
  s.forced = "";
}

/** Operator (or MTOFFL): take the reel off; the kernel then drops its media handle. */
export function unmountReel(s: DriveState): void {
  s.reel = null;
  s.writable = false;
  s.online = false;
  s.dirty = false;
  s.position = 0;
  s.fileNo = 0;
  s.blockNo = 0;
  s.bot = false;
  s.eof = false;
  s.eot = false;
  s.lastOp = "none";
  s.forced = "";
}

/** Is the drive waiting for its volume (a reel identity kept, the reel itself not loaded)? */
export function driveAwaiting(s: DriveState): boolean {
  return s.reel !== null && !s.online;
}

/** The reel was taken away while the drive holds its place (restart without the reel): wait for it. */
export function driveLoseReel(s: DriveState): void {
  if (s.reel !== null) s.online = false;
}

/** The awaited volume is back (verified by the caller): online again at the recorded head position. */
export function driveReload(s: DriveState, identity: ReelIdentity, writable: boolean, forced: string): void {
  s.reel = { ...identity };
  s.writable = writable;
  s.online = true;
  s.dirty = false;
  if (forced !== "") s.forced = forced;
}

/** Recompute the mounted reel's identity after writes (the snapshot records the reel as it is now). */
export function driveRefreshIdentity(s: DriveState, media: ReelMedia): void {
  if (s.reel === null) return;
  s.reel = reelIdentity(s.reel.path, media);
  s.dirty = false;
}

/** A write at BOT may have written (or destroyed) a VOL1 label: the volume name follows at once (`mt status`). */
function relabel(s: DriveState, m: ReelMedia, start: number): void {
  if (start !== 0 || s.reel === null) return;
  const label = volumeLabel(m);
  s.reel.volume = label ?? baseName(s.reel.path);
  s.reel.labelled = label !== null;
}

/** Read the next record, returning at most `max` bytes of it (the rest of a longer record is skipped). */
export function readRecord(s: DriveState, media: ReelMedia | null, max: number): ReadResult {
  return withMedia(s, media, (m): ReadResult => {
    if (max <= 0) return { kind: "data", bytes: new Uint8Array(0), length: 0 }; // read(fd, buf, 0): no motion, as st
    const o = objectAt(m, s.position);
    s.lastOp = "read";
    switch (o.kind) {
      case "eom":
        s.position = o.start;
        s.bot = s.position === 0;
        s.eof = false;
        s.eot = true;
        succeed(s);
        return { kind: "eom" };
      case "mark":
        s.position = o.next;
        s.fileNo++;
        s.blockNo = 0;
        s.bot = false;
        s.eof = true;
        s.eot = false;
        succeed(s);
        return { kind: "tapemark" };
      case "corrupt":
        s.position = o.next;
        s.blockNo++;
        moved(s);
        return fail(s, TapeErrno.EIO, o.reason);
      case "data": {
        s.position = o.next;
        s.blockNo++;
        moved(s);
        if (o.bad) return fail(s, TapeErrno.EIO, `bad data record of ${o.length} bytes at offset ${o.start}`);
        const bytes = recordData(m, o, Math.max(0, max));
        succeed(s);
        s.resid = o.length - bytes.length;
        return { kind: "data", bytes, length: o.length };
      }
    }
  });
}

/** Write one record at the head; everything after it on the reel is gone, as on a real drive. */
export function writeRecord(s: DriveState, media: ReelMedia | null, bytes: Uint8Array): TapeResult {
  return withMedia(s, media, (m): TapeResult => {
    if (!s.writable) return fail(s, TapeErrno.EACCES, "the reel is write-protected");
    if (bytes.length === 0) return succeed(s);
    if (bytes.length > MAX_RECORD) return fail(s, TapeErrno.EINVAL, `a record of ${bytes.length} bytes exceeds the ${MAX_RECORD}-byte limit`);
    if (s.position + bytes.length + 8 > MAX_REEL_BYTES) return fail(s, TapeErrno.ENOSPC, `end of tape: a reel holds at most ${MAX_REEL_BYTES} bytes`);
    if (s.position > m.size()) return fail(s, TapeErrno.EIO, `the head (${s.position}) is past the end of the reel (${m.size()} bytes)`);
    const rec = encodeRecord(bytes);
    const start = s.position;
    m.truncate(s.position);
    m.write(s.position, rec);
    s.position += rec.length;
    relabel(s, m, start);
    s.blockNo++;
    s.bot = false;
    s.eof = false;
    s.eot = true;
    s.dirty = true;
    s.lastOp = "write";
    return succeed(s);
  });
}

/** Write `n` tape marks at the head (MTWEOF), truncating what follows. */
export function writeTapeMarks(s: DriveState, media: ReelMedia | null, n: number): TapeResult {
  return withMedia(s, media, (m): TapeResult => {
    if (!s.writable) return fail(s, TapeErrno.EACCES, "the reel is write-protected");
    if (n < 0) return fail(s, TapeErrno.EINVAL, `cannot write ${n} tape marks`);
    s.lastOp = "none";
    if (n === 0) return succeed(s);
    if (s.position > m.size()) return fail(s, TapeErrno.EIO, `the head (${s.position}) is past the end of the reel (${m.size()} bytes)`);
    if (s.position + 4 * n > MAX_REEL_BYTES) return fail(s, TapeErrno.ENOSPC, `end of tape: a reel holds at most ${MAX_REEL_BYTES} bytes`);
    m.truncate(s.position);
    relabel(s, m, s.position);
    const mark = encodeMark();
    for (let i = 0; i < n; i++) {
      m.write(s.position, mark);
      s.position += mark.length;
    }
    s.fileNo += n;
    s.blockNo = 0;
    s.bot = false;
    s.eof = false;
    s.eot = true;
    s.dirty = true;
    return succeed(s);
  });
}

/**
 * Close of /dev/rmtN (`rewind` true) or /dev/nrmtN (false). If the last data
 * operation was a write, a tape mark is written first (as Linux st does), so
 * the head ends after it; then the rewind device rewinds.
 */
export function closeDevice(s: DriveState, media: ReelMedia | null, rewind: boolean): TapeResult {
  let result: TapeResult = OK;
  if (s.lastOp === "write") result = writeTapeMarks(s, media, 1);
  s.lastOp = "none";
  if (rewind && s.online && media !== null) {
    const r = mtOp(s, media, MtOp.MTREW, 1);
    if (result.kind === "ok") result = r;
  }
  return result;
}

/** MTIOCTOP: perform operation `op` `count` times (Linux numbers, see mtio.ts). */
export function mtOp(s: DriveState, media: ReelMedia | null, op: number, count: number): TapeResult {
  if (op === MtOp.MTNOP) return s.online ? succeed(s) : { kind: "offline" };
  if (op === MtOp.MTSETBLK) return count === 0 ? succeed(s) : fail(s, TapeErrno.EINVAL, "only variable-block mode (block size 0) is supported");
  return withMedia(s, media, (m): TapeResult => {
    if (s.lastOp === "write" && (op === MtOp.MTREW || op === MtOp.MTOFFL || op === MtOp.MTBSF || op === MtOp.MTBSFM)) {
      // As Linux st: moving back over freshly written data first ends the file with a tape mark,
      // and a backward file space then also crosses that new mark.
      const r = writeTapeMarks(s, m, 1);
      if (r.kind !== "ok") return r;
      if (op === MtOp.MTBSF || op === MtOp.MTBSFM) count++;
    }
    switch (op) {
      case MtOp.MTRESET:
      case MtOp.MTREW:
      case MtOp.MTRETEN:
      case MtOp.MTLOAD:
        atBot(s);
        s.eot = objectAt(m, 0).kind === "eom";
        s.lastOp = "none";
        return succeed(s);
      case MtOp.MTOFFL:
      case MtOp.MTUNLOAD:
        unmountReel(s);
        return succeed(s);
      case MtOp.MTFSF:
        return count >= 0 ? spaceFiles(s, m, count) : backFiles(s, m, -count);
      case MtOp.MTBSF:
        return count >= 0 ? backFiles(s, m, count) : spaceFiles(s, m, -count);
      case MtOp.MTFSR:
        return count >= 0 ? spaceRecords(s, m, count) : backRecords(s, m, -count);
      case MtOp.MTBSR:
        return count >= 0 ? backRecords(s, m, count) : spaceRecords(s, m, -count);
      case MtOp.MTFSFM: {
        // forward over `count` marks, then back before the last one (BOT side)
        const r = spaceFiles(s, m, count);
        return r.kind === "ok" && count > 0 ? backFiles(s, m, 1) : r;
      }
      case MtOp.MTBSFM: {
        // back over `count` marks, then forward past the last one (EOT side)
        const r = backFiles(s, m, count);
        return r.kind === "ok" && count > 0 ? spaceFiles(s, m, 1) : r;
      }
      case MtOp.MTWEOF:
      case MtOp.MTWEOFI:
        return writeTapeMarks(s, m, count);
      case MtOp.MTEOM:
        return toEndOfData(s, m);
      case MtOp.MTERASE:
        if (!s.writable) return fail(s, TapeErrno.EACCES, "the reel is write-protected");
        if (s.position < m.size()) m.truncate(s.position);
        relabel(s, m, s.position);
        s.eot = true;
        s.eof = false;
        s.dirty = true;
        s.lastOp = "none";
        return succeed(s);
      default:
        return fail(s, TapeErrno.EINVAL, `unsupported tape operation ${op}`);
    }
  });
}

/** MTIOCGET: the drive's status as struct mtget fields (see mtgetToBytes). */
export function driveStatus(s: DriveState): MtGet {
  let gstat = 0;
  if (s.reel === null) gstat |= GMT.DR_OPEN;
  if (s.online) gstat |= GMT.ONLINE;
  if (s.online && !s.writable) gstat |= GMT.WR_PROT;
  if (s.online && s.bot) gstat |= GMT.BOT;
  if (s.online && s.eof) gstat |= GMT.EOF;
  if (s.online && s.eot) gstat |= GMT.EOT | GMT.EOD;
  return { type: MT_ISSCSI2, resid: s.resid, dsreg: 0, gstat: gstat >>> 0, erreg: 0, fileno: s.fileNo, blkno: s.blockNo };
}
