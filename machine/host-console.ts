// The console's host services on Node: read a file, and replace one
// atomically through the snapshot layer's helper (temp file, fsync, rename),
// so a crash mid-write never damages an older snapshot; `~` in an operator's
// path is the home directory, as in a shell. Host-side file.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../snapshot/host-file.js";
import type { ConsoleHost } from "./console.js";
import { chainResolver } from "./host-chain.js";

/** `~` and `~/x` → the home directory (other `~user` forms are left alone). */
export function expandHome(path: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}

/** Node-fs console host used by `cryobox boot`. */
export const hostConsole: ConsoleHost = {
  // A view of the Buffer, not a copy (new Uint8Array(buffer) would copy the whole snapshot once more).
  readFile: (path) => {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  writeFileAtomic: (path, bytes) => writeFileAtomic(path, bytes),
  writeChunksAtomic: (path, chunks) => writeFileAtomic(path, chunks),
  resolvePath: (path) => expandHome(path),
  parents: (path, dirs) => chainResolver(path, dirs),
};
