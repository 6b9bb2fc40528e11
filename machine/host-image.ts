// The default root filesystem, read from the host: every committed guest
// program in `user/bin/` becomes `/bin/NAME` (mode 0755). Host-side file (node
// fs allowed here only); a browser build passes its own image to Machine.boot.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../state/root.js";
import type { RootFile } from "../kernel/kernel.js";

let cached: RootFile[] | undefined;

/** The committed userland as root files, sorted by path (deterministic image). */
export function defaultImage(): RootFile[] {
  if (cached) return cached;
  const dir = join(packageRoot(), "user", "bin");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    names = []; // no userland built yet: the kernel reports the missing /bin/init
  }
  const files: RootFile[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    const p = join(dir, name);
    if (!statSync(p).isFile()) continue;
    files.push({ path: `/bin/${name}`, mode: 0o755, data: new Uint8Array(readFileSync(p)) });
  }
  cached = files;
  return files;
}
