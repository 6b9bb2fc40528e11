// Declared state of sockets (kernel table `sockets`) and of the machine's
// network attachments (tables `netPorts`, `netLines`), with the limits and the
// socket error numbers. Sockets refer to each other by id (a connected pair
// names its peer), so a checkpoint holds a connection whole: both ends, the
// bytes in flight each way, and who is listening where.

import { type Infer, t } from "../state/index.js";

export const SocketState = t.struct({
  id: t.u32,
  domain: t.enum("unix", "inet"),
  state: t.enum("new", "listening", "connecting", "connected", "closed"),
  refs: t.u32, // open-file descriptions pointing here
  port: t.u32, // inet: bound local port, 0 = not bound
  path: t.string, // unix: bound name as given to bind (getsockname), "" = not bound
  ino: t.u32, // unix: the socket file bind made (kernel/socket-name.ts), held while the socket lives; 0 = none
  peer: t.int, // inside connection: the other end's socket id, −1 = none
  peerPort: t.u32, // inet: the remote port
  peerPath: t.string, // unix: the name the connection was made to
  rx: t.bytes, // received, not yet read (at most SOCK_BUF)
  rxShut: t.bool, // nothing more will arrive: reads give EOF once rx is empty
  txShut: t.bool, // this end shut its sending half (or the connection is gone)
  error: t.u32, // pending error reported by the next operation (ECONNRESET, ECONNREFUSED), 0 = none
  backlog: t.array(t.u32), // listening: connected sockets not yet accepted, oldest first
  backlogMax: t.u32,
  outside: t.enum("no", "host", "forward"), // a connection with the host: guest connect (--net) or a forwarded port
  hostPort: t.u32, // outside: the host port at the other end (host) or the forward's host port
  tx: t.bytes, // outside: bytes written, not yet taken by the host (at most SOCK_BUF)
  options: t.u32, // SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY … as OPT bits
  rcvbuf: t.u32,
  sndbuf: t.u32,
});
export type SocketState = Infer<typeof SocketState>;

/** What the operator allowed between this machine and the host (boot --net, --forward). */
export const NetPort = t.struct({
  kind: t.enum("allow", "forward"), // allow: the guest may connect to host 127.0.0.1:hostPort; forward: host hostPort → guest guestPort
  hostPort: t.u32,
  guestPort: t.u32,
});
export type NetPort = Infer<typeof NetPort>;

/** A terminal line attached to a TCP connection (boot --listen). */
export const NetLine = t.struct({
  tty: t.u32,
  peer: t.string, // the client's address when it attached ("127.0.0.1:50712")
  token: t.string, // presented by a client to get this line back after a restart (policy hold)
  held: t.bool, // restarted under policy hold: waiting for its token
});
export type NetLine = Infer<typeof NetLine>;

/** Bytes a socket buffers in each direction. */
export const SOCK_BUF = 64 * 1024;
/** Sockets system wide (each holds at most two SOCK_BUF buffers). */
export const NSOCKET = 256;
/** Largest listen backlog (SOMAXCONN). */
export const SOMAXCONN = 64;
/** First port handed out to a socket that connects or listens unbound. */
export const EPHEMERAL_FIRST = 49152;

/** Option bits kept in SocketState.options. */
export const OPT = { reuseaddr: 1, keepalive: 2, nodelay: 4, broadcast: 8, oobinline: 16 } as const;

// Linux errno values of the socket calls (the rest are in errno.ts).
export const ENOTSOCK = 88;
export const EDESTADDRREQ = 89;
export const EPROTOTYPE = 91;
export const ENOPROTOOPT = 92;
export const EPROTONOSUPPORT = 93;
export const EOPNOTSUPP = 95;
export const EAFNOSUPPORT = 97;
export const EADDRINUSE = 98;
export const EADDRNOTAVAIL = 99;
export const ENETUNREACH = 101;
export const ECONNABORTED = 103;
export const ECONNRESET = 104;
export const EISCONN = 106;
export const ENOTCONN = 107;
export const ECONNREFUSED = 111;
export const EALREADY = 114;
export const EINPROGRESS = 115;

export const AF_UNIX = 1;
export const AF_INET = 2;
export const SOCK_STREAM = 1;
/** 127.0.0.1 as a host-order number. */
export const LOOPBACK = 0x7f000001;
