// `npm run bench`: runs every bench/*.bench.ts module (compiled to dist/bench) and prints a table.
// Each module exports `addBenchmarks(bench: Bench): Promise<void> | void`.

import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import "../state/host-hash.js"; // as under the Node entry points: node:crypto hashing and the Node platform
import "../machine/host-platform.js";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(here).filter((f) => f.endsWith(".bench.js")).sort()) {
  if (only && !file.includes(only)) continue;
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { addBenchmarks: (b: Bench) => Promise<void> | void };
  const bench = new Bench({ name: file, time: 2000, iterations: 5 });
  await mod.addBenchmarks(bench);
  await bench.run();
  console.log(`\n## ${file}`);
  console.table(bench.table());
}
