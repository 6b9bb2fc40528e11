// `cryobox merge TIP OUT [--chain DIR]… [--compress none|lz|deflate]`: one
// full snapshot from an incremental chain (docs/checkpoints.md). The chain is
// found and verified link by link as a restore does (machine/host-chain.ts);
// the merged file is validated completely before it is written atomically.
// Uncompressed, it is byte for byte the full checkpoint of the same machine.

import { readFileSync } from "node:fs";
import { chainResolver } from "../machine/host-chain.js";
import { SnapshotBug, SnapshotError, UnknownCodecError, mergeChain, pickCodec, readSnapshot, safeText } from "../snapshot/index.js";
import { writeFileAtomic } from "../snapshot/host-file.js";
import { chainDirs } from "./inspect-chain.js";
import "../snapshot/host-deflate.js"; // the "deflate" codec on Node

export const MERGE_USAGE = `usage: cryobox merge TIP OUT [--chain DIR]... [--compress none|lz|deflate]
  Write one full snapshot OUT from the incremental snapshot TIP and its ancestors (found in TIP's
  folder and in each --chain DIR, each link verified). --compress: page data of OUT (default none:
  then OUT is byte for byte the full checkpoint of the same machine).
  Exit status: 0 written, 2 bad usage, missing/altered/damaged link or unwritable OUT (one line on stderr).
`;

/** `cryobox merge`. */
export async function mergeCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(MERGE_USAGE);
    return 0;
  }
  const { rest, dirs } = chainDirs(args);
  let compress: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--compress" && i + 1 < rest.length) compress = rest[++i]!;
    else files.push(rest[i]!);
  }
  if (files.length !== 2 || files.some((f) => f.startsWith("-"))) {
    process.stderr.write(MERGE_USAGE);
    return 2;
  }
  const [tip, out] = files as [string, string];
  const fail = (msg: string): number => {
    process.stderr.write(safeText(`cryobox merge: ${msg}`) + "\n");
    return 2;
  };
  let bytes: Uint8Array;
  try {
    const b = readFileSync(tip);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    return fail(`${tip}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let merged: Uint8Array;
  try {
    const codec = pickCodec(compress);
    const parents = chainResolver(tip, dirs);
    merged = mergeChain(bytes, parents, codec);
    readSnapshot(merged); // everything checked: each page against its hash, the kernel's invariants
  } catch (e) {
    if (e instanceof SnapshotError) return fail(`${tip}: ${e.message}`);
    if (e instanceof UnknownCodecError) return fail(e.message);
    const bug = e instanceof SnapshotBug ? e : new SnapshotBug(tip, e);
    process.stderr.write(safeText(`cryobox merge: ${bug.message}`) + "\n");
    return 70;
  }
  try {
    writeFileAtomic(out, merged);
  } catch (e) {
    return fail(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  process.stdout.write(`${out}: full snapshot, ${merged.length} bytes\n`);
  return 0;
}
