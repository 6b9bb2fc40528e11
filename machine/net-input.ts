// Network input as recorded events: everything the host side of the network
// (machine/host-net.ts) does to a machine — a client arriving through a
// forward, bytes delivered, the host taking what the guest wrote, a line
// attached or hung up, a window size — is one NetEvent applied here at the
// machine's current virtual time. A hook (the timeline's, see setNetHook) is
// told of each event before it is applied, so a replay that applies the same
// events at the same virtual times gives the same machine, bit for bit.
// Bytes typed into a terminal line are terminal input (Machine.tty().send,
// recorded by Machine.inputHook), not NetEvents.
//
// Host-side bookkeeping only: no Node built-in here (the replay runs anywhere).

import type { Machine } from "./machine.js";
import { SOCK_BUF, type NetPort } from "../kernel/socket-state.js";
import { attachLine, detachLine, reclaimLine } from "../kernel/net-line.js";
import { resizeTty } from "../kernel/tty-winsize.js";
import {
  netConnected, netDeliver, netIncoming, netPeerClosed, netPeerReset, netRefused, netTake, setNetPorts,
} from "../kernel/socket-outside.js";

/** One thing the outside did to the machine's network. */
export type NetEvent =
  | { kind: "ports"; ports: NetPort[] } // the operator's permissions (boot --net / --forward)
  | { kind: "incoming"; guestPort: number; hostPort: number; remotePort: number } // a host client reached a forward
  | { kind: "connected"; sock: number } // the host accepted a guest connect
  | { kind: "refused"; sock: number } // … or refused it
  | { kind: "deliver"; sock: number; bytes: Uint8Array } // bytes from the host (as many as the buffer took)
  | { kind: "take"; sock: number } // the host took what the guest wrote
  | { kind: "closed"; sock: number } // the host end sent its FIN
  | { kind: "reset"; sock: number } // the host end went away
  | { kind: "attach"; tty: number; peer: string; token: string } // a TCP client got a terminal line
  | { kind: "detach"; tty: number } // its connection closed: the line is hung up
  | { kind: "reclaim"; token: string; peer: string } // a client presented a held line's token
  | { kind: "resize"; tty: number; rows: number; cols: number }; // NAWS from a telnet client

export type NetHook = (e: NetEvent) => void;

// The hook of each machine (a WeakMap, so the Machine class needs no field for it and a
// dropped machine takes its hook with it).
const hooks = new WeakMap<Machine, NetHook>();

/** Be told of every NetEvent applied to `m` (null: stop). The timeline records them through this. */
export function setNetHook(m: Machine, hook: NetHook | null): void {
  if (hook) hooks.set(m, hook);
  else hooks.delete(m);
}

/**
 * Apply `e` to machine `m` now, after telling its hook. The result is the
 * kernel's answer: the new socket's id or −errno (incoming), the count of
 * bytes taken (deliver), the held line reclaimed or −1 (reclaim), 0 otherwise.
 * `take` hands the guest's bytes to `out` (a replay passes nothing: they went
 * to the host the first time).
 */
export function applyNetEvent(m: Machine, e: NetEvent, out?: (bytes: Uint8Array) => void): number {
  hooks.get(m)?.(e);
  const k = m.kernel;
  switch (e.kind) {
    case "ports":
      setNetPorts(k, e.ports);
      return 0;
    case "incoming":
      return netIncoming(k, e.guestPort, e.hostPort, e.remotePort);
    case "connected":
      netConnected(k, e.sock);
      return 0;
    case "refused":
      netRefused(k, e.sock);
      return 0;
    case "deliver":
      return netDeliver(k, e.sock, e.bytes);
    case "take": {
      const bytes = netTake(k, e.sock);
      out?.(bytes);
      return bytes.length;
    }
    case "closed":
      netPeerClosed(k, e.sock);
      return 0;
    case "reset":
      netPeerReset(k, e.sock);
      return 0;
    case "attach":
      attachLine(k, e.tty, e.peer, e.token);
      return 0;
    case "detach":
      detachLine(k, e.tty);
      return 0;
    case "reclaim":
      return reclaimLine(k, e.token, e.peer);
    case "resize":
      resizeTty(k, e.tty, { rows: e.rows, cols: e.cols, xpixel: 0, ypixel: 0 });
      return 0;
  }
}

/** How many of `len` bytes from the host socket `id` takes now; −1 when nobody will read them (drop them unrecorded). */
export function deliverable(k: Machine["kernel"], id: number, len: number): number {
  const s = k.state.sockets.get(id);
  if (!s || s.outside === "no" || s.state !== "connected" || s.rxShut) return -1;
  return Math.max(0, Math.min(len, SOCK_BUF - s.rx.length));
}

/** Would a `take` on socket id change anything (bytes to take, or a finished orphan to free)? */
export function hasTake(k: Machine["kernel"], id: number): boolean {
  const s = k.state.sockets.get(id);
  if (!s || s.outside === "no") return false;
  return s.tx.length > 0 || (s.refs === 0 && s.state === "closed");
}
