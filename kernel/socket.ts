// Stream sockets inside the machine: AF_UNIX (named or socketpair) and AF_INET
// TCP over the guest's own loopback. A connection is two sockets naming each
// other; bytes written by one end land in the other end's receive buffer at
// once (loopback has no wire), so a checkpoint holds a connection whole. A
// socket connected to the host (outside = "host" | "forward") buffers what it
// writes in `tx` until the host adapter takes it (socket-outside.ts).
// Everyone waiting on a socket sleeps on "sock:<id>"; any change to a
// connection wakes both ends.

import { sockChan } from "./wait-channel.js";
import type { Kernel } from "./kernel.js";
import type { ProcState } from "./state.js";
import { EAGAIN, EINVAL, ENFILE, EPIPE } from "./errno.js";
import { wakeup } from "./proc.js";
import { sendSignal } from "./signal.js";
import { SIGPIPE } from "./signals-def.js";
import { block, type Block } from "./result.js";
import { nameMatches, releaseName, type UnixTarget } from "./socket-name.js";
import {
  EADDRINUSE, EALREADY, ECONNREFUSED, EINPROGRESS, EISCONN, ENOTCONN, EPHEMERAL_FIRST, NSOCKET, SOCK_BUF,
  type SocketState,
} from "./socket-state.js";

export const MSG_PEEK = 0x2;
export const MSG_DONTWAIT = 0x40;
export const MSG_NOSIGNAL = 0x4000;

const IN = 0x1 | 0x40; // POLLIN | POLLRDNORM
const OUT = 0x4 | 0x100; // POLLOUT | POLLWRNORM
const ERR = 0x8;
const HUP = 0x10;
const RDHUP = 0x2000;

/** Socket `id` (it must exist: open files and peers name live sockets). */
export function sock(k: Kernel, id: number): SocketState {
  const s = k.state.sockets.get(id);
  if (!s) throw new Error(`cryobox bug: socket ${id} does not exist`);
  return s;
}

/** A new unconnected socket; its id or −ENFILE. Ids grow (the host adapter tells connections apart by them). */
export function allocSocket(k: Kernel, domain: SocketState["domain"]): number {
  const t = k.state.sockets;
  if (t.size >= NSOCKET) return -ENFILE;
  let id = 1;
  for (const s of t.keys()) id = Math.max(id, s + 1);
  if (id > 0x7fffffff) for (id = 1; t.has(id); id++);
  t.set(id, {
    id, domain, state: "new", refs: 0, port: 0, path: "", ino: 0, peer: -1, peerPort: 0, peerPath: "",
    rx: new Uint8Array(0), rxShut: false, txShut: false, error: 0, backlog: [], backlogMax: 0,
    outside: "no", hostPort: 0, tx: new Uint8Array(0), options: 0, rcvbuf: SOCK_BUF, sndbuf: SOCK_BUF,
  });
  return id;
}

/** Wake everyone waiting on s and on its peer. */
export function wakeSocket(k: Kernel, s: SocketState): void {
  wakeup(k, sockChan(s.id));
  if (s.peer >= 0) wakeup(k, sockChan(s.peer));
}

/** The lowest free ephemeral port. */
export function ephemeralPort(k: Kernel): number {
  const used = new Set<number>();
  for (const s of k.state.sockets.values()) if (s.domain === "inet") used.add(s.port);
  let port = EPHEMERAL_FIRST;
  while (used.has(port) && port < 65535) port++;
  return port;
}

/** Is inet port `port` taken by a listening or bound socket (not by the connections a listener accepted)? */
export function portInUse(k: Kernel, port: number, reuse: boolean): boolean {
  for (const s of k.state.sockets.values()) {
    if (s.domain !== "inet" || s.port !== port) continue;
    if (s.state === "listening") return true;
    if (!reuse && s.state === "new") return true;
  }
  return false;
}

/** Join client and a new server-side socket queued on `listener`; the server socket's id or −errno. */
export function joinListener(k: Kernel, listener: SocketState, client: SocketState | null): number {
  if (listener.backlog.length >= listener.backlogMax) return -ECONNREFUSED;
  const id = allocSocket(k, listener.domain);
  if (id < 0) return id;
  const srv = sock(k, id);
  srv.state = "connected";
  srv.port = listener.port;
  srv.path = listener.path;
  if (client) {
    srv.peer = client.id;
    srv.peerPort = client.port;
    client.peer = srv.id;
    client.state = "connected";
    client.peerPort = listener.port;
    client.peerPath = listener.path;
  }
  listener.backlog.push(id);
  wakeSocket(k, listener);
  return id;
}

