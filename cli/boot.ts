// `cryobox boot [options]`: boot the default system (or restore a snapshot),
// then either run an operator script (`--script FILE|-`) or drive the machine
// interactively with the host terminal as tty0 (console-interactive.ts).
// Exit statuses: 0 success, 1 a script command failed (one line naming it),
// 2 usage error, unreadable script or damaged snapshot, 70 a bug in cryobox.

import { readFileSync } from "node:fs";
import { Machine } from "../machine/machine.js";
import { Console } from "../machine/console.js";
import { type ConsoleCommand, ConsoleSyntaxError, parseCount, parseScript, parseTtyName, parseUnitName } from "../machine/console-parse.js";
import { hostConsole } from "../machine/host-console.js";
import { chainResolver } from "../machine/host-chain.js";
import { basename } from "node:path";
import { SnapshotError } from "../snapshot/index.js";
import { type BootIO, processIO, runInteractive } from "./console-interactive.js";
import { NET_USAGE, type NetArgs, executeWithNet, noNet, parseNetArg, startNet } from "./net-args.js";
import type { HostNet } from "../machine/host-net.js";
import { DISK_USAGE, type DiskArgs, parseDiskArg } from "./disk-args.js";
import { PERIODIC_USAGE, type PeriodicArgs, checkPeriodicArgs, noPeriodic, parsePeriodicArg, periodicHost, startPeriodic } from "./periodic-args.js";
import { RESTORE_CHAIN_USAGE, checkRestoreChain, parseRestoreChainArg, restoreNewest } from "./periodic-restore.js";
import { arrivalScreen, incomingMachine, migrateCommand } from "./migrate.js";
import { GDB_USAGE, parseGdbPort } from "./gdb-args.js";

export const BOOT_USAGE = `usage: cryobox boot [options]
  --script FILE        run operator console commands from FILE ('-' = stdin) and exit:
                       0 all succeeded, 1 a command failed, 2 usage error
  --restore FILE       restart a whole-system snapshot instead of booting
${RESTORE_CHAIN_USAGE}${PERIODIC_USAGE}${DISK_USAGE}  --tape UNIT=REEL     mount a SIMH .tap reel on drive UNIT (append :ro for read-only); repeatable
  --tape-ro UNIT=REEL  the same, read-only
  --ttys N             number of terminals (default 4; not with --restore: a restored box keeps its own)
${NET_USAGE}  --drives N           number of tape drives (default 2, at most 16); --tape units must be below it
  --trust-reel-paths   with --restore: also reopen the reel files at the paths the snapshot recorded
                       (never done otherwise: other drives restart offline, waiting for their volume)
  --no-pace            interactive: let idle virtual time run as fast as the host can, and keep the guest's
                       clock on virtual time (2026-01-01 at boot), as scripts do; --pace forces pacing on
${GDB_USAGE}  --debug              show the stack of an internal error (also CRYOBOX_DEBUG=1)
  --help               this text
Interactively the host terminal is tty0; Ctrl-E enters the operator console, 'continue' leaves it.
`;

export interface BootArgs {
  script: string | null;
  restore: string | null;
  tapes: { unit: number; path: string; readOnly: boolean }[];
  ttys: number | null;
  drives: number | null;
  trustReelPaths: boolean;
  help: boolean;
  /** pace idle time to the wall clock and show the real date (null: when stdin is a terminal) */
  pace?: boolean | null;
  debug?: boolean;
  /** network options (cli/net-args.ts) */
  net?: NetArgs;
  /** disk options (cli/disk-args.ts) */
  disk?: DiskArgs;
  /** periodic checkpoints and --incoming (cli/periodic-args.ts) */
  periodic?: PeriodicArgs;
  /** --chain DIR: more folders holding a restored incremental snapshot's ancestors (cli/periodic-restore.ts) */
  chain?: string[];
  /** --gdb PORT: serve the next program started on tty0 to gdb (cli/gdb-args.ts) */
  gdb?: number;
}

