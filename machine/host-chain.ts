// Finding the ancestors of an incremental snapshot on the host (Node fs):
// the folders an operator allowed — the folder of the file being restored,
// and any named with --chain — are searched for the parent, first under the
// name the child recorded, then by identity (the last 32 bytes of each
// regular file, read without reading the rest). A recorded name is only ever
// a plain file name inside those folders (never a path: a snapshot cannot
// make a restore open a file elsewhere). What is found is verified by the
// snapshot layer (snapshot/chain.ts); a named file with the wrong identity is
// still returned when nothing matches, so the refusal says "altered".
// Host-side file.

import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ParentResolver } from "../snapshot/index.js";

const TRAILER = 32;

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

/** The identity (trailer, hex) of the regular file at `path`, or null when it is not one or cannot be read. */
function trailerOf(path: string): string | null {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size < 48) return null;
    const fd = openSync(path, "r");
    try {
      const buf = new Uint8Array(TRAILER);
      if (readSync(fd, buf, 0, TRAILER, st.size - TRAILER) !== TRAILER) return null;
      return toHex(buf);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // unreadable or vanished: not a candidate
  }
}

function read(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Is `name` a plain file name (no directory part, not . or ..)? */
function plainName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !name.includes("/") && !name.includes("\\") && !name.includes("\0");
}

/** A resolver over `dirs`, searched in order (see the header). */
export function folderResolver(dirs: readonly string[]): ParentResolver {
  return (id, name) => {
    let named: string | null = null;
    if (plainName(name)) {
      for (const dir of dirs) {
        const p = join(dir, name);
        const t = trailerOf(p);
        if (t === id) return read(p);
        if (t !== null && named === null) named = p;
      }
    }
    for (const dir of dirs) {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        continue; // a folder that cannot be listed holds no candidate
      }
      for (const e of entries.sort()) {
        if (e.startsWith(".")) continue; // temporaries of atomic writes
        const p = join(dir, e);
        if (trailerOf(p) === id) return read(p);
      }
    }
    return named ? read(named) : null;
  };
}

/** The resolver for restoring the file at `path`: its own folder first, then `extra` folders (--chain). */
export function chainResolver(path: string, extra: readonly string[] = []): ParentResolver {
  return folderResolver([dirname(path), ...extra]);
}
