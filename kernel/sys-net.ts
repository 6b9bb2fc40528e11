// Socket system calls (Linux RV32 numbers 198–212, 242): argument checking,
// socket addresses in and out of user memory, fds for new sockets. The work
// is in socket.ts. Supported: AF_UNIX and AF_INET stream sockets; AF_INET is
// the guest's loopback (127.0.0.1, or 0.0.0.0 for bind) plus the host ports
// the operator allowed (netPorts kind "allow").

import type { Kernel } from "./kernel.js";
import type { OpenFile, ProcState } from "./state.js";
import { EBADF, EFAULT, EINVAL, EMFILE } from "./errno.js";
import { MAX_IO, NOFILE, PATH_MAX } from "./param.js";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR, allocFile, fdAlloc, fdFile, fileClose } from "./file.js";
import { isBlock, type SysResult } from "./result.js";
import { argsOf, userWritable } from "./uaccess.js";
import {
  AF_INET, AF_UNIX, EADDRNOTAVAIL, EAFNOSUPPORT, EDESTADDRREQ, ENETUNREACH, ENOPROTOOPT, ENOTSOCK, EOPNOTSUPP,
  EPROTONOSUPPORT, LOOPBACK, OPT, SOCK_BUF, SOCK_STREAM, SOMAXCONN, type SocketState,
} from "./socket-state.js";
import {
  allocSocket, bindable, sock, socketAccept, socketBind, socketConnect, socketListen, socketRecv, socketSend, socketShutdown, takeError,
} from "./socket.js";
import { bindName, lookupName, type UnixTarget } from "./socket-name.js";

const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;

/** The socket behind fd, or −EBADF/−ENOTSOCK. */
function sockOf(k: Kernel, p: ProcState, fd: number): { f: OpenFile; s: SocketState } | number {
  const f = fdFile(k, p, fd);
  if (!f) return -EBADF;
  if (f.target.kind !== "socket") return -ENOTSOCK;
  return { f, s: sock(k, f.target.sock) };
}

/** An fd for socket id (the socket gains the open file's reference), or −errno (then the socket is freed). */
function sockFd(k: Kernel, p: ProcState, id: number, flags: number): number {
  const file = allocFile(k, { kind: "socket", sock: id }, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
  if (file < 0) {
    k.state.sockets.delete(id);
    return file;
  }
  const fd = fdAlloc(p, file, 0, (flags & SOCK_CLOEXEC) !== 0);
  if (fd < 0) fileClose(k, file);
  return fd;
}

/** A socket address from user memory: inet (address, port) or unix (name), or −errno. */
function readAddr(k: Kernel, p: ProcState, addr: number, len: number, domain: SocketState["domain"]): { ip: number; port: number; path: string } | number {
  if (len < 2 || len > 128) return -EINVAL;
  const b = k.mem(p).copyIn(addr >>> 0, len);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = dv.getUint16(0, true);
  if (domain === "inet") {
    if (family !== AF_INET) return -EAFNOSUPPORT;
    if (len < 8) return -EINVAL;
    return { ip: dv.getUint32(4, false), port: dv.getUint16(2, false), path: "" };
  }
  if (family !== AF_UNIX) return -EINVAL;
  let end = 2;
  while (end < len && b[end] !== 0) end++;
  const name = new TextDecoder().decode(b.subarray(2, end));
  if (name === "" || name.length >= PATH_MAX) return -EINVAL; // (abstract names are not supported)
  return { ip: 0, port: 0, path: name }; // a path to a socket file, as given (socket-name.ts)
}

/** The address bytes of one end of a socket. */
function addrBytes(s: SocketState, remote: boolean): Uint8Array {
  if (s.domain === "inet") {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, AF_INET, true);
    dv.setUint16(2, remote ? s.peerPort : s.port, false);
    dv.setUint32(4, remote || s.port !== 0 ? LOOPBACK : 0, false);
    return b;
  }
  const name = new TextEncoder().encode(remote ? s.peerPath : s.path);
  const b = new Uint8Array(name.length === 0 ? 2 : 3 + name.length);
  b[0] = AF_UNIX;
  b.set(name, 2);
  return b;
}

/** Store an address at (addr, *lenp) as Linux does: truncated to the room given, the full length reported. */
function writeAddr(k: Kernel, p: ProcState, addr: number, lenp: number, bytes: Uint8Array): number {
  if (addr === 0) return 0;
  const mem = k.mem(p);
  const room = mem.load32(lenp >>> 0);
  if (room === null) return -EFAULT;
  if ((room | 0) < 0) return -EINVAL;
  const n = Math.min(room, bytes.length);
  if (!userWritable(k, p, addr, n) || !mem.store32(lenp >>> 0, bytes.length)) return -EFAULT;
  mem.copyOut(addr >>> 0, bytes.subarray(0, n));
  return 0;
}

