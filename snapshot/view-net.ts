// The network in kernel terms, for inspect, `show ttys`, `show net` and the
// checkpoint report: terminal lines attached over TCP (with the tokens that
// reclaim them under policy hold), sockets inside the machine, connections
// with the host (which a restart drops), and the ports the operator opened.

import type { KernelState } from "../kernel/state.js";
import { safeText } from "./escape.js";

// Peers, tokens and socket paths are text from the state (a restored snapshot may be forged): escaped.

/** One line per terminal attached over TCP. */
export function formatLines(s: KernelState): string[] {
  return s.netLines.map((l) => safeText(`tty${l.tty}: ${l.held ? "held for its token" : `attached to ${l.peer}`} (token ${l.token})`));
}

/** Tokens to print when a checkpoint is taken (restart with --lines hold needs them). */
export function checkpointTokens(s: KernelState): string[] {
  return s.netLines.map((l) => safeText(`tty${l.tty} (${l.peer}): token ${l.token}`));
}

/** The whole network section of inspect. */
export function formatNet(s: KernelState): string[] {
  const out: string[] = [];
  for (const p of s.netPorts) {
    out.push(p.kind === "allow" ? `the guest may connect to host port ${p.hostPort}` : `forward: host port ${p.hostPort} → guest port ${p.guestPort} (comes back listening)`);
  }
  out.push(...formatLines(s));
  const socks = [...s.sockets.values()].sort((a, b) => a.id - b.id);
  for (const so of socks) {
    const name = so.domain === "unix" ? (so.path || "(unnamed)") : `port ${so.port}`;
    let what: string;
    if (so.state === "listening") what = `listening on ${name}, ${so.backlog.length} waiting`;
    else if (so.outside === "host") what = `${so.state} to host 127.0.0.1:${so.hostPort} — outside: dropped at restart`;
    else if (so.outside === "forward") what = `${so.state} from host port ${so.hostPort} to guest ${name} — outside: dropped at restart`;
    else if (so.peer >= 0) what = `${so.state} ${name} ↔ socket ${so.peer}`;
    else what = `${so.state} ${name}`;
    const bytes = so.rx.length + so.tx.length > 0 ? `, ${so.rx.length} bytes to read${so.tx.length ? `, ${so.tx.length} to send` : ""}` : "";
    const err = so.error ? `, pending error ${so.error}` : "";
    out.push(safeText(`socket ${so.id} (${so.domain}): ${what}${bytes}${err}`));
  }
  return out.length > 0 ? out : ["none"];
}