/** Parse boot options; throws Error with a one-line message on a usage error. */
export function parseBootArgs(args: string[]): BootArgs {
  const out: BootArgs = { script: null, restore: null, tapes: [], ttys: null, drives: null, trustReelPaths: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (parseDiskArg((out.disk ??= { disks: [], files: undefined, tmpfsSize: undefined }), name, value)) continue;
    if (parsePeriodicArg((out.periodic ??= noPeriodic()), a, name, value)) continue;
    if (parseRestoreChainArg(out, name, value)) continue;
    switch (name) {
      case "--help":
      case "-h":
        out.help = true;
        break;
      case "--pace":
      case "--no-pace":
        out.pace = name === "--pace";
        break;
      case "--debug":
        out.debug = true;
        break;
      case "--gdb":
        out.gdb = parseGdbPort(value());
        break;
      case "--script":
        out.script = value();
        break;
      case "--restore":
        out.restore = value();
        break;
      case "--tape":
      case "--tape-ro": {
        const v = value();
        const m = /^([^=]+)=(.+)$/.exec(v);
        const unit = m ? parseUnitName(m[1]!) : null;
        if (!m || unit === null) throw new Error(`${name} wants UNIT=REEL.tap, not '${v}'`);
        let path = m[2]!;
        const ro = name === "--tape-ro" || path.endsWith(":ro");
        if (path.endsWith(":ro")) path = path.slice(0, -3);
        out.tapes.push({ unit, path, readOnly: ro });
        break;
      }
      case "--drives": {
        const v = value();
        const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 0 && n <= 16)) throw new Error(`--drives wants a number from 0 to 16, not '${v}'`);
        out.drives = n;
        break;
      }
      case "--trust-reel-paths":
        out.trustReelPaths = true;
        break;
      case "--listen":
      case "--net":
      case "--forward":
      case "--lines":
        parseNetArg((out.net ??= noNet()), name, value);
        break;
      case "--ttys": {
        const v = value();
        const n = parseCount(v) ?? NaN; // the console's number syntax (k/M/G, _, 0x) everywhere
        if (!(n >= 1 && n <= 64)) throw new Error(`--ttys wants a number from 1 to 64, not '${v}'`);
        out.ttys = n;
        break;
      }
      default:
        throw new Error(`unknown option '${a}'`);
    }
  }
  return out;
}

