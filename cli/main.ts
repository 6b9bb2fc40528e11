// The `cryobox` command: dispatches to one module per subcommand.
// Each subcommand returns its exit status; usage errors are status 2.

import "../state/host-hash.js"; // the machine hashes with node:crypto on Node (pure TS otherwise)
import "../snapshot/host-deflate.js"; // the "deflate" page codec (docs/checkpoints.md)
import "../machine/host-platform.js"; // the default image, reels and disks from host paths (machine/platform.ts)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../state/root.js";
import { runCommand } from "./run.js";
import { asmCommand, disasmCommand } from "./asm.js";
import { bootCommand } from "./boot.js";
import { inspectCommand, diffCommand } from "./inspect.js";
import { mergeCommand } from "./merge.js";

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { fn: Command; summary: string }> = {
  run: { fn: runCommand, summary: "run [options] FILE [ARGS...]   run one static RV32IM ELF with host stdio" },
  boot: { fn: bootCommand, summary: "boot [options]                 boot the machine (or --restore FILE)" },
  asm: { fn: asmCommand, summary: "asm FILE.s -o FILE             assemble RV32IM assembly into an ELF" },
  disasm: { fn: disasmCommand, summary: "disasm FILE                    disassemble an ELF's code" },
  inspect: { fn: inspectCommand, summary: "inspect FILE [--json]          show a snapshot in kernel terms" },
  diff: { fn: diffCommand, summary: "diff A B                       show what differs between two snapshots" },
  merge: { fn: mergeCommand, summary: "merge TIP OUT                  one full snapshot from an incremental chain" },
};

export function usage(): string {
  return ["usage: cryobox COMMAND [ARGS...]   (cryobox COMMAND --help for its options; cryobox --version)", "", ...Object.values(commands).map((c) => `  cryobox ${c.summary}`), ""].join("\n");
}

/** Run the command line `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
    process.stdout.write(`cryobox ${pkg.version}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`cryobox: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  return cmd.fn(rest);
}
