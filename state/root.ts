// Where the package lives on the host, for the few host-side modules that read
// committed files (user/bin images, fixtures). Works from source (vitest) and
// from dist/ (the installed command) alike: walk up to our package.json.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** Absolute path of the cryobox package root. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "cryobox") {
      cached = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the cryobox package root");
    dir = up;
  }
}
