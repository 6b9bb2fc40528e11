// The network options of `cryobox boot` (docs/network.md): --listen [ADDR:]PORT
// (terminal lines over TCP), --net PORT[,PORT…] (host ports the guest may
// connect to), --forward HOSTPORT:GUESTPORT (host clients reach a guest
// server), --lines hangup|hold (what a restart does to lines that had a
// connection); starting the host side for a booted or restored machine, and
// serving it while a script runs (executeWithNet).

import type { Machine } from "../machine/machine.js";
import type { Console, ConsoleOutcome } from "../machine/console.js";
import type { ConsoleCommand } from "../machine/console-parse.js";
import { HostNet } from "../machine/host-net.js";
import type { LinePolicy } from "../kernel/net-line.js";
import { TICKS_PER_SECOND } from "../kernel/param.js";

export interface NetArgs {
  listen: { host: string; port: number } | null;
  allow: number[];
  forwards: { hostPort: number; guestPort: number }[];
  lines: LinePolicy;
}

export const NET_USAGE = `  --listen [ADDR:]PORT  terminal lines over TCP (telnet or nc; default address 127.0.0.1)
  --net PORT[,PORT]    host ports on 127.0.0.1 the guest may connect to; repeatable
  --forward HOST:GUEST host port HOST reaches guest port GUEST (a guest server); repeatable
  --lines hangup|hold  on restart, lines that had a connection are hung up (default) or held for their token
`;

function port(v: string, what: string, zero = false): number {
  const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!(n >= (zero ? 0 : 1) && n <= 65535)) throw new Error(`${what} wants a port number from ${zero ? 0 : 1} to 65535, not '${v}'`);
  return n;
}

/** Handle one network option into `net`; false when `name` is not one. Throws Error with a one-line message. */
export function parseNetArg(net: NetArgs, name: string, value: () => string): boolean {
  switch (name) {
    case "--listen": {
      const v = value();
      const m = /^(?:(.+):)?([0-9]+)$/.exec(v);
      if (!m) throw new Error(`--listen wants [ADDR:]PORT, not '${v}'`);
      net.listen = { host: m[1] ?? "127.0.0.1", port: port(m[2]!, "--listen", true) };
      return true;
    }
    case "--net":
      for (const p of value().split(",")) net.allow.push(port(p, "--net"));
      return true;
    case "--forward": {
      const v = value();
      const m = /^([0-9]+):([0-9]+)$/.exec(v);
      if (!m) throw new Error(`--forward wants HOSTPORT:GUESTPORT, not '${v}'`);
      net.forwards.push({ hostPort: port(m[1]!, "--forward", true), guestPort: port(m[2]!, "--forward") });
      return true;
    }
    case "--lines": {
      const v = value();
      if (v !== "hangup" && v !== "hold") throw new Error(`--lines wants hangup or hold, not '${v}'`);
      net.lines = v;
      return true;
    }
    default:
      return false;
  }
}

/** No network options given. */
export function noNet(): NetArgs {
  return { listen: null, allow: [], forwards: [], lines: "hangup" };
}

/** Start the host side when any network option was given; one line per open port on `say`. Rejects with the host's error. */
export async function startNet(machine: Machine, net: NetArgs, say: (line: string) => void): Promise<HostNet | null> {
  if (!net.listen && net.allow.length === 0 && net.forwards.length === 0) return null;
  const h = new HostNet(machine, { listen: net.listen, allow: net.allow, forwards: net.forwards });
  try {
    await h.start();
  } catch (e) {
    await h.close();
    throw new Error(`cannot open network ports: ${(e as Error).message}`);
  }
  if (net.listen) say(`cryobox: terminal lines on ${net.listen.host}:${h.listenPort} (telnet or nc)`);
  h.forwardPorts.forEach((p, i) => say(`cryobox: host port ${p} → guest port ${net.forwards[i]!.guestPort}`));
  if (net.allow.length > 0) say(`cryobox: the guest may connect to host 127.0.0.1 port ${net.allow.join(", ")}`);
  return h;
}

/** Ticks a script's `run` goes between two turns of the host's event loop when the network is on. */
export const SCRIPT_NET_SLICE = 2_000_000;

/** How long a script waiting in `expect` on an idle machine sleeps between two looks for host input. */
const IDLE_LOOK_MS = 10;

/**
 * Execute one script command with the network served: a `run` or an `expect`
 * goes a slice at a time, the host's event loop turning between slices
 * (clients connect, bytes arrive) and the network pumped around each; other
 * commands run whole, with a pump before and after. An `expect` that finds the
 * machine idle does not fail (a client may still type): virtual time follows
 * the host's clock while it waits, as on an interactive console, up to the
 * expect's bound in ticks. A new machine (restart-system) takes over the
 * adapter, its old connections dropped.
 */
export async function executeWithNet(con: Console, cmd: ConsoleCommand, net: HostNet, wallMs: () => number = () => performance.now()): Promise<ConsoleOutcome> {
  con.runSlice = SCRIPT_NET_SLICE;
  let last = wallMs();
  try {
    for (;;) {
      net.serve(con.machine);
      const now = wallMs();
      con.idleTicks = Math.max(0, Math.round(((now - last) * TICKS_PER_SECOND) / 1000));
      last = now;
      const r = con.execute(cmd);
      net.serve(con.machine);
      if (r.kind !== "running") return r;
      if (con.idleWaiting) await new Promise((resolve) => setTimeout(resolve, IDLE_LOOK_MS));
      else await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    con.runSlice = null;
    con.idleTicks = null;
  }
}