/** The listening socket for an inet port or a unix target (a socket file, or a legacy name), if any. */
export function findListener(k: Kernel, domain: SocketState["domain"], port: number, unix: UnixTarget | null): SocketState | undefined {
  for (const s of k.state.sockets.values()) {
    if (s.state !== "listening" || s.domain !== domain) continue;
    if (domain === "inet" ? s.port === port : unix !== null && nameMatches(s, unix)) return s;
  }
  return undefined;
}

/**
 * connect to an inside listener, or start an outside connection to a host port
 * the operator allowed (`allowHost`). A blocking connect re-runs while the
 * socket is "connecting" (p.inSyscall tells a re-run from a new call).
 */
export function socketConnect(
  k: Kernel, p: ProcState, s: SocketState, target: { port: number; unix: UnixTarget | null }, nonblock: boolean, allowHost: boolean,
): number | Block {
  if (s.state === "connecting") {
    if (p.inSyscall) return block(sockChan(s.id));
    return nonblock ? -EALREADY : block(sockChan(s.id));
  }
  if (s.state === "connected") {
    if (p.inSyscall) return 0; // the wait is over: connected
    return -EISCONN;
  }
  if (s.error !== 0 && p.inSyscall) return takeError(s);
  if (s.state !== "new") return -EINVAL;
  if (s.domain === "inet" && s.port === 0) s.port = ephemeralPort(k);
  const listener = findListener(k, s.domain, target.port, target.unix);
  if (listener) {
    if (listener.backlog.length >= listener.backlogMax) {
      if (s.domain === "unix" && !nonblock) return block(sockChan(listener.id)); // Linux: a unix connect waits for room
      return s.domain === "unix" ? -EAGAIN : -ECONNREFUSED;
    }
    return joinListener(k, listener, s) < 0 ? -ECONNREFUSED : 0;
  }
  if (s.domain === "inet" && allowHost) {
    s.state = "connecting";
    s.outside = "host";
    s.hostPort = target.port;
    s.peerPort = target.port;
    return nonblock ? -EINPROGRESS : block(sockChan(s.id));
  }
  return -ECONNREFUSED;
}

