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
import { type Incoming, receiveMachine } from "../machine/host-migrate-receive.js";
import type { RestoreOptions } from "../machine/machine.js";
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
