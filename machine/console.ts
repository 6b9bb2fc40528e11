// The operator console: executes parsed console commands (console-parse.ts)
// against a Machine. Synchronous and host-neutral: the few things that touch
// the host (reading a snapshot file, writing one atomically) come in through
// ConsoleHost, so the same executor serves `--script`, the interactive console
// and tests. A command's result is a value (ok / failed / halt / crash /
// continue), never a thrown exception, so a script stops with a message
// naming the line and the host process never crashes on bad operator input.

import { formatMem, formatPipes, formatProcs, formatTapes, formatTtys, readSnapshot, viewOf } from "../snapshot/index.js";
import { checkpointTokens, formatLines } from "../snapshot/view-net.js";
import { sha256Hex } from "../state/index.js";
import { concatChunks } from "../snapshot/format.js";
import { type ConsoleCommand, ConsoleSyntaxError, commandUsage, commandUsages, parseLine } from "./console-parse.js";
import { COMMAND_HELP } from "./console-help.js";
import { OperatorError, bugMessage, isCryoboxBug } from "./console-errors.js";
import { RunJob } from "./console-run.js";
import { ExpectJob } from "./console-expect.js";
import { sendSignal } from "../kernel/signal.js";
import { signalName } from "../kernel/signals-def.js";
import { Machine } from "./machine.js";
import { mountRequests } from "./restart-reels.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";
import { jobConsoleCommand } from "./jobs-console.js";
import { attachDiskCommand, detachDiskCommand, restartSystemOptions } from "./console-disk.js";
import { DebugSession } from "./debug-console.js";
import { baseName, checkpointSystemOptions, describeChainCheckpoint, splitChainArgs } from "./console-chain.js";
import type { ParentResolver } from "../snapshot/index.js";
import type { Timeline } from "./timeline.js";

/** Default bound of `expect`: 10^9 ticks (10 virtual seconds). */
export const EXPECT_DEFAULT_TICKS = 1_000_000_000;

/** Host services the console needs; the CLI passes node-fs ones (machine/host-console.ts). */
export interface ConsoleHost {
  readFile(path: string): Uint8Array;
  /** The host path an operator's FILE names (`~/x` → the home directory's x); identity when absent. */
  resolvePath?(path: string): string;
  /** Replace `path` atomically: a crash mid-write leaves the old file intact. */
  writeFileAtomic(path: string, bytes: Uint8Array): void;
  /** The same, from a checkpoint's chunks (no whole-file copy: Machine.checkpointChunks); used when present. */
  writeChunksAtomic?(path: string, chunks: readonly Uint8Array[]): void;
  /** Serve process `pid` to gdb on `port` (interactive sessions only: it needs the event loop); the line to print. */
  startGdb?(timeline: Timeline, pid: number, port: number): string;
  /** Told of every machine the console attaches to (boot, restart-system, time travel): periodic checkpoints follow it. */
  attached?(m: Machine): void;
  /** Finds the ancestors of the incremental snapshot at `path` (its folder, then `dirs`): machine/host-chain.ts. */
  parents?(path: string, dirs: string[]): ParentResolver;
  /** What `show checkpoints` prints (cryobox boot --checkpoint-every). */
  checkpoints?(): string;
}

export type ConsoleOutcome =
  | { kind: "ok"; text: string }
  | { kind: "failed"; message: string; /** set when the failure is a bug in cryobox: its stack */ bug?: string }
  | { kind: "halt"; text: string }
  | { kind: "crash"; text: string }
  | { kind: "continue" }
  /** interactive slicing only (runSlice set): the `run` is not finished; execute the same command again */
  | { kind: "running" };

const decoder = new TextDecoder();

/** A console attached to a machine. `machine` is null after `crash`/`halt` until a `restart-system`. */
export class Console {
  private current: Machine | null = null;

  /**
   * The running machine, or null. With a timeline on, it follows the timeline: a gdb session (or
   * any other user of the timeline) that goes back in time leaves the console on the machine it went to.
   */
  get machine(): Machine | null {
    const t = this.debug.timeline;
    if (this.current && t && t.machine !== this.current && t.owned(this.current)) {
      this.current = t.machine;
      this.attach(t.machine);
    }
    return this.current;
  }
  set machine(m: Machine | null) {
    this.current = m;
  }
  /** Per terminal: where the next `expect` starts looking in the output log. */
  private cursors: number[] = [];
  /** Interactive use: a `run` goes at most this many ticks per execute (then "running"); null = all at once. */
  runSlice: number | null = null;
  /** The `run` in progress when runSlice cut it. */
  private job: RunJob | null = null;
  /** The `expect` in progress when runSlice cut it (or while it waits on an idle machine for host input). */
  private expecting: ExpectJob | null = null;
  /**
   * A script serving the network: host input may still come while an `expect` waits on an idle machine,
   * so instead of failing it lets this many ticks of idle time pass per look (the host's wall time since
   * the last look). null = an idle machine fails the expect (nobody can type any more).
   */
  idleTicks: number | null = null;
  /** The last `expect` slice ended with the machine idle, waiting for host input (the host may sleep). */
  idleWaiting = false;
  /** Per terminal: output offset when this console attached (for `print`). */
  private printFrom: number[] = [];
  /** Breakpoints, trace and the timeline (host-side, never machine state). */
  readonly debug = new DebugSession();

