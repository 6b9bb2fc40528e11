// The kernel's side of connections with the host (the host adapter,
// machine/host-net.ts, calls these between runs, at the current virtual time):
// a guest connect to an allowed host port, a host client arriving through a
// forwarded port, bytes each way, the host end closing or resetting; and what
// a restart does to such connections (they are outside: they cannot survive
// the machine being down, so they come back reset and are listed).

import { sockChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import { wakeup } from "./proc.js";
import { ECONNREFUSED, ECONNRESET, SOCK_BUF, type NetPort, type SocketState } from "./socket-state.js";
import { findListener, joinListener, sock, wakeSocket } from "./socket.js";

/** One connection with the host, as the adapter and the operator see it. */
export interface OutsideConn {
  sock: number;
  kind: "host" | "forward";
  state: SocketState["state"];
  guestPort: number;
  hostPort: number;
}

/** Every socket connected (or connecting) to the host, in id order. */
export function outsideConns(k: Kernel): OutsideConn[] {
  const out: OutsideConn[] = [];
  for (const s of k.state.sockets.values()) {
    if (s.outside === "no") continue;
    out.push({ sock: s.id, kind: s.outside, state: s.state, guestPort: s.outside === "host" ? s.port : s.port, hostPort: s.hostPort });
  }
  return out.sort((a, b) => a.sock - b.sock);
}

/** The operator's network permissions (boot --net / --forward), replacing what was there. */
export function setNetPorts(k: Kernel, ports: NetPort[]): void {
  k.state.netPorts = ports.map((p) => ({ ...p })).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.hostPort - b.hostPort));
}

/** A host client reached forwarded port hostPort → guestPort: the new socket's id, or −ECONNREFUSED. */
export function netIncoming(k: Kernel, guestPort: number, hostPort: number, remotePort: number): number {
  const listener = findListener(k, "inet", guestPort, null);
  if (!listener) return -ECONNREFUSED;
  const id = joinListener(k, listener, null);
  if (id < 0) return -ECONNREFUSED;
  const s = sock(k, id);
  s.outside = "forward";
  s.hostPort = hostPort;
  s.peerPort = remotePort;
  return id;
}

function live(k: Kernel, id: number): SocketState | null {
  const s = k.state.sockets.get(id);
  return s && s.outside !== "no" ? s : null;
}

/** The host end of a guest connect answered. */
export function netConnected(k: Kernel, id: number): void {
  const s = live(k, id);
  if (!s || s.state !== "connecting") return;
  s.state = "connected";
  wakeSocket(k, s);
}

/** The host refused (or could not reach) a guest connect. */
export function netRefused(k: Kernel, id: number): void {
  const s = live(k, id);
  if (!s || s.state !== "connecting") return;
  s.state = "closed";
  s.error = ECONNREFUSED;
  wakeSocket(k, s);
}

/** Bytes from the host for socket id: how many were taken (the rest must wait: the buffer is full). */
export function netDeliver(k: Kernel, id: number, bytes: Uint8Array): number {
  const s = live(k, id);
  if (!s || s.state !== "connected" || s.rxShut) return bytes.length; // nobody will read them: dropped
  const n = Math.min(bytes.length, SOCK_BUF - s.rx.length);
  if (n === 0) return 0;
  const rx = new Uint8Array(s.rx.length + n);
  rx.set(s.rx);
  rx.set(bytes.subarray(0, n), s.rx.length);
  s.rx = rx;
  wakeSocket(k, s);
  return n;
}

/** The bytes the guest wrote to socket id since the last take (an orphan with nothing left is freed). */
export function netTake(k: Kernel, id: number): Uint8Array {
  const s = live(k, id);
  if (!s) return new Uint8Array(0);
  const out = s.tx;
  if (out.length > 0) {
    s.tx = new Uint8Array(0);
    wakeSocket(k, s);
  }
  if (s.refs === 0 && s.state === "closed" && !s.backlog.length && !isQueued(k, id)) k.state.sockets.delete(id);
  return out;
}

function isQueued(k: Kernel, id: number): boolean {
  for (const s of k.state.sockets.values()) if (s.backlog.includes(id)) return true;
  return false;
}

/** Does the guest want the host end closed (it shut its sending half, or closed, and everything was taken)? */
export function netWantsEnd(k: Kernel, id: number): boolean {
  const s = k.state.sockets.get(id);
  if (!s) return true;
  return s.txShut && s.tx.length === 0;
}

/** The host end closed its sending half: the guest reads EOF after the bytes already here. */
export function netPeerClosed(k: Kernel, id: number): void {
  const s = live(k, id);
  if (!s) return;
  s.rxShut = true;
  wakeSocket(k, s);
}

/** The host end went away abruptly: ECONNRESET for the next operation, then EOF and EPIPE. */
export function netPeerReset(k: Kernel, id: number): void {
  const s = live(k, id);
  if (!s) return;
  resetSocket(s);
  wakeup(k, sockChan(s.id));
}

function resetSocket(s: SocketState): void {
  if (s.state === "connecting") s.state = "closed";
  s.error = ECONNRESET;
  s.rxShut = true;
  s.txShut = true;
  s.tx = new Uint8Array(0);
}

/**
 * A restart: every connection with the host is gone. Each outside socket gets
 * ECONNRESET on its next operation, then reads EOF (bytes already received
 * stay readable first); unread orphans are freed. Returns one line per
 * dropped connection for the console and the restart notes.
 */
export function resetOutside(k: Kernel): string[] {
  const notes: string[] = [];
  for (const s of [...k.state.sockets.values()]) {
    if (s.outside === "no") continue;
    const what = s.outside === "host"
      ? `guest port ${s.port} → host 127.0.0.1:${s.hostPort}`
      : `host port ${s.hostPort} (client port ${s.peerPort}) → guest port ${s.port}`;
    notes.push(`connection ${s.id} dropped (${s.state}): ${what}`);
    if (s.refs === 0 && s.state === "closed" && !isQueued(k, s.id)) {
      k.state.sockets.delete(s.id);
      continue;
    }
    resetSocket(s);
    wakeup(k, sockChan(s.id));
  }
  return notes;
}
