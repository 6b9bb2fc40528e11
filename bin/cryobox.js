#!/usr/bin/env node
// Entry point of the `cryobox` command: the compiled CLI lives in dist/.
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (err) => {
    process.stderr.write(`cryobox: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exit(70);
  },
);
