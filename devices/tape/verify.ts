// Is this the reel the drive expects? The rules a restart (or a mount on a
// drive that waits for its volume) applies between the identity the drive
// kept (the volume as it was at the checkpoint, with the head position) and
// the reel the operator offers. Pure: bytes are read through ReelMedia only.
//
//   same content                     → the same reel: positioned, nothing else to do
//   different volume                 → refused, naming expected and found volume
//   writer's reel that grew          → the same volume at a later state of the same job
//                                      (head was at the end of data on a writable reel and
//                                      every byte before it is unchanged): positioned at the
//                                      head, the job rewrites what follows
//   same volume, other change        → refused naming what changed, unless forced

import { type ReelIdentity, type ReelMedia, reelPrefixSha256 } from "./media.js";
import { objectAt } from "./format.js";

/** What the drive expects: the identity it kept and where its head was. */
export interface Expected {
  identity: ReelIdentity;
  position: number;
  /** the write ring was in at the checkpoint */
  writable: boolean;
}

export type Verdict =
  /** identical: mount and position */
  | { kind: "same" }
  /** a writer's reel that grew from `keep` to `found` bytes, the first `keep` unchanged: mount and position */
  | { kind: "grown"; keep: number; found: number }
  /** changed, mounted because the operator forced it: `change` says what changed */
  | { kind: "forced"; change: string }
  /** not mounted: one line naming why */
  | { kind: "refused"; reason: string };

const n = (x: number): string => x.toLocaleString("en-US");

/** Compare the offered reel (`found`, already identified) with what the drive expects. */
export function judgeReel(exp: Expected, found: ReelIdentity, media: ReelMedia, opts: { writable: boolean; force: boolean }): Verdict {
  const e = exp.identity;
  if (found.size === e.size && found.sha256 === e.sha256) return writeRing(exp, opts) ?? { kind: "same" };
  const sameVolume = e.labelled || found.labelled ? e.labelled === found.labelled && e.volume === found.volume : e.volume === found.volume;
  if (!sameVolume) {
    return { kind: "refused", reason: `wrong volume: expected ${describe(e)}, found ${describe(found)}` };
  }
  const ring = writeRing(exp, opts);
  if (ring) return ring;
  // The drive was writing at the end of the data: whatever follows the head is what this job writes next.
  if (exp.writable && exp.position === e.size && found.size > e.size && reelPrefixSha256(media, e.size) === e.sha256) {
    return opts.writable ? { kind: "grown", keep: e.size, found: found.size } : { kind: "refused", reason: `volume ${e.volume} was written on after the checkpoint and its job writes next: mount it writable` };
  }
  const change = whatChanged(exp, found, media);
  if (opts.force) return { kind: "forced", change };
  return { kind: "refused", reason: `volume ${e.volume} changed since the checkpoint: ${change} (mount with 'force' to use it anyway)` };
}

/** A reel the job wrote to must come back writable; null when the write ring is fine. */
function writeRing(exp: Expected, opts: { writable: boolean }): Verdict | null {
  if (exp.writable && !opts.writable) {
    return { kind: "refused", reason: `volume ${exp.identity.volume} was mounted writable at the checkpoint: mount it without 'ro' (its job may write)` };
  }
  return null;
}

function describe(id: ReelIdentity): string {
  return id.labelled ? `${id.volume} (VOL1 label)` : `${id.volume} (no label)`;
}

/** One phrase naming the change: size, and whether the bytes before the head are still the same. */
function whatChanged(exp: Expected, found: ReelIdentity, media: ReelMedia): string {
  const e = exp.identity;
  const parts: string[] = [];
  if (found.size !== e.size) parts.push(`size ${n(e.size)} → ${n(found.size)} bytes`);
  else parts.push(`content hash ${e.sha256.slice(0, 12)}… → ${found.sha256.slice(0, 12)}…`);
  const known = reelPrefixSha256Expected(exp);
  if (known !== null && exp.position > 0) {
    const same = found.size >= exp.position && reelPrefixSha256(media, exp.position) === known;
    parts.push(same ? `the ${n(exp.position)} bytes before the head are unchanged` : `bytes before the head (byte ${n(exp.position)}) differ`);
  }
  return parts.join("; ");
}

/** The prefix hash before the head is only known when the head was at the end (then it is the whole hash). */
function reelPrefixSha256Expected(exp: Expected): string | null {
  return exp.position === exp.identity.size ? exp.identity.sha256 : null;
}

/** Objects tapImageProblem looks at: enough to tell a tape image from a text or binary file, bounded time. */
export const TAP_CHECK_OBJECTS = 10_000;

/**
 * Is `media` a SIMH .tap image? Walks the first TAP_CHECK_OBJECTS objects
 * (headers only, a few bytes read per record): null when well formed, else
 * the first problem. An empty reel is a fresh tape and fine. Damage further
 * on is found when the guest reads it (EIO), as on a real reel.
 */
export function tapImageProblem(media: ReelMedia): string | null {
  let at = 0;
  const size = media.size();
  for (let i = 0; i < TAP_CHECK_OBJECTS && at < size; i++) {
    const o = objectAt(media, at);
    if (o.kind === "corrupt") return `not a SIMH tape image: ${o.reason}`;
    if (o.kind === "eom") return null;
    at = o.next;
  }
  return null;
}