/** `cryobox boot`: resolves to the exit status. `io` defaults to the process's stdio. */
export async function bootCommand(args: string[], io: BootIO = processIO()): Promise<number> {
  let opts: BootArgs;
  try {
    opts = parseBootArgs(args);
  } catch (e) {
    io.stderr.write(`cryobox boot: ${(e as Error).message}\n${BOOT_USAGE}`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(BOOT_USAGE);
    return 0;
  }
  const periodicProblem = checkPeriodicArgs(opts.periodic ?? noPeriodic(), opts.restore) ?? checkRestoreChain(opts.chain ?? [], opts.restore);
  if (periodicProblem !== null) {
    io.stderr.write(`cryobox boot: ${periodicProblem}\n`);
    return 2;
  }
  if (opts.gdb !== undefined && opts.script !== null) {
    io.stderr.write(`cryobox boot: --gdb needs an interactive session, not --script (from a program: serveGdb in the library)\n`);
    return 2;
  }
  if (opts.restore !== null && opts.ttys !== null) {
    // Silently ignoring it surprised users (#7): the terminals are part of the checkpointed machine.
    io.stderr.write(`cryobox boot: --ttys cannot be used with --restore: a restored machine keeps the terminals it was checkpointed with (cryobox inspect shows them)\n`);
    return 2;
  }

  // Read and check the whole script before booting: a typo on line 40 should not cost a boot.
  let script: ReturnType<typeof parseScript> | null = null;
  const scriptName = opts.script === "-" ? "<stdin>" : opts.script;
  if (opts.script !== null) {
    let text: string;
    try {
      text = opts.script === "-" ? await readAll(io.stdin) : readFileSync(opts.script, "utf8");
    } catch (e) {
      io.stderr.write(`cryobox boot: cannot read script ${opts.script}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    try {
      script = parseScript(text);
    } catch (e) {
      if (e instanceof ConsoleSyntaxError) {
        io.stderr.write(`cryobox boot: ${scriptName}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }

  let machine: Machine;
  let periodic;
  let cursors: { print: number[]; expect: number[] } | null = null; // a migrated machine's console goes on where it was
  let arrival: Uint8Array | null = null; // and an interactive one shows its screen (cli/migrate.ts)
  try {
    const incoming = opts.periodic?.incoming ?? null;
    if (incoming) {
      const got = await incomingMachine(incoming, restartOptions(opts), (line) => io.stdout.write(`${line}\n`));
      machine = got.machine;
      cursors = got.cursors;
      if (script === null) arrival = arrivalScreen(got, io.size?.()?.rows ?? 24);
    } else machine = startMachine(opts);
    for (const line of machine.notes) io.stdout.write(`${line}\n`); // the restart report: every reel re-attached, refused or awaited
    periodic = startPeriodic(opts.periodic ?? noPeriodic(), machine, (line) => io.stderr.write(`${line}\n`));
  } catch (e) {
    io.stderr.write(`cryobox boot: ${oneLine(e)}\n`);
    return 2;
  }

  if (script === null) {
    const pace = opts.pace ?? io.stdin.isTTY === true;
    // An interactive box shows the real date: the host's clock enters as outside input at boot or restart
    // (a restored box was switched off: its wall clock moved on, its monotonic clock did not).
    if (pace) machine.setRealtime(Date.now());
    const debug = opts.debug === true || process.env.CRYOBOX_DEBUG === "1";
    let net = null;
    try {
      net = await startNet(machine, opts.net ?? noNet(), (line) => io.stdout.write(`${line}\n`));
    } catch (e) {
      io.stderr.write(`cryobox boot: ${oneLine(e)}\n`);
      machine.close();
      return 2;
    }
    if (arrival) io.stdout.write(arrival);
    return runInteractive(machine, io, { pace, debug, net, restored: opts.restore !== null ? { file: opts.restore, notes: [] } : null, booted: opts.restore === null && !opts.periodic?.incoming, host: periodicHost(periodic), gdb: opts.gdb, cursors });
  }

  const console_ = new Console(machine, { ...hostConsole, ...periodicHost(periodic) });
  if (cursors) console_.resumeCursors(cursors);
  let net: HostNet | null = null; // a script serves the network during its runs (cli/net-args.ts)
  try {
    net = await startNet(machine, opts.net ?? noNet(), (line) => io.stdout.write(`${line}\n`));
  } catch (e) {
    io.stderr.write(`cryobox boot: ${oneLine(e)}\n`);
    machine.close();
    return 2;
  }
  try {
    return await runScript(console_, script, net, scriptName ?? "-", io, opts);
  } finally {
    await net?.close();
  }
}

async function runScript(console_: Console, script: ConsoleCommand[], net: HostNet | null, scriptName: string, io: BootIO, opts: BootArgs): Promise<number> {
  for (const cmd of script) {
    const r = cmd.op === "migrate" ? await migrateCommand(console_, cmd.host, cmd.port) : net ? await executeWithNet(console_, cmd, net) : console_.execute(cmd);
    switch (r.kind) {
      case "ok":
        if (r.text) io.stdout.write(r.text.endsWith("\n") ? r.text : r.text + "\n");
        break;
      case "failed":
        io.stderr.write(`cryobox boot: ${scriptName} line ${cmd.line}: ${cmd.source}: ${r.message}\n`);
        if (r.bug !== undefined) {
          // A bug in cryobox, not in the script: status 70 (EX_SOFTWARE), the stack behind --debug.
          if (opts.debug === true || process.env.CRYOBOX_DEBUG === "1") io.stderr.write(`${r.bug}\n`);
          console_.machine?.close();
          return 70;
        }
        console_.machine?.close();
        return 1;
      case "halt":
      case "crash":
        io.stdout.write(r.text + "\n");
        return 0;
      case "continue":
        break; // nothing to continue to in a script
    }
  }
  console_.machine?.close();
  return 0;
}

/** How a machine from elsewhere (--restore, --incoming) is restarted here. */
function restartOptions(opts: BootArgs): NonNullable<Parameters<typeof Machine.restore>[1]> {
  const tapes: Record<number, string> = {};
  for (const t of opts.tapes) tapes[t.unit] = t.readOnly ? `${t.path}:ro` : t.path;
  return { tapes, trustReelPaths: opts.trustReelPaths, lines: opts.net?.lines, disks: opts.disk?.disks, files: opts.disk?.files, tmpfsSize: opts.disk?.tmpfsSize };
}

function startMachine(opts: BootArgs): Machine {
  const tapes: Record<number, string> = {};
  for (const t of opts.tapes) tapes[t.unit] = t.readOnly ? `${t.path}:ro` : t.path;
  if (opts.restore !== null) {
    const fromDir = restoreNewest(opts.restore, (bytes, point) => Machine.restore(bytes, { ...restartOptions(opts), ...point }), opts.chain);
    if (fromDir) return fromDir; // a folder of periodic checkpoints: its newest valid point
    let bytes: Uint8Array;
    try {
      bytes = hostConsole.readFile(opts.restore);
    } catch (e) {
      throw new Error(`cannot read snapshot ${opts.restore}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return Machine.restore(bytes, { tapes, trustReelPaths: opts.trustReelPaths, lines: opts.net?.lines, disks: opts.disk?.disks, files: opts.disk?.files, tmpfsSize: opts.disk?.tmpfsSize, parents: chainResolver(opts.restore, opts.chain), name: basename(opts.restore) }); // an incremental snapshot's chain: its folder and --chain DIRs (docs/checkpoints.md)
    } catch (e) {
      if (e instanceof SnapshotError) throw new Error(`${opts.restore}: ${e.message}`);
      throw e;
    }
  }
  return Machine.boot({ ttys: opts.ttys ?? undefined, drives: opts.drives ?? undefined, tapes, disks: opts.disk?.disks, tmpfsSize: opts.disk?.tmpfsSize });
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
