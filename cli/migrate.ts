// The console command `migrate HOST:PORT` (scripts and the interactive
// console) and the receiving end of `cryobox boot --incoming`: glue between
// the Console and machine/host-migrate-*.ts. A migration that succeeded ends
// this box (outcome "halt", the report); one that failed leaves the machine
// running here, untouched, and says why in one line.
//
// Between pre-copy rounds the machine runs MIGRATE_ROUND_TICKS of virtual time
// (Machine.run, so periodic checkpoints and everything else go on): a fixed
// amount, so a script that migrates stays deterministic — the rounds depend
// only on what the guest writes, and the report names the ticks run.

import type { Console, ConsoleOutcome } from "../machine/console.js";
import { MigrateError, sendMachine } from "../machine/host-migrate-send.js";
import { type Incoming, downtimeSoFar, receiveMachine } from "../machine/host-migrate-receive.js";
import type { Machine, RestoreOptions } from "../machine/machine.js";
import type { TerminalCarry } from "../machine/migrate-send.js";
import { formatTime } from "../machine/console.js";

/** Virtual ticks the machine runs between two pre-copy rounds (10 virtual ms). */
export const MIGRATE_ROUND_TICKS = 1_000_000;

export interface MigrateCommandOptions {
  /** host ms (tests and benchmarks) */
  clock?: () => number;
  timeoutMs?: number;
}

/** Run `migrate HOST:PORT` on the console's machine. Never throws for a failed migration. */
export async function migrateCommand(con: Console, host: string, port: number, o: MigrateCommandOptions = {}): Promise<ConsoleOutcome> {
  const m = con.machine;
  if (!m) return { kind: "failed", message: "the machine is stopped (use restart-system FILE, or quit)" };
  let ran = 0;
  try {
    const r = await sendMachine(m, {
      host,
      port,
      clock: o.clock,
      timeoutMs: o.timeoutMs,
      runBetween: (x) => {
        x.run(MIGRATE_ROUND_TICKS);
        ran += MIGRATE_ROUND_TICKS;
      },
      terminals: (): TerminalCarry[] => {
        const c = con.terminalCursors();
        return m.terminalLogs().map((l, n) => ({ ...l, printFrom: c.print[n] ?? l.start, expectFrom: c.expect[n] ?? l.start }));
      },
    });
    m.close(); // committed: the machine lives there now; never run it here again
    con.machine = null;
    const pre = r.rounds.reduce((n, x) => n + x.pages, 0);
    return {
      kind: "halt",
      text:
        `machine migrated to ${host}:${port} at ${formatTime(r.at)}: ${r.rounds.length} pre-copy round${r.rounds.length === 1 ? "" : "s"} ` +
        `(${pre} pages, ${ran} ticks run meanwhile), stop-and-copy ${r.final.pages} pages and ${r.final.bytes} bytes, downtime ${r.downtimeMs.toFixed(2)} ms`,
    };
  } catch (e) {
    const why = e instanceof MigrateError ? e.message : `a bug in cryobox: ${(e as Error).message}`;
    return { kind: "failed", message: `migrate ${host}:${port}: ${why}; the machine keeps running here` };
  }
}

/** `boot --incoming`: wait for a machine; the lines go to `log`. */
export function incomingMachine(addr: { host: string; port: number }, restore: RestoreOptions, log: (line: string) => void): Promise<Incoming> {
  return receiveMachine({ host: addr.host, port: addr.port, restore, log });
}

/** Most bytes of the carried transcript an interactive target replays (a screenful is far less). */
const REPLAY_MAX = 64 << 10;

/**
 * What an interactive target shows when a machine arrives: one line saying so (with the downtime so
 * far: the source's stop → now, on the hosts' clocks), then the last `rows` lines of tty0 as the
 * source's screen showed them — the transcript travelled with the machine — so the user sees the
 * shell and its prompt where they left them instead of a blank screen.
 */
export function arrivalScreen(got: Incoming, rows: number): Uint8Array {
  const m: Machine = got.machine;
  const ms = downtimeSoFar(got);
  const head = new TextEncoder().encode(
    `cryobox: the machine from ${got.from} runs here now, at virtual time ${formatTime(m.now())}` +
      (Number.isFinite(ms) ? ` (stopped ${ms.toFixed(1)} ms ago on the source)` : "") +
      "; Ctrl-E: operator console\r\n",
  );
  const log = m.terminalLogs()[0]?.bytes ?? new Uint8Array(0);
  const from = Math.max(0, log.length - REPLAY_MAX);
  let at = log.length;
  let lines = 0;
  while (at > from) {
    if (log[at - 1] === 0x0a && ++lines >= rows) break; // the newline ending the line above the screen
    at--;
  }
  while (at < log.length && (log[at]! & 0xc0) === 0x80) at++; // not in the middle of a UTF-8 character
  const out = new Uint8Array(head.length + log.length - at);
  out.set(head);
  out.set(log.subarray(at), head.length);
  return out;
}