  constructor(
    machine: Machine,
    private readonly host: ConsoleHost,
  ) {
    this.machine = machine;
    this.attach(machine);
  }

  /** Parse and execute one line typed at the console (interactive use). */
  executeLine(text: string, line = 1): ConsoleOutcome | null {
    let cmd: ConsoleCommand | null;
    try {
      cmd = parseLine(text, line);
    } catch (e) {
      if (e instanceof ConsoleSyntaxError) return { kind: "failed", message: `column ${e.column}: ${e.problem}` };
      throw e;
    }
    return cmd ? this.execute(cmd) : null;
  }

  /** Execute one command. Never throws for anything the operator or the guest did. */
  execute(cmd: ConsoleCommand): ConsoleOutcome {
    try {
      const out = this.dispatch(cmd);
      const trace = this.debug.takeTrace(); // system calls traced while the command ran come first
      if (trace.length > 0 && out.kind === "ok") return { kind: "ok", text: [...trace, out.text].filter((l) => l !== "").join("\n") };
      return out;
    } catch (e) {
      this.job = null;
      this.expecting = null;
      // Sorted by class: built-in errors (TypeError, RangeError, …) are bugs in cryobox, and say so.
      if (isCryoboxBug(e)) return { kind: "failed", message: bugMessage(e), bug: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      return { kind: "failed", message: (e as Error).message.replace(/\s*\n\s*/g, " ") };
    }
  }

  /** Stop the `run` in progress (interactive Ctrl-C); what it did so far. */
  interruptRun(): ConsoleOutcome {
    const ticks = this.job?.report().ticks ?? this.expecting?.ticks;
    this.job = null;
    this.expecting = null;
    if (ticks === undefined) return { kind: "ok", text: "" };
    return { kind: "ok", text: `interrupted after ${ticks} ticks, at ${formatTime(this.machine?.now() ?? 0)}` };
  }

  /** `run` or `expect` in progress (interactive)? */
  get running(): boolean {
    return this.job !== null || this.expecting !== null;
  }

  private path(file: string): string {
    return this.host.resolvePath ? this.host.resolvePath(file) : file;
  }

  /** Terminal n of the running machine; an operator error when there is none. */
  private tty(n: number): ReturnType<Machine["tty"]> {
    const m = this.need();
    if (n >= m.ttyCount) throw new OperatorError(`no terminal tty${n} (this machine has tty0..tty${m.ttyCount - 1})`);
    return m.tty(n);
  }

  /** A tape unit of the running machine; an operator error when there is none. */
  private unit(u: number): void {
    const drives = this.need().kernel.config.drives;
    if (u >= drives) throw new OperatorError(`no tape unit ${u} (this machine has ${drives} drive${drives === 1 ? "" : "s"})`);
  }

  /** Where `print` and `expect` start on each terminal (live migration carries them). */
  terminalCursors(): { print: number[]; expect: number[] } {
    return { print: [...this.printFrom], expect: [...this.cursors] };
  }

  /** Go on with another console's cursors (a machine that migrated here with its scrollback). */
  resumeCursors(c: { print: readonly number[]; expect: readonly number[] }): void {
    c.print.forEach((x, n) => n < this.printFrom.length && (this.printFrom[n] = x));
    c.expect.forEach((x, n) => n < this.cursors.length && (this.cursors[n] = x));
  }

  private attach(m: Machine): void {
    this.host.attached?.(m);
    this.cursors = Array.from({ length: m.ttyCount }, (_, n) => m.tty(n).outputLength());
    this.printFrom = [...this.cursors];
  }

  private need(): Machine {
    if (!this.machine) throw new OperatorError("the machine is stopped (use restart-system FILE, or quit)");
    return this.machine;
  }

  private dispatch(cmd: ConsoleCommand): ConsoleOutcome {
    const ok = (text = ""): ConsoleOutcome => ({ kind: "ok", text });
    switch (cmd.op) {
      case "send":
        this.tty(cmd.tty).send(cmd.data); // with a timeline on, the machine's input hook records it
        return ok();
      case "show-checkpoints":
        return ok(this.host.checkpoints?.() ?? "no periodic checkpoints (cryobox boot --checkpoint-every DURATION --keep K DIR)");
      case "migrate":
        throw new OperatorError("migrate needs cryobox boot (its console or --script)");
      case "gdb": {
        const m = this.need();
        const p = m.kernel.state.procs.get(cmd.pid);
        if (!p || p.state === "zombie") throw new OperatorError(`no process ${cmd.pid}`);
        if (!this.host.startGdb) throw new OperatorError("gdb needs an interactive session (from a program: serveGdb in the library)");
        if (!this.debug.timeline || this.debug.timeline.machine !== m) this.debug.command(m, "timeline", ["on"]);
        return ok(this.host.startGdb(this.debug.timeline!, cmd.pid, cmd.port));
      }
      case "debug": {
        if (cmd.name === "show") return ok(cmd.args[0] === "breaks" ? this.debug.showBreaks() : this.debug.showTimeline());
        const before = this.need();
        const r = this.debug.command(before, cmd.name, cmd.args);
        if (r.machine !== before) {
          this.machine = r.machine;
          this.attach(r.machine);
        }
        return ok(r.text);
      }
      case "expect":
        return this.expect(cmd.tty, cmd.text, cmd.ticks ?? EXPECT_DEFAULT_TICKS);
      case "run": {
        const m = this.need();
        const job = this.job ?? new RunJob(m, cmd.ticks);
        this.job = job;
        if (!job.step(this.runSlice ?? Infinity)) return { kind: "running" };
        this.job = null;
        const r = job.report();
        const exited = r.exited.map((e) => ` pid ${e.pid} exited (status ${e.status})`).join(";");
        const state = r.panic ? `machine stopped: ${r.panic}` : r.idle ? "idle" : "running";
        const waits = mountRequests(m.kernel); // processes waiting for a volume: the operator must mount it
        if (waits.length > 0) return ok([`ran ${r.ticks} ticks, ${state}${exited ? ";" + exited : ""}`, ...waits].join("\n"));
        return ok(cmd.ticks === null || r.idle || exited || r.panic ? `ran ${r.ticks} ticks, ${state}${exited ? ";" + exited : ""}` : "");
      }
      case "checkpoint-system": {
        const m = this.need();
        const options = checkpointSystemOptions(cmd.file, cmd); // incremental/compressed: machine/console-chain.ts
        // In chunks when the host can write them: a 64 MiB box's page data are written from its own pages, not copied first.
        const host = this.host;
        const bytes = host.writeChunksAtomic ? m.checkpointChunks(options) : m.checkpoint(options);
        try {
          if (bytes instanceof Uint8Array) host.writeFileAtomic(this.path(cmd.file), bytes);
          else host.writeChunksAtomic!(this.path(cmd.file), bytes);
        } catch (e) {
          if (isCryoboxBug(e)) throw e;
          throw new Error(`cannot write '${cmd.file}': ${hostReason(e)}`);
        }
        // The state just saved: no decode. Lines attached over TCP: the tokens a restart with --lines hold wants.
        return ok([describeCheckpoint(cmd.file, bytes, m.kernel.state), ...describeChainCheckpoint(m), ...checkpointTokens(m.kernel.state)].join("\n"));
      }
      case "restart-system": {
        let bytes: Uint8Array;
        try {
          bytes = this.host.readFile(this.path(cmd.file));
        } catch (e) {
          if (isCryoboxBug(e)) throw e;
          throw new Error(`cannot read '${cmd.file}': ${hostReason(e)}`);
        }
        const chain = splitChainArgs(cmd.args); // --chain DIR: where an incremental snapshot's ancestors may be
        const parents = this.host.parents?.(this.path(cmd.file), chain.dirs.map((d) => this.path(d)));
        const m = Machine.restore(bytes, { ...restartSystemOptions(this.machine, chain.rest), parents, name: baseName(cmd.file) }); // throws before touching the running machine
        this.machine?.close();
        this.machine = m;
        this.attach(m);
        return ok([`restarted from ${cmd.file} at ${formatTime(m.now())}`, ...m.notes].join("\n"));
      }
      case "chkpnt":
      case "restart":
        return ok(jobConsoleCommand(this.need(), this.host, cmd.op, cmd.args));
      case "mount":
        this.unit(cmd.unit);
        return ok(this.need().mount(cmd.unit, cmd.reel, { readOnly: cmd.readOnly, force: cmd.force }).message);
      case "unmount":
        this.need().unmount(cmd.unit, { force: cmd.force });
        return ok(`unit ${cmd.unit}: unloaded`);
      case "attach-disk":
        return ok(attachDiskCommand(this.need(), this.path(cmd.dir), cmd.at));
      case "detach-disk":
        return ok(detachDiskCommand(this.need(), cmd.at));
      case "ps":
        return ok(formatProcs(this.view()).join("\n"));
      case "show": {
        const f = { ttys: formatTtys, pipes: formatPipes, tapes: formatTapes, mem: formatMem }[cmd.what];
        const lines = cmd.what === "ttys" ? formatLines(this.need().kernel.state) : []; // who is attached over TCP
        return ok([...f(this.view()), ...lines].join("\n"));
      }
      case "print": {
        const m = this.need();
        const tty = this.tty(cmd.tty);
        return ok(decoder.decode(tty.outputSince(this.printFrom[cmd.tty] ?? 0)));
      }
      case "crash": {
        this.machine?.close();
        this.machine = null;
        return { kind: "crash", text: "machine crashed (nothing saved)" };
      }
      case "kill": {
        const m = this.need();
        const p = m.kernel.state.procs.get(cmd.pid);
        if (!p || p.state === "zombie") throw new OperatorError(`no process ${cmd.pid}`);
        sendSignal(m.kernel, cmd.pid, cmd.sig, false);
        return ok(`${signalName(cmd.sig)} sent to pid ${cmd.pid}`);
      }
      case "quit":
      case "halt": {
        const t = this.machine ? `machine halted at ${formatTime(this.machine.now())}` : "machine halted";
        this.machine?.close();
        this.machine = null;
        return { kind: "halt", text: t };
      }
      case "help":
        if (cmd.topic !== null) {
          const usage = commandUsage(cmd.topic);
          if (usage === undefined) throw new OperatorError(`no command '${cmd.topic}' (help lists them)`);
          return ok([`usage: ${usage}`, ...(COMMAND_HELP[cmd.topic] ?? "").split("\n").filter((l) => l).map((l) => `  ${l}`)].join("\n"));
        }
        return ok(["commands (any case; help COMMAND explains one):", ...commandUsages().map((u) => `  ${u}`), "TTY is tty0, tty1, …; TICKS may use _ and k/M/G (100M ticks = 1 virtual second); ~ in a FILE is your home directory"].join("\n"));
      case "continue":
        return { kind: "continue" };
    }
  }

  private view(): ReturnType<typeof viewOf> {
    const m = this.need();
    return viewOf(m.kernel.config, m.kernel.state);
  }

  private expect(n: number, pat: Uint8Array, bound: number): ConsoleOutcome {
    const m = this.need();
    this.tty(n); // range check before running
    const job = this.expecting ?? new ExpectJob(m, n, pat, bound, this.cursors[n]!);
    this.expecting = job;
    const step = job.step(this.runSlice ?? Infinity, this.idleTicks);
    this.idleWaiting = step.kind === "running" && step.idle;
    if (step.kind === "running") return { kind: "running" };
    this.expecting = null;
    if (step.kind === "failed") return { kind: "failed", message: step.message };
    this.cursors[n] = job.end;
    return { kind: "ok", text: "" };
  }

}

/** The one-line report of a checkpoint: virtual time, processes, pipes, pages, size, hash. */
export function describeCheckpoint(file: string, bytes: Uint8Array | readonly Uint8Array[], saved?: { clock: number; procs: ReadonlyMap<number, { mem: { pages: ReadonlyMap<number, unknown> } }>; pipes: ReadonlyMap<number, unknown> }): string {
  // The counts come from the state that was just saved when the caller has it (checkpoint-system):
  // decoding and validating the whole snapshot again cost twice the checkpoint itself.
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const state = saved ?? readSnapshot(bytes instanceof Uint8Array ? bytes : concatChunks(parts)).state;
  const size = parts.reduce((n, c) => n + c.length, 0);
  const pages = [...state.procs.values()].reduce((n, p) => n + p.mem.pages.size, 0);
  return (
    `checkpoint ${file}: time ${formatTime(state.clock)}, ${state.procs.size} processes, ` +
    `${state.pipes.size} pipes, ${pages} pages, ${size} bytes, sha256 ${sha256Hex(...parts)}`
  );
}

const HOST_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a component of the path is not a directory",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EEXIST: "a temporary file of that name already exists",
};

/**
 * Why a host file operation failed, in the operator's terms: Node's messages name the
 * temporary file of an atomic write, which the operator never typed.
 */
function hostReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return `${HOST_ERRORS[code] ?? "host error"} (${code})`;
  return e instanceof Error ? e.message.replace(/\s*\n\s*/g, " ") : String(e);
}

/** Virtual time as seconds with the tick count: `1.250000000s (125000000 ticks)`. */
export function formatTime(ticks: number): string {
  return `${(ticks / TICKS_PER_SECOND).toFixed(9)}s (${ticks} ticks)`;
}