/** A pending error, cleared as it is reported. */
export function takeError(s: SocketState): number {
  const e = s.error;
  s.error = 0;
  return -e;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * send: the count sent, −errno or a Block. A non-blocking send moves what fits;
 * a blocking one (Linux stream sockets) waits until all of `data` is sent,
 * keeping its progress in p.progress across the waits (as a big pipe write):
 * a signal handler or the connection's end cuts it short with the count
 * already sent, and an error with nothing sent is reported as such.
 */
export function socketSend(k: Kernel, p: ProcState, s: SocketState, data: Uint8Array, nonblock: boolean, flags: number): number | Block {
  const nb = nonblock || (flags & MSG_DONTWAIT) !== 0;
  const sent = p.progress;
  if (s.error !== 0) return sent > 0 ? sent : takeError(s); // (the error stays for the next call)
  if (s.state === "connecting") return nb ? -EAGAIN : block(sockChan(s.id));
  if (s.state !== "connected" && !s.txShut) return sent > 0 ? sent : -ENOTCONN;
  const peer = s.peer >= 0 ? k.state.sockets.get(s.peer) : undefined;
  if (s.txShut || (s.outside === "no" && (!peer || peer.rxShut))) {
    if (sent > 0) return sent; // Linux: the bytes sent count; EPIPE comes with the next send
    if ((flags & MSG_NOSIGNAL) === 0) sendSignal(k, p.pid, SIGPIPE, false);
    return -EPIPE;
  }
  if (data.length === 0) return 0;
  const queue = s.outside === "no" ? peer!.rx : s.tx;
  const n = Math.min(data.length - sent, SOCK_BUF - queue.length);
  if (n > 0) {
    const part = data.subarray(sent, sent + n);
    if (s.outside === "no") peer!.rx = concat(peer!.rx, part);
    else s.tx = concat(s.tx, part);
    wakeSocket(k, s);
  }
  const total = sent + n;
  if (total === data.length || (nb && total > 0)) return total;
  if (nb) return -EAGAIN;
  p.progress = total;
  return block(sockChan(s.id));
}

/** recv: the bytes (empty = EOF), −errno or a Block. */
export function socketRecv(k: Kernel, s: SocketState, len: number, nonblock: boolean, flags: number): Uint8Array | number | Block {
  if (s.rx.length > 0 && len > 0) {
    const n = Math.min(len, s.rx.length);
    const out = s.rx.slice(0, n);
    if ((flags & MSG_PEEK) === 0) {
      s.rx = s.rx.slice(n);
      wakeSocket(k, s); // room for the sender
    }
    return out;
  }
  if (s.error !== 0) return takeError(s);
  if (s.rxShut || len === 0) return new Uint8Array(0);
  if (s.state === "new" || s.state === "listening") return -ENOTCONN;
  if (s.state === "closed") return new Uint8Array(0);
  if (nonblock || (flags & MSG_DONTWAIT)) return -EAGAIN;
  return block(sockChan(s.id));
}

/** shutdown(how): 0 = receiving, 1 = sending, 2 = both. */
export function socketShutdown(k: Kernel, s: SocketState, how: number): number {
  if (how < 0 || how > 2) return -EINVAL;
  if (s.state !== "connected") return -ENOTCONN;
  if (how !== 1) s.rxShut = true;
  if (how !== 0) {
    s.txShut = true;
    const peer = s.peer >= 0 ? k.state.sockets.get(s.peer) : undefined;
    if (peer) peer.rxShut = true;
  }
  wakeSocket(k, s);
  return 0;
}

/** The last open file of socket id went away: disconnect, drop unaccepted connections, free it. */
export function socketRelease(k: Kernel, id: number): void {
  const s = k.state.sockets.get(id);
  if (!s) return;
  for (const q of s.backlog) {
    const c = k.state.sockets.get(q);
    if (!c) continue;
    c.backlog = [];
    socketRelease(k, q); // a queued connection nobody accepted: its client sees the end
  }
  s.backlog = [];
  const peer = s.peer >= 0 ? k.state.sockets.get(s.peer) : undefined;
  if (peer) {
    peer.rxShut = true;
    peer.txShut = true;
    peer.peer = -1;
    wakeup(k, sockChan(peer.id));
  }
  s.peer = -1;
  wakeup(k, sockChan(s.id));
  releaseName(k, s);
  if (s.outside !== "no" && s.state === "connected" && s.tx.length > 0) {
    // The host has not taken all the bytes yet: keep an orphan until it has (netTake frees it).
    s.state = "closed";
    s.txShut = true;
    s.rx = new Uint8Array(0);
    return;
  }
  k.state.sockets.delete(id);
}

/** Drop a reference (the socket's open file closed). */
export function socketUnref(k: Kernel, id: number): void {
  const s = k.state.sockets.get(id);
  if (!s) return;
  if (s.refs > 0) s.refs--;
  if (s.refs === 0) socketRelease(k, id);
}

/** One more open file points at socket id. */
export function socketRef(k: Kernel, id: number): void {
  const s = k.state.sockets.get(id);
  if (s) s.refs++;
}

/** poll events of socket id. */
export function socketPollMask(k: Kernel, id: number): number {
  const s = k.state.sockets.get(id);
  if (!s) return 0x20; // POLLNVAL
  let m = s.error !== 0 ? ERR : 0;
  switch (s.state) {
    case "listening":
      return m | (s.backlog.length > 0 ? IN : 0);
    case "connecting":
      return m;
    case "new":
      return m | OUT | HUP;
    case "closed":
      return m | IN | HUP;
    case "connected": {
      if (s.rx.length > 0 || s.rxShut) m |= IN;
      if (s.rxShut) m |= RDHUP;
      if (s.rxShut && s.txShut) m |= HUP;
      if (s.txShut) return m | OUT;
      if (s.outside !== "no") return m | (s.tx.length < SOCK_BUF ? OUT : 0);
      const peer = s.peer >= 0 ? k.state.sockets.get(s.peer) : undefined;
      return m | (!peer || peer.rx.length < SOCK_BUF ? OUT : 0);
    }
  }
}

/** Can s still be bound (Linux: EINVAL for a socket that has an address)? */
export function bindable(s: SocketState): boolean {
  return s.state === "new" && s.port === 0 && s.path === "";
}

/** bind an inet port (0 = an ephemeral one); a unix name is a file: bindName (socket-name.ts). */
export function socketBind(k: Kernel, s: SocketState, port: number): number {
  if (!bindable(s)) return -EINVAL;
  if (port === 0) port = ephemeralPort(k);
  else if (portInUse(k, port, (s.options & 1) !== 0)) return -EADDRINUSE;
  s.port = port;
  return 0;
}

/** listen(backlog). */
export function socketListen(k: Kernel, s: SocketState, backlog: number, somaxconn: number): number {
  if (s.state === "listening") {
    s.backlogMax = Math.max(1, Math.min(backlog, somaxconn));
    return 0;
  }
  if (s.state !== "new") return -EINVAL;
  if (s.domain === "unix" && s.path === "") return -EINVAL;
  if (s.domain === "inet" && s.port === 0) s.port = ephemeralPort(k);
  s.state = "listening";
  s.backlogMax = Math.max(1, Math.min(backlog, somaxconn));
  return 0;
}

/** accept: the id of the next queued connection, −errno or a Block. */
export function socketAccept(_k: Kernel, s: SocketState, nonblock: boolean): number | Block {
  if (s.state !== "listening") return -EINVAL;
  if (s.error !== 0) return takeError(s);
  const id = s.backlog.shift();
  if (id === undefined) return nonblock ? -EAGAIN : block(sockChan(s.id));
  return id;
}