/** Is the guest allowed to reach host 127.0.0.1:port (boot --net)? */
function hostAllowed(k: Kernel, port: number): boolean {
  return k.state.netPorts.some((n) => n.kind === "allow" && n.hostPort === port);
}

/** socket(domain, type, protocol). */
export function sysSocket(k: Kernel, p: ProcState): SysResult {
  const [domain, type, protocol] = argsOf(p) as [number, number, number];
  if (domain !== AF_UNIX && domain !== AF_INET) return -EAFNOSUPPORT;
  if ((type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf)) !== 0) return -EINVAL;
  if ((type & 0xf) !== SOCK_STREAM) return -EPROTONOSUPPORT;
  if (protocol !== 0 && !(domain === AF_INET && protocol === 6)) return -EPROTONOSUPPORT;
  const id = allocSocket(k, domain === AF_UNIX ? "unix" : "inet");
  if (id < 0) return id;
  return sockFd(k, p, id, type);
}

/** socketpair(domain, type, protocol, sv[2]): AF_UNIX only. */
export function sysSocketpair(k: Kernel, p: ProcState): SysResult {
  const [domain, type, protocol, sv] = argsOf(p) as [number, number, number, number];
  if (domain !== AF_UNIX) return domain === AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
  if ((type & 0xf) !== SOCK_STREAM) return -EPROTONOSUPPORT;
  if (protocol !== 0) return -EPROTONOSUPPORT;
  if (!userWritable(k, p, sv, 8)) return -EFAULT;
  if (p.fds.filter((f) => f.file < 0).length < 2) return -EMFILE;
  const a = allocSocket(k, "unix");
  if (a < 0) return a;
  const b = allocSocket(k, "unix");
  if (b < 0) {
    k.state.sockets.delete(a);
    return b;
  }
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const s = sock(k, x);
    s.state = "connected";
    s.peer = y;
  }
  const fa = sockFd(k, p, a, type);
  if (fa < 0) {
    k.state.sockets.delete(b);
    return fa;
  }
  const fb = sockFd(k, p, b, type);
  if (fb < 0) {
    fileClose(k, p.fds[fa]!.file);
    p.fds[fa]!.file = -1;
    return fb;
  }
  k.mem(p).store32(sv >>> 0, fa);
  k.mem(p).store32((sv + 4) >>> 0, fb);
  return 0;
}

