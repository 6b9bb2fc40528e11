// `cryobox boot` options of periodic checkpoints and of live migration:
// `--checkpoint-every DURATION --keep K DIR` (DIR is boot's one positional
// argument; `--checkpoint-dir DIR` says the same), `--restore DIR` (a folder
// of points: the newest valid one), and `--incoming [ADDR:]PORT`. Parsing
// only; machine/host-periodic.ts and cli/migrate*.ts do the work.

import { PeriodicCheckpoints } from "../machine/host-periodic.js";
import { parseDuration, parseKeep } from "../machine/periodic-schedule.js";
import type { ConsoleHost } from "../machine/console.js";
import type { Machine } from "../machine/machine.js";

export const PERIODIC_USAGE = `  --checkpoint-every DURATION [--keep K] DIR
                       checkpoint the box every DURATION of VIRTUAL time (10s, 500ms, 2m, or ticks: 100M)
                       into folder DIR (also --checkpoint-dir DIR), keeping the newest K points (default 3);
                       --restore DIR restarts the newest valid point of such a folder
  --incoming [ADDR:]PORT
                       wait for a machine sent by the console command 'migrate HOST:PORT' (live migration)
                       instead of booting; the terminals, --script and other options then apply to it
`;

export interface PeriodicArgs {
  every: number | null;
  keep: number | null;
  dir: string | null;
  /** --incoming: where to listen */
  incoming: { host: string; port: number } | null;
}

export function noPeriodic(): PeriodicArgs {
  return { every: null, keep: null, dir: null, incoming: null };
}

/** Parse `[ADDR:]PORT`; throws a one-line Error. */
export function parseListenAddress(text: string, option: string): { host: string; port: number } {
  const m = /^(?:(.+):)?([0-9]{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`${option} wants [ADDR:]PORT, not '${text}'`);
  return { host: m[1] ?? "127.0.0.1", port };
}

/** One boot argument, if it is ours (`name` without `=value`; `value()` takes the value). */
export function parsePeriodicArg(out: PeriodicArgs, arg: string, name: string, value: () => string): boolean {
  switch (name) {
    case "--checkpoint-every":
      out.every = parseDuration(value());
      return true;
    case "--keep":
      out.keep = parseKeep(value());
      return true;
    case "--checkpoint-dir":
      out.dir = value();
      return true;
    case "--incoming":
      out.incoming = parseListenAddress(value(), "--incoming");
      return true;
  }
  if (!arg.startsWith("-") && arg !== "" && out.dir === null) {
    out.dir = arg; // the DIR of --checkpoint-every DURATION --keep K DIR
    return true;
  }
  return false;
}

/** Usage errors of the combination (one line), or null. */
export function checkPeriodicArgs(p: PeriodicArgs, restore: string | null): string | null {
  if (p.dir !== null && p.every === null) return `a folder '${p.dir}' needs --checkpoint-every DURATION (boot takes no other argument)`;
  if (p.every !== null && p.dir === null) return "--checkpoint-every needs a folder: --checkpoint-every DURATION --keep K DIR";
  if (p.keep !== null && p.every === null) return "--keep needs --checkpoint-every";
  if (p.incoming !== null && restore !== null) return "--incoming and --restore cannot be used together: the machine comes from the network";
  return null;
}

/** The periodic checkpointer of these options (null without --checkpoint-every), following the console's machine. */
export function startPeriodic(p: PeriodicArgs, machine: Machine, log: (line: string) => void): PeriodicCheckpoints | null {
  if (p.every === null || p.dir === null) return null;
  const periodic = new PeriodicCheckpoints({ dir: p.dir, every: p.every, keep: p.keep ?? 3, log });
  periodic.attach(machine);
  return periodic;
}

/** Console host services for a box with (or without) periodic checkpoints. */
export function periodicHost(periodic: PeriodicCheckpoints | null): Pick<ConsoleHost, "attached" | "checkpoints"> {
  if (!periodic) return {};
  return { attached: (m) => periodic.attach(m), checkpoints: () => periodic.describe() };
}
