// The console's host services on Node: read a file, and replace one
// atomically through the snapshot layer's helper (temp file, fsync, rename),
// so a crash mid-write never damages an older snapshot. Host-side file.

import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../snapshot/host-file.js";
import type { ConsoleHost } from "./console.js";

/** Node-fs console host used by `cryobox boot`. */
export const hostConsole: ConsoleHost = {
  readFile: (path) => new Uint8Array(readFileSync(path)),
  writeFileAtomic: (path, bytes) => writeFileAtomic(path, bytes),
};