/** bind(fd, addr, len). */
export function sysBind(k: Kernel, p: ProcState): SysResult {
  const [fd, addr, len] = argsOf(p) as [number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  const a = readAddr(k, p, addr, len, r.s.domain);
  if (typeof a === "number") return a;
  if (r.s.domain === "unix") return bindable(r.s) ? bindName(k, p, r.s, a.path) : -EINVAL;
  if (a.ip !== 0 && a.ip !== LOOPBACK) return -EADDRNOTAVAIL;
  return socketBind(k, r.s, a.port);
}

/** listen(fd, backlog). */
export function sysListen(k: Kernel, p: ProcState): SysResult {
  const [fd, backlog] = argsOf(p) as [number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  return socketListen(k, r.s, backlog, SOMAXCONN);
}

/** accept(fd, addr, lenp) and accept4(…, flags). */
export function sysAccept4(k: Kernel, p: ProcState): SysResult {
  const [fd, addr, lenp, flagsArg] = argsOf(p) as [number, number, number, number];
  const flags = p.hart.x[17] === 242 ? flagsArg : 0;
  if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -EINVAL;
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  if (addr !== 0 && !userWritable(k, p, lenp, 4)) return -EFAULT;
  const id = socketAccept(k, r.s, (r.f.flags & O_NONBLOCK) !== 0);
  if (typeof id !== "number" || id < 0) return id;
  const nfd = sockFd(k, p, id, flags);
  if (nfd < 0) return nfd;
  writeAddr(k, p, addr, lenp, addrBytes(sock(k, id), true));
  return nfd;
}

/** connect(fd, addr, len). */
export function sysConnect(k: Kernel, p: ProcState): SysResult {
  const [fd, addr, len] = argsOf(p) as [number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  let target: { port: number; unix: UnixTarget | null } = { port: 0, unix: null };
  if (!p.inSyscall || r.s.state === "new") {
    const a = readAddr(k, p, addr, len, r.s.domain);
    if (typeof a === "number") return a;
    if (r.s.domain === "inet" && a.ip !== LOOPBACK && a.ip !== 0) return -ENETUNREACH;
    let unix: UnixTarget | null = null;
    if (r.s.domain === "unix") {
      const t = lookupName(k, p, a.path);
      if (typeof t === "number") return t;
      unix = t;
    }
    target = { port: a.port, unix };
  }
  return socketConnect(k, p, r.s, target, (r.f.flags & O_NONBLOCK) !== 0, r.s.domain === "inet" && hostAllowed(k, target.port));
}

/** getsockname (204) and getpeername (205). */
export function sysGetName(k: Kernel, p: ProcState): SysResult {
  const [fd, addr, lenp] = argsOf(p) as [number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  const remote = p.hart.x[17] === 205;
  if (remote && r.s.state !== "connected") return -107; // ENOTCONN
  return writeAddr(k, p, addr, lenp, addrBytes(r.s, remote));
}

/** sendto(fd, buf, len, flags, addr, alen): a destination on a connected stream is ignored, as Linux does. */
export function sysSendto(k: Kernel, p: ProcState): SysResult {
  const [fd, buf, len, flags] = argsOf(p) as [number, number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  if (len < 0) return -EINVAL;
  if (r.s.state === "new") return r.s.domain === "inet" ? -EDESTADDRREQ : -107;
  const data = k.mem(p).copyIn(buf >>> 0, Math.min(len, MAX_IO));
  if (!data) return -EFAULT;
  return socketSend(k, p, r.s, data, (r.f.flags & O_NONBLOCK) !== 0, flags);
}

/** recvfrom(fd, buf, len, flags, addr, alenp). */
export function sysRecvfrom(k: Kernel, p: ProcState): SysResult {
  const [fd, buf, len, flags, addr, lenp] = argsOf(p) as [number, number, number, number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  if (len < 0) return -EINVAL;
  const n = Math.min(len, MAX_IO);
  if (!userWritable(k, p, buf, n)) return -EFAULT;
  const got = socketRecv(k, r.s, n, (r.f.flags & O_NONBLOCK) !== 0, flags);
  if (typeof got === "number" || isBlock(got)) return got;
  k.mem(p).copyOut(buf >>> 0, got);
  if (addr !== 0) writeAddr(k, p, addr, lenp, addrBytes(r.s, true));
  return got.length;
}

/** The msghdr fields of sendmsg/recvmsg (rv32: seven words). */
function readMsg(k: Kernel, p: ProcState, msg: number): { name: number; namelen: number; iov: [number, number][] } | number {
  const b = k.mem(p).copyIn(msg >>> 0, 28);
  if (!b) return -EFAULT;
  const dv = new DataView(b.buffer, b.byteOffset, 28);
  const iovAddr = dv.getUint32(8, true);
  const iovlen = dv.getInt32(12, true);
  if (iovlen < 0 || iovlen > 1024) return -EMSGSIZE;
  const raw = k.mem(p).copyIn(iovAddr, 8 * iovlen);
  if (!raw) return -EFAULT;
  const iv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const iov: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < iovlen; i++) {
    const len = iv.getInt32(8 * i + 4, true);
    if (len < 0) return -EINVAL;
    total += len;
    if (total > MAX_IO) return -EINVAL;
    iov.push([iv.getUint32(8 * i, true), len]);
  }
  return { name: dv.getUint32(0, true), namelen: dv.getInt32(4, true), iov };
}
const EMSGSIZE = 90;

/** sendmsg(fd, msg, flags): plain data (control messages are ignored). */
export function sysSendmsg(k: Kernel, p: ProcState): SysResult {
  const [fd, msg, flags] = argsOf(p) as [number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  const m = readMsg(k, p, msg);
  if (typeof m === "number") return m;
  const total = m.iov.reduce((n, [, len]) => n + len, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const [base, len] of m.iov) {
    const part = k.mem(p).copyIn(base, len);
    if (!part) return -EFAULT;
    data.set(part, at);
    at += len;
  }
  if (r.s.state === "new") return r.s.domain === "inet" ? -EDESTADDRREQ : -107;
  return socketSend(k, p, r.s, data, (r.f.flags & O_NONBLOCK) !== 0, flags);
}

/** recvmsg(fd, msg, flags): plain data, the peer's name, no control data (msg_controllen = 0). */
export function sysRecvmsg(k: Kernel, p: ProcState): SysResult {
  const [fd, msg, flags] = argsOf(p) as [number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  const m = readMsg(k, p, msg);
  if (typeof m === "number") return m;
  for (const [base, len] of m.iov) if (!userWritable(k, p, base, len)) return -EFAULT;
  if (!userWritable(k, p, msg, 28)) return -EFAULT;
  const total = m.iov.reduce((n, [, len]) => n + len, 0);
  const got = socketRecv(k, r.s, total, (r.f.flags & O_NONBLOCK) !== 0, flags);
  if (typeof got === "number" || isBlock(got)) return got;
  let done = 0;
  for (const [base, len] of m.iov) {
    if (done >= got.length) break;
    const part = got.subarray(done, done + len);
    k.mem(p).copyOut(base, part);
    done += part.length;
  }
  const mem = k.mem(p);
  if (m.name !== 0) {
    const a = addrBytes(r.s, true);
    const n = Math.min(Math.max(0, m.namelen), a.length);
    if (mem.copyOut(m.name, a.subarray(0, n))) mem.store32((msg + 4) >>> 0, a.length);
  }
  mem.store32((msg + 20) >>> 0, 0); // msg_controllen
  mem.store32((msg + 24) >>> 0, 0); // msg_flags
  return got.length;
}

/** shutdown(fd, how). */
export function sysShutdown(k: Kernel, p: ProcState): SysResult {
  const [fd, how] = argsOf(p) as [number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  return socketShutdown(k, r.s, how);
}

const SOL_SOCKET = 1;
const IPPROTO_TCP = 6;
/** SOL_SOCKET options kept as bits: SO_REUSEADDR 2, SO_KEEPALIVE 9, SO_BROADCAST 6, SO_OOBINLINE 10. */
const BOOL_OPTS: Record<number, number> = { 2: OPT.reuseaddr, 9: OPT.keepalive, 6: OPT.broadcast, 10: OPT.oobinline };

/** setsockopt(fd, level, name, value, len): the common options. */
export function sysSetsockopt(k: Kernel, p: ProcState): SysResult {
  const [fd, level, name, val, len] = argsOf(p) as [number, number, number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  if (len < 4) return -EINVAL;
  const v = k.mem(p).load32(val >>> 0);
  if (v === null) return -EFAULT;
  const s = r.s;
  if (level === SOL_SOCKET) {
    const bit = BOOL_OPTS[name];
    if (bit !== undefined) {
      s.options = v !== 0 ? s.options | bit : s.options & ~bit;
      return 0;
    }
    if (name === 7 || name === 8) { // SO_SNDBUF, SO_RCVBUF: recorded (the buffers stay SOCK_BUF)
      const size = Math.max(256, Math.min(2 * (v | 0), SOCK_BUF));
      if (name === 7) s.sndbuf = size;
      else s.rcvbuf = size;
      return 0;
    }
    if (name === 13 || name === 20 || name === 21 || name === 66 || name === 67) return 0; // SO_LINGER, SO_RCVTIMEO, SO_SNDTIMEO: accepted, not applied
    return -ENOPROTOOPT;
  }
  if (level === IPPROTO_TCP && s.domain === "inet") {
    if (name === 1) { // TCP_NODELAY: loopback has no Nagle delay anyway
      s.options = v !== 0 ? s.options | OPT.nodelay : s.options & ~OPT.nodelay;
      return 0;
    }
    return -ENOPROTOOPT;
  }
  return -ENOPROTOOPT;
}

/** getsockopt(fd, level, name, value, lenp). */
export function sysGetsockopt(k: Kernel, p: ProcState): SysResult {
  const [fd, level, name, val, lenp] = argsOf(p) as [number, number, number, number, number];
  const r = sockOf(k, p, fd);
  if (typeof r === "number") return r;
  const s = r.s;
  let v: number;
  if (level === SOL_SOCKET) {
    const bit = BOOL_OPTS[name];
    if (bit !== undefined) v = (s.options & bit) !== 0 ? 1 : 0;
    else if (name === 3) v = SOCK_STREAM; // SO_TYPE
    else if (name === 4) v = -takeError(s); // SO_ERROR, cleared as read
    else if (name === 7) v = s.sndbuf;
    else if (name === 8) v = s.rcvbuf;
    else if (name === 30) v = s.state === "listening" ? 1 : 0; // SO_ACCEPTCONN
    else if (name === 39) v = s.domain === "unix" ? AF_UNIX : AF_INET; // SO_DOMAIN
    else if (name === 38) v = s.domain === "inet" ? 6 : 0; // SO_PROTOCOL
    else return -ENOPROTOOPT;
  } else if (level === IPPROTO_TCP && s.domain === "inet" && name === 1) v = (s.options & OPT.nodelay) !== 0 ? 1 : 0;
  else return -ENOPROTOOPT;
  const mem = k.mem(p);
  const room = mem.load32(lenp >>> 0);
  if (room === null) return -EFAULT;
  if ((room | 0) < 0) return -EINVAL;
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  const n = Math.min(room, 4);
  if (!userWritable(k, p, val, n) || !mem.store32(lenp >>> 0, n)) return -EFAULT;
  mem.copyOut(val >>> 0, b.subarray(0, n));
  return 0;
}

