// Disks at restart (issue #9): the operator names the host directories again
// (nothing else is opened), each recorded disk file is verified, and a policy
// decides what happens to one that changed — for the whole restart or per
// file, as IRIX CPR and BS2000 did:
//   refuse  (default) nothing starts; one line per file: what changed, who holds it
//   append  the file only grew since the checkpoint (its first bytes unchanged): cut back
//   replace the snapshot carries the contents (--with-files): put them back
//   reopen  carry on with the file as it is now, with a warning
//   kill    SIGKILL the holders, run the rest
// Every decision is taken before anything is touched, so a refused restart
// changes no host file.

import type { Kernel } from "../kernel/kernel.js";
import type { HostDir } from "../devices/disk/dir.js";
import { mounts, reattachDisk } from "../kernel/mount.js";
import { pathOf } from "../kernel/vfs.js";
import { sendSignal } from "../kernel/signal.js";
import { SIGKILL } from "../kernel/signals-def.js";
import type { Outside } from "../snapshot/outside.js";
import { type DiskFileRecord, diskFileChange, fmt, holders } from "../snapshot/outside-disk.js";
import { type DiskSpec, openDiskSpecs } from "./disks.js";

export const FILE_POLICIES = ["refuse", "append", "replace", "reopen", "kill"] as const;
export type FilePolicy = (typeof FILE_POLICIES)[number];

/** The restart's policy: one for all files, or a default with per-file overrides by machine path ("/mnt/log"). */
export type FilesOption = FilePolicy | { default?: FilePolicy; paths?: Record<string, FilePolicy> };

/** Nothing started: the disk files the machine depends on changed (one line per file). */
export class DiskRestartRefused extends Error {
  constructor(readonly lines: string[]) {
    super(`restart refused: ${lines.length} disk file(s) changed since the checkpoint (policy refuse; choose another with --files):\n  ${lines.join("\n  ")}`);
    this.name = "DiskRestartRefused";
  }
}

/** A bad --files / disk argument at restart (one line). */
export class DiskRestartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiskRestartError";
  }
}

/** Parse "POLICY" or "POLICY,/mnt/a=POLICY,…" (the CLI's --files). */
export function parseFilesOption(text: string): FilesOption {
  const parts = text.split(",").filter((x) => x !== "");
  const out: { default?: FilePolicy; paths: Record<string, FilePolicy> } = { paths: {} };
  for (const part of parts) {
    const eq = part.lastIndexOf("=");
    const pol = (eq >= 0 ? part.slice(eq + 1) : part) as FilePolicy;
    if (!FILE_POLICIES.includes(pol)) throw new DiskRestartError(`--files: unknown policy "${pol}" (one of ${FILE_POLICIES.join(", ")})`);
    if (eq >= 0) out.paths[part.slice(0, eq)] = pol;
    else out.default = pol;
  }
  return out;
}

function policyFor(files: FilesOption | undefined, path: string): FilePolicy {
  if (files === undefined) return "refuse";
  if (typeof files === "string") return files;
  return files.paths?.[path] ?? files.default ?? "refuse";
}

interface Action {
  kind: "truncate" | "replace";
  dir: HostDir;
  rec: DiskFileRecord;
}

/**
 * Match the operator's disks to the recorded mounts, verify every recorded file and apply the
 * policies. Returns the report lines; throws DiskRestartRefused (nothing touched) or DiskRestartError.
 */
