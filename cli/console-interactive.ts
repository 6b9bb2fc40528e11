// Interactive `cryobox boot`: the host terminal is tty0. The machine runs in
// slices between host events, guest output goes to stdout as it appears,
// keystrokes go to tty0 at the current virtual time, and Ctrl-E switches to
// the operator console (`cryobox> `, a line editor with history and completion)
// until `continue`. On a terminal, idle virtual time follows the wall clock
// (cli/pacer.ts) and the host window's size is tty0's (a resize sends
// SIGWINCH). At the console, Ctrl-C clears the line or stops a long `run`,
// Ctrl-D and quit/exit ask before a machine that has run since its last
// checkpoint is lost, and `crash` leaves the console waiting for
// restart-system or quit. The host terminal's mode is restored on every exit.

import { createInterface, type Interface } from "node:readline";
import { PassThrough } from "node:stream";
import { Console, type ConsoleHost } from "../machine/console.js";
import { hostConsole } from "../machine/host-console.js";
import { startGdbForConsole } from "../machine/host-gdb.js";
import { ExecCatcher } from "../machine/exec-catch.js";
import { parseLine } from "../machine/console-parse.js";
import type { Machine } from "../machine/machine.js";
import { HostTerminal, type HostInput } from "./host-terminal.js";
import type { HostNet } from "../machine/host-net.js";
import { Pacer } from "./pacer.js";
import { completeConsoleLine } from "./console-complete.js";
import { migrateCommand } from "./migrate.js";
import { formatTime } from "../machine/console.js";
import { realtimeNow } from "../kernel/realtime.js";

/** The console escape key (Ctrl-E, as in SIMH). */
export const CONSOLE_KEY = 0x05;
/** Virtual ticks run between two looks at the host (10 ms of virtual time). */
export const INTERACTIVE_SLICE = 1_000_000;
/** Ticks a console `run` goes between two looks at the host (Ctrl-C can stop it in between). */
export const CONSOLE_RUN_SLICE = 20_000_000;

/** Where `cryobox boot` reads and writes (process stdio, or doubles in tests). */
export interface BootIO {
  stdin: NodeJS.ReadableStream & HostInput;
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string | Uint8Array): unknown };
  /** The host window's size, when there is one (a terminal). */
  size?: () => { rows: number; cols: number } | null;
  /** Call `cb` when the host window is resized; returns the unsubscribe function. */
  onResize?: (cb: () => void) => () => void;
  /** Host milliseconds for pacing (default performance.now). */
  now?: () => number;
}

/** How the interactive session runs. */
export interface InteractiveOptions {
  /** pace idle virtual time to the wall clock (default: when stdin is a terminal) */
  pace?: boolean;
  /** print this banner first (a restart: what was restored, the notes) and ask the foreground program to redraw */
  restored?: { file: string; notes: readonly string[] } | null;
  /** a freshly booted machine (not restored, not migrated here): print the one-line hint about Ctrl-E */
  booted?: boolean;
  /** show the stack of an internal error (CRYOBOX_DEBUG=1 or --debug) */
  debug?: boolean;
  /** the host side of the network (boot --listen/--net/--forward), pumped between slices */
  net?: HostNet | null;
  /** boot --gdb PORT: the next program started on tty0 stops before its first instruction and is served to gdb */
  gdb?: number;
  /** more console host services (periodic checkpoints: cli/periodic-args.ts) */
  host?: Partial<ConsoleHost>;
  /** a machine that migrated here: its console's print/expect cursors (cli/migrate.ts) */
  cursors?: { print: number[]; expect: number[] } | null;
}

/** The real process's stdio. */
export function processIO(): BootIO {
  const out = process.stdout;
  return {
    stdin: process.stdin,
    stdout: out,
    stderr: process.stderr,
    size: () => (out.isTTY && out.rows > 0 && out.columns > 0 ? { rows: out.rows, cols: out.columns } : null),
    onResize: (cb) => {
      out.on("resize", cb);
      return () => out.off("resize", cb);
    },
    now: () => performance.now(),
  };
}

