// `cryobox inspect FILE [--json]` and `cryobox diff A B [--json]`
// (CONTRACT.md): a snapshot shown in kernel terms, and the differences between
// two. A damaged or foreign file is one line on stderr and status 2, never a
// stack trace. diff exits like diff(1): 0 same, 1 different, 2 trouble.

import { describeDiskDependencies } from "../machine/disk-restart.js";
import { readFileSync } from "node:fs";
import { type DecodedSnapshot, SnapshotBug, SnapshotError, safeJson, safeText } from "../snapshot/index.js";
import { viewOf, type MachineView } from "../snapshot/view.js";
import { formatFds, formatMem, formatPipes, formatProcs, formatTapes, formatTtys } from "../snapshot/view-format.js";
import { formatNet } from "../snapshot/view-net.js";
import { diffMachines, formatChanges } from "../snapshot/view-diff.js";
import { describeJob, readAnySnapshot } from "../snapshot/job-file.js";
import { DIFF_USAGE, INSPECT_USAGE, formatRegisters, registersOf, structureChanges } from "./inspect-extra.js";
import { chainDirs, chainJson, chainLines } from "./inspect-chain.js";
import { chainResolver } from "../machine/host-chain.js";
import "../snapshot/host-deflate.js"; // files compressed with "deflate" (docs/checkpoints.md)

/** Exit status for a bug in cryobox (EX_SOFTWARE), as bin/cryobox.js uses for uncaught ones. */
const STATUS_BUG = 70;

/**
 * Read and validate a snapshot file, or print one line and return the exit
 * status: 2 for a file that cannot be read or is not a valid snapshot, 70 for a
 * bug in cryobox met while reading it (which must not be blamed on the file;
 * CRYOBOX_DEBUG=1 adds the stack).
 */
function load(cmd: string, path: string, dirs: string[] = []): { d: DecodedSnapshot; size: number; bytes: Uint8Array } | number {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(safeText(`cryobox ${cmd}: ${path}: cannot read (${code ?? (e as Error).message})`) + "\n");
    return 2;
  }
  try {
    return { d: readAnySnapshot(bytes, chainResolver(path, dirs)), size: bytes.length, bytes }; // a whole-system or a job snapshot; an incremental one's chain
  } catch (e) {
    if (e instanceof SnapshotError) {
      process.stderr.write(safeText(`cryobox ${cmd}: ${path}: ${e.message}`) + "\n");
      return 2;
    }
    const bug = e instanceof SnapshotBug ? e : new SnapshotBug(path, e);
    const debug = process.env.CRYOBOX_DEBUG === "1";
    process.stderr.write(safeText(`cryobox ${cmd}: ${path}: ${bug.message}${debug ? "" : " (CRYOBOX_DEBUG=1 shows the stack)"}`) + "\n");
    if (debug) process.stderr.write(bug.detail + "\n");
    return STATUS_BUG;
  }
}

/** The JSON form of inspect (stable field names; documented in docs/snapshot.md). */
export function inspectJson(file: string, bytes: number, d: DecodedSnapshot): unknown {
  const v = viewOf(d.config, d.state);
  return {
    file,
    bytes,
    formatVersion: d.formatVersion,
    time: v.time,
    seconds: v.seconds,
    config: v.config,
    panic: v.panic,
    processes: v.procs,
    registers: registersOf(d.state),
    pipes: v.pipes,
    ttys: v.ttys,
    tapes: v.tapes,
    files: v.files,
    timers: v.timers,
    outside: d.outside,
    ...("job" in d ? { job: d.job } : {}), // a job snapshot (docs/jobs.md)
    sections: d.sections,
    pages: d.pages,
  };
}

