// Head motion over the reel for MTIOCTOP: spacing forward and backward over
// records and tape marks with Linux st's stopping points, and to end of data.
// Backward motion rescans from BOT (see objectsBefore in format.ts).

import { type DriveState } from "./state.js";
import { type ReelMedia } from "./media.js";
import { objectAt, objectsBefore, type TapObject } from "./format.js";
import { TapeErrno, type TapeResult, atBot, fail, moved, succeed } from "./result.js";

/** Forward over `n` tape marks, stopping just after the last (MTFSF). */
export function spaceFiles(s: DriveState, m: ReelMedia, n: number): TapeResult {
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
export function spaceRecords(s: DriveState, m: ReelMedia, n: number): TapeResult {
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
export function backFiles(s: DriveState, m: ReelMedia, n: number): TapeResult {
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
export function backRecords(s: DriveState, m: ReelMedia, n: number): TapeResult {
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
      moved(s); // the mark is ahead of the head, not behind it: no GMT_EOF (as Linux st)
      return fail(s, TapeErrno.EIO, "a tape mark stopped the record spacing", n - done - 1);
    }
    s.blockNo--;
  }
  moved(s);
  return succeed(s);
}

/** To the end of recorded data (MTEOM), ready to append. */
export function toEndOfData(s: DriveState, m: ReelMedia): TapeResult {
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
