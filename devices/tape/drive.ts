// The tape drive: pure operations over (DriveState, ReelMedia). Record reads
// and writes keep record boundaries, tape marks separate files, MTIOCTOP
// operations move the head with Linux st semantics, MTIOCGET reports status.
// A damaged reel yields error results, never a host exception; a host I/O
// failure on the reel also becomes EIO.

import { type DriveState } from "./state.js";
import { type ReelIdentity, type ReelMedia, reelIdentity } from "./media.js";
import { MAX_RECORD, encodeMark, encodeRecord, objectAt, objectsBefore, recordData, type TapObject } from "./format.js";
import { GMT, MT_ISSCSI2, MtOp, type MtGet } from "./mtio.js";

/** Linux errno values the drive reports. */
export const TapeErrno = { EIO: 5, EACCES: 13, EINVAL: 22, ENOSPC: 28, ENOMEDIUM: 123 } as const;

/** Outcome of an operation other than a read. */
export type TapeResult = { kind: "ok" } | { kind: "error"; errno: number; reason: string } | { kind: "offline" };

/** Outcome of reading one record. */
export type ReadResult =
  /** `bytes` = the first `max` bytes of a record of `length` bytes (the rest is skipped) */
  | { kind: "data"; bytes: Uint8Array; length: number }
  /** a tape mark: read returns 0; the head is after the mark, in the next file */
  | { kind: "tapemark" }
  /** end of recorded data / end of medium: read returns 0; the head does not move */
  | { kind: "eom" }
  /** a bad or damaged record: read fails (EIO); the head is past it */
  | { kind: "error"; errno: number; reason: string }
  /** no reel mounted */
  | { kind: "offline" };

const OK: TapeResult = { kind: "ok" };

function fail(s: DriveState, errno: number, reason: string, resid = 0): { kind: "error"; errno: number; reason: string } {
  s.lastError = errno;
  s.resid = resid;
  return { kind: "error", errno, reason };
}

function succeed(s: DriveState): TapeResult {
  s.lastError = 0;
  s.resid = 0;
  return OK;
}

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
}

/** Recompute the mounted reel's identity after writes (the snapshot records the reel as it is now). */
export function driveRefreshIdentity(s: DriveState, media: ReelMedia): void {
  if (s.reel === null) return;
  s.reel = reelIdentity(s.reel.path, media);
  s.dirty = false;
}

function atBot(s: DriveState): void {
  s.position = 0;
  s.fileNo = 0;
  s.blockNo = 0;
  s.bot = true;
  s.eof = false;
  s.eot = false;
}

function moved(s: DriveState): void {
  s.bot = s.position === 0;
  s.eof = false;
  s.eot = false;
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
    if (s.position > m.size()) return fail(s, TapeErrno.EIO, `the head (${s.position}) is past the end of the reel (${m.size()} bytes)`);
    const rec = encodeRecord(bytes);
    m.truncate(s.position);
    m.write(s.position, rec);
    s.position += rec.length;
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
    m.truncate(s.position);
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

/** Forward over `n` tape marks, stopping just after the last (MTFSF). */
function spaceFiles(s: DriveState, m: ReelMedia, n: number): TapeResult {
  s.lastOp = "none";
  for (let done = 0; done < n; ) {
    const o = objectAt(m, s.position);
    if (o.kind === "eom") return hitEnd(s, o, n - done);
    s.position = o.next;
    if (o.kind === "mark") {
      s.fileNo++;
      s.blockNo = 0;
      done++;
    } else s.blockNo++;
  }
  moved(s);
  return succeed(s);
}

/** Forward over `n` records, stopping after a tape mark with an error (MTFSR). */
function spaceRecords(s: DriveState, m: ReelMedia, n: number): TapeResult {
  s.lastOp = "none";
  for (let done = 0; done < n; done++) {
    const o = objectAt(m, s.position);
    if (o.kind === "eom") return hitEnd(s, o, n - done);
    s.position = o.next;
    if (o.kind === "mark") {
      s.fileNo++;
      s.blockNo = 0;
      s.bot = false;
      s.eof = true;
      s.eot = false;
      return fail(s, TapeErrno.EIO, "a tape mark stopped the record spacing", n - done - 1);
    }
    s.blockNo++;
  }
  moved(s);
  return succeed(s);
}

function hitEnd(s: DriveState, o: TapObject, remaining: number): TapeResult {
  s.position = o.start;
  s.bot = s.position === 0;
  s.eof = false;
  s.eot = true;
  return fail(s, TapeErrno.EIO, "end of recorded data reached", remaining);
}

/** Records between the last mark (or BOT) and the end of `objs`. */
function blocksAtEnd(objs: readonly TapObject[], end: number): number {
  let n = 0;
  for (let i = end - 1; i >= 0 && objs[i]!.kind !== "mark"; i--) n++;
  return n;
}

/** Back over `n` tape marks, stopping before the last one, on its BOT side (MTBSF). */
function backFiles(s: DriveState, m: ReelMedia, n: number): TapeResult {
  s.lastOp = "none";
  if (n === 0) return succeed(s);
  const objs = objectsBefore(m, s.position);
  let done = 0;
  for (let i = objs.length - 1; i >= 0; i--) {
    if (objs[i]!.kind !== "mark") continue;
    done++;
    if (done === n) {
      s.position = objs[i]!.start;
      s.fileNo -= n;
      s.blockNo = blocksAtEnd(objs, i);
      moved(s);
      return succeed(s);
    }
  }
  atBot(s);
  return fail(s, TapeErrno.EIO, "beginning of tape reached", n - done);
}

/** Back over `n` records, stopping before a tape mark (passed, on its BOT side) with an error (MTBSR). */
function backRecords(s: DriveState, m: ReelMedia, n: number): TapeResult {
  s.lastOp = "none";
  if (n === 0) return succeed(s);
  const objs = objectsBefore(m, s.position);
  for (let done = 0; done < n; done++) {
    const i = objs.length - 1 - done;
    if (i < 0) {
      atBot(s);
      return fail(s, TapeErrno.EIO, "beginning of tape reached", n - done);
    }
    const o = objs[i]!;
    s.position = o.start;
    if (o.kind === "mark") {
      s.fileNo--;
      s.blockNo = blocksAtEnd(objs, i);
      moved(s);
      s.eof = true;
      return fail(s, TapeErrno.EIO, "a tape mark stopped the record spacing", n - done - 1);
    }
    s.blockNo--;
  }
  moved(s);
  return succeed(s);
}

/** To the end of recorded data (MTEOM), ready to append. */
function toEndOfData(s: DriveState, m: ReelMedia): TapeResult {
  s.lastOp = "none";
  for (;;) {
    const o = objectAt(m, s.position);
    if (o.kind === "eom") {
      s.position = o.start;
      s.bot = s.position === 0;
      s.eof = false;
      s.eot = true;
      return succeed(s);
    }
    s.position = o.next;
    if (o.kind === "mark") {
      s.fileNo++;
      s.blockNo = 0;
    } else s.blockNo++;
  }
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