export function restartDisks(k: Kernel, outside: Outside, specs: readonly DiskSpec[], files: FilesOption | undefined): string[] {
  const recorded = mounts(k).filter((m) => m.mount.kind === "disk");
  const byPath = new Map(recorded.map((m) => [pathOf(k, m.at), m]));
  const given = openDiskSpecs(specs);
  const attach = new Map<string, HostDir>();
  const unnamed = [...byPath.keys()];
  for (const g of given) {
    const at = g.at ?? unnamed.find((p) => !attach.has(p));
    if (at === undefined || !byPath.has(at)) throw new DiskRestartError(`--disk ${g.dir.identity}${g.at ? ":" + g.at : ""}: the snapshot has no disk mounted ${g.at ? "at " + g.at : "left to match"} (its disks: ${[...byPath.keys()].join(", ") || "none"})`);
    if (attach.has(at)) throw new DiskRestartError(`--disk: two directories for the disk at ${at}`);
    attach.set(at, g.dir);
  }
  const report: string[] = [];
  const refusals: string[] = [];
  const actions: Action[] = [];
  const kills = new Map<number, string>();
  for (const rec of outside.disks) {
    const dir = attach.get(rec.at) ?? null;
    report.push(dir ? `disk ${rec.at} ← ${dir.identity}${dir.identity === rec.host ? "" : ` (recorded as ${rec.host})`}` : `disk ${rec.at}: not attached (recorded as ${rec.host}; name it with --disk DIR:${rec.at})`);
    for (const f of rec.files) {
      const where = rec.at + (f.path === "" ? "" : "/" + f.path);
      const change = diskFileChange(dir, f);
      if (!change) {
        if (f.type !== "missing") report.push(`  ${where}: verified (${f.type === "dir" ? "directory" : fmt(f.size) + " bytes"})`);
        continue;
      }
      const policy = policyFor(files, where);
      const line = `${where}: ${change.what}; held by ${holders(f.uses)}`;
      if (policy === "refuse") refusals.push(line);
      else if (policy === "append") {
        if (change.grown && dir) {
          actions.push({ kind: "truncate", dir, rec: f });
          report.push(`  ${where}: cut back to ${fmt(f.size)} bytes (policy append: it had grown)`);
        } else refusals.push(`${line} (policy append needs a file that only grew)`);
      } else if (policy === "replace") {
        if (f.contents && dir && f.type === "file" && !change.what.startsWith("replaced by a directory")) {
          actions.push({ kind: "replace", dir, rec: f });
          report.push(`  ${where}: replaced by the ${fmt(f.contents.length)} bytes the snapshot carries (policy replace)`);
        } else refusals.push(`${line} (policy replace needs the contents: checkpoint-system FILE --with-files${dir ? "" : ", and the disk attached"})`);
      } else if (policy === "reopen") report.push(`  warning: ${where}: ${change.what}; reopened as it is now (policy reopen), held by ${holders(f.uses)}`);
      else {
        for (const u of f.uses) kills.set(u.pid, u.comm);
        report.push(`  ${where}: ${change.what}; holders killed (policy kill): ${holders(f.uses)}`);
      }
    }
  }
  if (refusals.length > 0) throw new DiskRestartRefused(refusals);
  for (const a of actions) {
    const r = a.kind === "truncate" ? a.dir.truncate(a.rec.path, a.rec.size) : putBack(a.dir, a.rec);
    if (r < 0) throw new DiskRestartError(`${a.rec.path}: cannot ${a.kind === "truncate" ? "cut back" : "put back"} the file on the host (error ${-r})`);
  }
  for (const [at, dir] of attach) reattachDisk(k, byPath.get(at)!.at, dir);
  for (const pid of [...kills.keys()].sort((a, b) => a - b)) if (k.state.procs.has(pid)) sendSignal(k, pid, SIGKILL, true);
  return report;
}

function putBack(dir: HostDir, rec: DiskFileRecord): number {
  const c = dir.create(rec.path, 0o644, false);
  if (c < 0) return c;
  const t = dir.truncate(rec.path, 0);
  if (t < 0) return t;
  const w = dir.write(rec.path, 0, rec.contents!);
  return w < 0 ? w : 0;
}

/** One line per outside disk dependency with the policy a restart would apply (for inspect). */
export function describeDiskDependencies(outside: Outside, files?: FilesOption): string[] {
  const out: string[] = [];
  for (const d of outside.disks) {
    out.push(`disk ${d.at}: host directory ${d.host} (disk ${d.dev}); restart needs --disk DIR:${d.at}`);
    for (const f of d.files) {
      const where = d.at + (f.path === "" ? "" : "/" + f.path);
      const what = f.type === "file" ? `${fmt(f.size)} bytes, sha256 ${f.sha256.slice(0, 16)}…${f.contents ? ", contents carried" : ""}` : f.type === "dir" ? "directory" : "missing at checkpoint";
      out.push(`  ${where}: ${what}; ${holders(f.uses)}; policy ${policyFor(files, where)}`);
    }
  }
  return out;
}