/** Drive `machine` with the host terminal until halt, quit or end of input; resolves to the exit status. */
export function runInteractive(machine: Machine, io: BootIO, opts: InteractiveOptions = {}): Promise<number> {
  const term = new HostTerminal(io.stdin);
  const con = new Console(machine, { ...hostConsole, startGdb: startGdbForConsole, ...opts.host });
  if (opts.cursors) con.resumeCursors(opts.cursors);
  const pace = opts.pace ?? term.isTTY;
  const debug = opts.debug ?? process.env.CRYOBOX_DEBUG === "1";
  const now = io.now ?? (() => performance.now());
  const history: string[] = [];
  return new Promise<number>((resolve) => {
    let shownFor: Machine | null = null; // the machine whose tty0 output `shown` counts
    let shown = 0;
    let pacer: Pacer | null = null;
    let pacerFor: Machine | null = null;
    let immediate: NodeJS.Immediate | null = null;
    let timer: NodeJS.Timeout | null = null;
    let finished = false;
    let inputEnded = false;
    let inConsole = false;
    let rl: Interface | null = null;
    let consoleIn: PassThrough | null = null;
    let busy = false; // a console command (a sliced `run`) is in progress
    const queued: string[] = []; // console lines typed while busy
    let savedAt = -1; // virtual time of the last checkpoint-system (quit does not ask when nothing ran since)
    let asking: ((answer: string) => void) | null = null;
    let catcher = opts.gdb !== undefined ? new ExecCatcher(machine.kernel) : null;

    const pacerOf = (m: Machine): Pacer => {
      if (pacerFor !== m || !pacer) {
        pacer = new Pacer(m, now);
        pacerFor = m;
      }
      return pacer;
    };
    if (opts.net) opts.net.onActivity = () => schedule(); // a network client typed: step now
    const finish = (status: number): void => {
      if (finished) return;
      finished = true;
      void opts.net?.close();
      cancel();
      unsubscribeResize();
      io.stdin.off("data", onData);
      io.stdin.off("end", onEnd);
      io.stdin.pause();
      closeConsole();
      con.machine?.close();
      term.restore();
      resolve(status);
    };
    const flush = (): void => {
      const m = con.machine;
      if (!m) return;
      if (shownFor !== m) {
        shownFor = m;
        shown = m.tty(0).outputLength();
      }
      const out = m.tty(0).outputSince(shown);
      shown += out.length;
      if (out.length > 0) io.stdout.write(out);
    };
    const cancel = (): void => {
      if (immediate) clearImmediate(immediate);
      if (timer) clearTimeout(timer);
      immediate = null;
      timer = null;
    };
    /** Step again at once (0), after `ms`, or only when input comes (null). */
    const schedule = (ms: number | null = 0): void => {
      // In the console nothing is scheduled here, and nothing is cancelled either: the pending
      // immediate may be a console `run`'s next slice (a network client's poke used to cancel it,
      // and the run stalled until Ctrl-C).
      if (finished || inConsole) return;
      cancel();
      if (ms === 0) immediate = setImmediate(step);
      else if (ms !== null) timer = setTimeout(step, ms);
    };
    const step = (): void => {
      immediate = null;
      timer = null;
      if (finished || inConsole) return;
      const m = con.machine;
      if (!m) return;
      const net = opts.net;
      net?.serve(m); // after restart-system: the old machine's connections are gone
      let panic = "";
      let wait: number | null;
      if (pace) {
        const s = pacerOf(m).step(INTERACTIVE_SLICE);
        panic = s.report?.panic ?? m.kernel.state.panic;
        wait = s.waitMs;
      } else {
        const r = m.run(INTERACTIVE_SLICE);
        panic = r.panic;
        wait = r.idle ? null : 0;
      }
      flush();
      if (panic) {
        io.stderr.write(`\r\ncryobox: machine stopped: ${panic}\r\n`);
        return finish(1);
      }
      net?.serve(m);
      if (catcher?.caught) return gdbCaught();
      if (wait === null && inputEnded && !net) return finish(0); // idle and nobody can type any more
      schedule(wait);
    };

    /** Keystrokes for the guest, up to a Ctrl-E; what follows it goes to the console. */
    const toGuest = (bytes: Buffer): void => {
      const at = bytes.indexOf(CONSOLE_KEY);
      const keys = at < 0 ? bytes : bytes.subarray(0, at);
      const m = con.machine;
      if (keys.length > 0 && m) {
        if (pace) pacerOf(m).catchUp(); // the keys enter at the virtual time the wall clock says
        m.tty(0).send(new Uint8Array(keys));
        flush();
      }
      if (at >= 0) {
        enterConsole();
        if (at + 1 < bytes.length) consoleIn?.write(bytes.subarray(at + 1));
      } else schedule();
    };
    const onData = (chunk: Buffer | string): void => {
      if (finished) return;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (!inConsole) return toGuest(bytes);
      // Console keys the line editor does not handle as we want: Ctrl-C stops a run, Ctrl-D quits.
      if (bytes.length === 1 && bytes[0] === 0x03 && busy) return interruptRun();
      if (bytes.length === 1 && bytes[0] === 0x04 && term.isTTY && rl && rl.line === "" && !asking) {
        io.stdout.write("quit\n");
        return consoleLine("quit");
      }
      consoleIn?.write(bytes);
    };
    const onEnd = (): void => {
      inputEnded = true;
      if (inConsole) {
        consoleIn?.end();
        if (!busy) finish(0);
      } else schedule();
    };

    // boot --gdb: the program just exec'd waits at its first instruction; the console serves it to gdb.
    const gdbCaught = (): void => {
      const c = catcher!.caught!;
      catcher!.release();
      catcher = null;
      io.stdout.write(`\r\ncryobox: ${c.comm} (pid ${c.pid}) stopped before its first instruction for gdb\r\n`);
      enterConsole();
      io.stdout.write(`gdb ${opts.gdb} ${c.pid}\n`); // as if the operator had typed it
      runCommand(`gdb ${opts.gdb} ${c.pid}`);
    };
    const enterConsole = (): void => {
      inConsole = true;
      cancel();
      const m = con.machine;
      if (m && pace) pacerOf(m).catchUp();
      flush();
      io.stdout.write("\r\n");
      openConsole();
      prompt();
    };
    const leaveConsole = (): void => {
      closeConsole();
      inConsole = false;
      term.setRaw();
      const m = con.machine;
      if (m && pace) pacerOf(m).reanchor(); // time at the console is the operator's, not the guest's
      flush();
      schedule();
    };
    /** The console's line editor reads what onData passes it (so Ctrl-E + text typed at once reaches it). */
    const openConsole = (): void => {
      consoleIn = new PassThrough();
      // The host terminal stays raw: on a terminal the line editor does the editing (history, completion).
      rl = createInterface({
        input: consoleIn,
        output: io.stdout as NodeJS.WritableStream,
        terminal: term.isTTY,
        history: [...history],
        historySize: 500,
        removeHistoryDuplicates: true,
        completer: (line: string) => completeConsoleLine(line),
        prompt: "cryobox> ",
      });
      rl.on("line", (line) => {
        if (asking) {
          const a = asking;
          asking = null;
          return a(line);
        }
        if (line.trim() !== "" && history[0] !== line) history.unshift(line);
        if (busy) queued.push(line);
        else consoleLine(line);
      });
      rl.on("SIGINT", () => {
        if (busy) return interruptRun();
        asking = null;
        io.stdout.write("^C\n");
        rl?.write(null, { ctrl: true, name: "u" }); // drop the half-typed line
        prompt();
      });
    };
    const closeConsole = (): void => {
      const r = rl;
      rl = null;
      consoleIn = null;
      r?.removeAllListeners("line");
      r?.close();
    };
    const prompt = (): void => {
      flush(); // show what the machine printed while the operator ran commands (expect, run, …)
      if (rl) rl.prompt();
      else io.stdout.write("cryobox> ");
    };
    const ask = (question: string, then: (yes: boolean) => void): void => {
      asking = (answer) => then(/^y(es)?$/i.test(answer.trim()));
      io.stdout.write(question);
    };

    const consoleLine = (line: string): void => {
      let cmd;
      try {
        cmd = parseLine(line);
      } catch {
        cmd = undefined; // the console reports the syntax error itself
      }
      if (cmd?.op === "quit" && con.machine && con.machine.now() !== savedAt) {
        return ask("The machine has run since its last checkpoint and will be lost. Quit anyway? [y/N] ", (yes) => {
          if (yes) {
            io.stdout.write("machine dropped\n");
            return finish(0);
          }
          prompt();
        });
      }
      if (cmd?.op === "migrate") {
        // Asynchronous (the network): the box runs the pre-copy rounds itself; halt on success, the reason otherwise.
        busy = true;
        void migrateCommand(con, cmd.host, cmd.port).then((r) => {
          busy = false;
          showOutcome(r, line);
        });
        return;
      }
      if (cmd?.op === "run" || cmd?.op === "expect") {
        busy = true;
        con.runSlice = CONSOLE_RUN_SLICE;
      }
      runCommand(line);
    };
    /** Run a console command (again, for each slice of a `run` or `expect`), serving the network around it: clients are answered while it runs. */
    const runCommand = (line: string): void => {
      opts.net?.serve(con.machine);
      const r = con.executeLine(line);
      opts.net?.serve(con.machine);
      if (r !== null && r.kind === "running") {
        immediate = setImmediate(() => {
          immediate = null;
          if (busy && !finished) runCommand(line);
        });
        return;
      }
      busy = false;
      con.runSlice = null;
      showOutcome(r, line);
    };
    const interruptRun = (): void => {
      if (!busy) return;
      cancel();
      busy = false;
      con.runSlice = null;
      io.stdout.write("^C\n");
      showOutcome(con.interruptRun(), "run");
    };
    const showOutcome = (r: ReturnType<Console["executeLine"]>, line: string): void => {
      if (finished) return;
      if (r === null) return next();
      switch (r.kind) {
        case "ok":
          if (/^\s*checkpoint-system\b/i.test(line) && con.machine) savedAt = con.machine.now();
          if (/^\s*restart-system\b/i.test(line) && con.machine) afterRestart(con.machine);
          if (r.text) io.stdout.write(r.text.endsWith("\n") ? r.text : r.text + "\n");
          return next();
        case "failed":
          io.stdout.write(`error: ${r.message}\n`);
          if (r.bug !== undefined) io.stdout.write(debug ? `${r.bug}\n` : "(CRYOBOX_DEBUG=1 shows the stack)\n");
          return next();
        case "crash":
          io.stdout.write(`${r.text}; restart-system FILE brings a saved machine back, quit leaves\n`);
          return next();
        case "halt":
          io.stdout.write(r.text + "\n");
          return finish(0);
        case "continue":
          if (!con.machine) {
            io.stdout.write("the machine is stopped; use restart-system FILE, or quit\n");
            return next();
          }
          return leaveConsole();
        case "running":
          return next(); // not reached: runCommand keeps going until the run is done
      }
    };
    /** The next queued line, or the prompt. */
    const next = (): void => {
      if (finished || !inConsole) return;
      const line = queued.shift();
      if (line !== undefined) return consoleLine(line);
      if (inputEnded) return finish(0);
      prompt();
    };

    /** A machine that just came back from a snapshot: the host window's size, and a repaint request. */
    const afterRestart = (m: Machine): void => {
      savedAt = m.now();
      if (pace) m.setRealtime(Date.now()); // a restored box was switched off: its wall clock moved on
      const sz = io.size?.();
      const resized = sz ? m.tty(0).resize(sz.rows, sz.cols) : false;
      if (!resized) m.tty(0).redraw();
    };
    const onResize = (): void => {
      const sz = io.size?.();
      const m = con.machine;
      if (!sz || !m) return;
      if (pace) pacerOf(m).catchUp();
      m.tty(0).resize(sz.rows, sz.cols);
      schedule();
    };
    const unsubscribeResize = io.onResize ? io.onResize(onResize) : () => undefined;

    // Start: the window's size, a restart's banner, and the guest.
    const sz = io.size?.();
    if (sz) machine.tty(0).resize(sz.rows, sz.cols);
    if (opts.restored) {
      const t = realtimeNow(machine.kernel.state);
      io.stdout.write(
        `cryobox: restarted from ${opts.restored.file} at virtual time ${formatTime(machine.now())}; ` +
          `the guest's clock reads ${new Date(t.sec * 1000).toISOString()}\r\n`,
      );
      for (const n of opts.restored.notes) io.stdout.write(`  ${n}\r\n`);
      io.stdout.write("(Ctrl-E: operator console; the screen was not saved: programs repaint on SIGWINCH, a shell on Enter)\r\n");
      savedAt = machine.now();
      machine.tty(0).redraw();
    } else if (opts.booted) {
      // A new user's first screen: say how to reach the console (and so how to checkpoint or stop).
      io.stdout.write("cryobox: booted; Ctrl-E: operator console ('help' lists its commands, 'halt' stops the machine)\r\n");
    }
    io.stdin.on("data", onData);
    io.stdin.on("end", onEnd);
    io.stdin.resume();
    term.setRaw();
    flush();
    schedule();
  });
}