/** The readable form of inspect. */
export function inspectText(file: string, bytes: number, d: DecodedSnapshot, v: MachineView = viewOf(d.config, d.state)): string[] {
  const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
  const out = [
    `${file}: cryobox snapshot, format v${d.formatVersion}, ${bytes} bytes`,
    `virtual time ${v.time} ticks (${v.seconds.toFixed(6)} s); ${v.config.ttys} ttys, ${v.config.drives} tape drives, memory limit ${v.config.memoryLimit} bytes`,
  ];
  if (v.panic) out.push(`PANIC: ${v.panic}`);
  const job = describeJob(d);
  if (job) out.push(job);
  out.push("processes:", ...indent(formatProcs(v)));
  out.push("registers:", ...indent(formatRegisters(d.state)));
  out.push("open files:", ...indent(formatFds(v)));
  out.push("pipes:", ...indent(formatPipes(v)));
  out.push("terminals:", ...indent(formatTtys(v)));
  out.push("tape drives:", ...indent(formatTapes(v)));
  out.push("network:", ...indent(formatNet(d.state)));
  out.push("memory:", ...indent(formatMem(v)));
  out.push(`files: ${v.files.inodes} inodes, ${v.files.bytes} bytes of contents; ${v.timers.length} timer(s) pending`);
  out.push("outside resources:");
  for (const r of d.outside.reels) {
    out.push(`  tape unit ${r.unit}: reel ${r.path} (${r.size} bytes, sha256 ${r.sha256}), at byte ${r.position}, ${r.writable ? "read-write" : "read-only"}`);
    const drive = d.state.drives[r.unit]?.drive; // the reel part of the drive's state: volume, place, a forced mount
    if (drive?.reel) {
      out.push(`    volume ${drive.reel.volume}${drive.reel.labelled ? " (VOL1 label)" : " (no label: the file's name)"}, file ${drive.fileNo}, block ${drive.blockNo}${drive.online ? "" : ", drive offline: waiting for this volume"}`);
      if (drive.forced) out.push(`    mounted by force: ${drive.forced}`);
    }
  }
  for (const t of d.outside.terminals) out.push(`  tty${t.tty}: host terminal "${t.name}"`);
  out.push(...indent(describeDiskDependencies(d.outside))); // disks and the files held on them, with the restart policy
  if (d.outside.reels.length + d.outside.terminals.length + d.outside.disks.length === 0) out.push("  none");
  out.push("sections:");
  out.push(...indent(d.sections.map((s) => `${s.name.padEnd(10)} v${s.version}  ${String(s.bytes).padStart(10)} bytes  sha256 ${s.sha256.slice(0, 16)}`)));
  out.push(`pages: ${d.pages.stored} distinct non-zero pages stored (${d.pages.stored * 4} KiB), ${d.pages.referenced} page references`);
  return out.map(safeText); // names, argv, paths and reel records come from the file: no control characters reach the terminal
}

/** `cryobox inspect FILE [--json]`. */
export async function inspectCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(INSPECT_USAGE);
    return 0;
  }
  const json = args.includes("--json");
  const { rest, dirs } = chainDirs(args); // --chain DIR: folders holding an incremental snapshot's ancestors
  const files = rest.filter((a) => a !== "--json");
  if (files.length !== 1 || files[0]!.startsWith("-")) {
    process.stderr.write(INSPECT_USAGE);
    return 2;
  }
  const file = files[0]!;
  const loaded = load("inspect", file, dirs);
  if (typeof loaded === "number") return loaded;
  const { d, size, bytes } = loaded;
  const parents = chainResolver(file, dirs);
  if (json) process.stdout.write(safeJson(JSON.stringify({ ...(inspectJson(file, size, d) as object), chain: chainJson(bytes, parents) }, null, 2)) + "\n");
  else process.stdout.write([...inspectText(file, size, d), ...chainLines(file, bytes, parents)].map(safeText).join("\n") + "\n");
  return 0;
}

/** `cryobox diff A B [--json]`. */
export async function diffCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(DIFF_USAGE);
    return 0;
  }
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  if (files.length !== 2) {
    process.stderr.write(DIFF_USAGE);
    return 2;
  }
  const a = load("diff", files[0]!);
  if (typeof a === "number") return a;
  const b = load("diff", files[1]!);
  if (typeof b === "number") return b;
  const changes = diffMachines(a.d, b.d);
  if (json) process.stdout.write(safeJson(JSON.stringify(structureChanges(changes), null, 2)) + "\n");
  else process.stdout.write((changes.length === 0 ? ["no differences"] : formatChanges(changes)).join("\n") + "\n");
  return changes.length === 0 ? 0 : 1;
}
