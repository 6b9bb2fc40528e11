// Interactive `cryobox boot`: the host terminal is tty0. The machine runs in
// slices between host events (setImmediate), guest output goes to stdout as
// it appears, keystrokes go to tty0 at the current virtual time, and Ctrl-E
// switches to the operator console (`cryobox> `, cooked host lines) until
// `continue`. When the machine is idle we wait for the next keystroke instead
// of spinning. The host terminal's mode is restored on every exit path.

import { Console } from "../machine/console.js";
import { hostConsole } from "../machine/host-console.js";
import type { Machine } from "../machine/machine.js";
import { HostTerminal, type HostInput } from "./host-terminal.js";

/** The console escape key (Ctrl-E, as in SIMH). */
export const CONSOLE_KEY = 0x05;
/** Virtual ticks run between two looks at the host (10 ms of virtual time). */
export const INTERACTIVE_SLICE = 1_000_000;

/** Where `cryobox boot` reads and writes (process stdio, or doubles in tests). */
export interface BootIO {
  stdin: NodeJS.ReadableStream & HostInput;
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string | Uint8Array): unknown };
}

/** The real process's stdio. */
export function processIO(): BootIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Drive `machine` with the host terminal until halt, crash or end of input; resolves to the exit status. */
export function runInteractive(machine: Machine, io: BootIO): Promise<number> {
  const term = new HostTerminal(io.stdin);
  const con = new Console(machine, hostConsole);
  return new Promise<number>((resolve) => {
    let shownFor: Machine | null = null; // the machine whose tty0 output `shown` counts
    let shown = 0;
    let scheduled = false;
    let finished = false;
    let inputEnded = false;
    let inConsole = false;
    let pending = ""; // console mode: typed text not yet ended by a newline

    const finish = (status: number): void => {
      if (finished) return;
      finished = true;
      io.stdin.off("data", onData);
      io.stdin.off("end", onEnd);
      io.stdin.pause();
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
    const step = (): void => {
      scheduled = false;
      if (finished || inConsole) return;
      const m = con.machine;
      if (!m) return;
      let r;
      try {
        r = m.run(INTERACTIVE_SLICE);
      } catch (e) {
        term.restore();
        throw e; // a bug in cryobox; the terminal is already sane
      }
      flush();
      if (r.panic) {
        io.stderr.write(`\r\ncryobox: machine stopped: ${r.panic}\r\n`);
        finish(1);
      } else if (!r.idle) schedule();
      else if (inputEnded) finish(0); // idle and nobody can type any more
      // else: idle, wait for a keystroke (onData schedules)
    };
    const schedule = (): void => {
      if (!scheduled && !finished) {
        scheduled = true;
        setImmediate(step);
      }
    };
    /** Keystrokes for the guest, up to a Ctrl-E; what follows it goes to the console. */
    const toGuest = (bytes: Buffer): void => {
      const at = bytes.indexOf(CONSOLE_KEY);
      const keys = at < 0 ? bytes : bytes.subarray(0, at);
      if (keys.length > 0 && con.machine) {
        con.machine.tty(0).send(new Uint8Array(keys));
        flush();
      }
      if (at >= 0) {
        enterConsole();
        toConsole(bytes.subarray(at + 1));
      } else schedule();
    };
    /** Console lines (cooked by the host terminal); after `continue` the rest goes to the guest again. */
    const toConsole = (bytes: Buffer): void => {
      pending += bytes.toString("utf8");
      let nl: number;
      while (inConsole && !finished && (nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).replace(/\r$/, "");
        pending = pending.slice(nl + 1);
        consoleLine(line);
      }
      if (!inConsole && !finished && pending.length > 0) {
        const rest = Buffer.from(pending, "utf8");
        pending = "";
        toGuest(rest);
      }
    };
    const onData = (chunk: Buffer | string): void => {
      if (finished) return;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (inConsole) toConsole(bytes);
      else toGuest(bytes);
    };
    const onEnd = (): void => {
      inputEnded = true;
      if (inConsole) finish(0);
      else schedule();
    };
    const enterConsole = (): void => {
      inConsole = true;
      term.setCooked();
      io.stdout.write("\r\ncryobox> ");
    };
    const consoleLine = (line: string): void => {
      const r = con.executeLine(line);
      if (r === null) return prompt();
      switch (r.kind) {
        case "ok":
          if (r.text) io.stdout.write(r.text.endsWith("\n") ? r.text : r.text + "\n");
          return prompt();
        case "failed":
          io.stdout.write(`error: ${r.message}\n`);
          return prompt();
        case "halt":
        case "crash":
          io.stdout.write(r.text + "\n");
          return finish(0);
        case "continue":
          if (!con.machine) {
            io.stdout.write("the machine is stopped; use restart-system FILE or halt\n");
            return prompt();
          }
          inConsole = false;
          term.setRaw();
          flush();
          schedule();
          return;
      }
    };
    const prompt = (): void => {
      flush(); // show what the machine printed while the operator ran commands (expect, run, …)
      io.stdout.write("cryobox> ");
    };

    io.stdin.on("data", onData);
    io.stdin.on("end", onEnd);
    io.stdin.resume();
    term.setRaw();
    flush();
    schedule();
  });
}
