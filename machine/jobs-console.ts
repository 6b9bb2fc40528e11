// The operator console's job commands (docs/jobs.md):
//
//   chkpnt -p PID | -j JID [-s | -k] [-c] FILE   write a job snapshot to a host file (atomically)
//   restart [-r] [-t TTY] [-F] FILE              restart it into the running machine, under init
//
// -s stops the job after the checkpoint, -k kills it (default: it keeps
// running); -c cuts pipes to processes outside the job; -r renumbers taken
// pids/groups/sessions; -t attaches the job to terminal TTY; -F replaces tmpfs
// files that changed since the checkpoint with the saved contents.

import { SIGKILL, SIGSTOP } from "../kernel/signals-def.js";
import { sendSignal } from "../kernel/signal.js";
import { JobError, type JobSelector } from "../kernel/job-service.js";
import { SnapshotError } from "../snapshot/errors.js";
import { checkpointJob, jobMembers } from "../snapshot/job.js";
import { restartJob } from "../snapshot/job-restore.js";
import { parseTtyName } from "./console-parse.js";
import type { Machine } from "./machine.js";

/** Host file access, as the console has it. */
export interface JobHost {
  readFile(path: string): Uint8Array;
  writeFileAtomic(path: string, bytes: Uint8Array): void;
}

/** Run `chkpnt …` or `restart …`; the report line, or an Error with one line when refused. */
export function jobConsoleCommand(m: Machine, host: JobHost, name: "chkpnt" | "restart", args: string[]): string {
  return name === "chkpnt" ? consoleChkpnt(m, host, args) : consoleRestart(m, host, args);
}

function usageError(name: string, problem: string): Error {
  const usage = name === "chkpnt" ? "chkpnt -p PID | -j JID [-s | -k] [-c] FILE" : "restart [-r] [-t TTY] [-F] FILE";
  return new Error(`${name}: ${problem} (usage: ${usage})`);
}

function consoleChkpnt(m: Machine, host: JobHost, args: string[]): string {
  let sel: JobSelector | null = null;
  let after: "run" | "stop" | "kill" = "run";
  let cut = false;
  let file: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-p" || a === "-j") {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0) throw usageError("chkpnt", `${a} needs a number`);
      sel = { kind: a === "-p" ? "process" : "job", id: n, caller: 0, cut: false };
    } else if (a === "-s") after = "stop";
    else if (a === "-k") after = "kill";
    else if (a === "-c") cut = true;
    else if (a.startsWith("-")) throw usageError("chkpnt", `unknown option ${a}`);
    else if (file === null) file = a;
    else throw usageError("chkpnt", "too many arguments");
  }
  if (!sel) throw usageError("chkpnt", "-p PID or -j JID is required");
  if (file === null) throw usageError("chkpnt", "FILE is required");
  sel.cut = cut;
  const k = m.kernel;
  m.run(0); // drain terminal output first, as checkpoint-system does
  let bytes: Uint8Array;
  let members: number[];
  try {
    members = jobMembers(k, sel);
    bytes = checkpointJob(k, sel);
  } catch (e) {
    if (e instanceof JobError) throw new Error(`chkpnt: ${e.message}`);
    throw e;
  }
  try {
    host.writeFileAtomic(file, bytes);
  } catch (e) {
    throw new Error(`chkpnt: cannot write '${file}': ${(e as Error).message.split("\n")[0]}`);
  }
  if (after !== "run") for (const pid of members) if (k.state.procs.get(pid)?.state !== "zombie") sendSignal(k, pid, after === "kill" ? SIGKILL : SIGSTOP, false);
  const what = sel.kind === "job" ? `job ${sel.id}` : `process ${sel.id}`;
  return `chkpnt ${file}: ${what}, ${members.length} process(es) [${members.join(" ")}], ${bytes.length} bytes${after === "run" ? "" : after === "stop" ? ", stopped" : ", killed"}`;
}

function consoleRestart(m: Machine, host: JobHost, args: string[]): string {
  let renumber = false;
  let replaceFiles = false;
  let attach = -1;
  let file: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-r") renumber = true;
    else if (a === "-F") replaceFiles = true;
    else if (a === "-t") {
      const n = parseTtyName(args[++i] ?? "");
      if (n === null) throw usageError("restart", "-t needs a terminal (tty0, tty1, …)");
      attach = n;
    } else if (a.startsWith("-")) throw usageError("restart", `unknown option ${a}`);
    else if (file === null) file = a;
    else throw usageError("restart", "too many arguments");
  }
  if (file === null) throw usageError("restart", "FILE is required");
  let bytes: Uint8Array;
  try {
    bytes = host.readFile(file);
  } catch (e) {
    throw new Error(`restart: cannot read '${file}': ${(e as Error).message.split("\n")[0]}`);
  }
  try {
    const r = restartJob(m.kernel, bytes, { renumber, attach, parent: 1, replaceFiles });
    const moved = [...r.pids].filter(([a, b]) => a !== b).map(([a, b]) => `${a}→${b}`);
    return `restart ${file}: ${r.kind} ${r.id}, ${r.pids.size} process(es) [${[...r.pids.values()].join(" ")}]${moved.length ? `, renumbered ${moved.join(" ")}` : ""}`;
  } catch (e) {
    if (e instanceof JobError || e instanceof SnapshotError) throw new Error(`restart: ${e.message}`);
    throw e;
  }
}
