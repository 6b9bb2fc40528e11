// What `cryobox inspect` shows of an incremental or compressed snapshot
// (docs/checkpoints.md): its chain, tip first — each link's name, identity,
// parent, pages stored of the pages the machine references, and codec.

import { chainOf, type ChainLink, type ParentResolver } from "../snapshot/index.js";

/** `--chain DIR` options (folders to search for ancestors) and the remaining arguments. */
export function chainDirs(args: readonly string[]): { rest: string[]; dirs: string[] } {
  const rest: string[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--chain" && i + 1 < args.length) dirs.push(args[++i]!);
    else rest.push(args[i]!);
  }
  return { rest, dirs };
}

function describe(l: ChainLink, file: string): string {
  const name = l.name === "" ? file : l.name;
  const what = l.parent ? `incremental, ${l.stored} of ${l.pages} pages stored` : `full, ${l.pages} pages`;
  return `${name}: id ${l.id.slice(0, 16)}, ${what}, ${l.bytes} bytes${l.codec ? `, page data ${l.codec}-compressed` : ""}`;
}

/** The chain lines of `bytes` (already verified by the reader), or none for a plain full snapshot. */
export function chainLines(file: string, bytes: Uint8Array, parents: ParentResolver): string[] {
  const chain = chainOf(bytes, parents);
  if (chain.length === 1 && chain[0]!.codec === "") return [];
  return [`chain (${chain.length} file${chain.length === 1 ? "" : "s"}, tip first):`, ...chain.map((l) => `  ${describe(l, file)}`)];
}

/** The JSON form: one object per link, tip first. */
export function chainJson(bytes: Uint8Array, parents: ParentResolver): ChainLink[] {
  return chainOf(bytes, parents);
}
