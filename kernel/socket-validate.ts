// Restore-time checks of the socket table (called by validate.ts): every
// reference between sockets, open files and listeners names something real,
// and no buffer is beyond its bound, so a forged snapshot is refused with one
// line naming the field instead of misbehaving later.

import type { KernelState } from "./state.js";
import { NSOCKET, SOCK_BUF, SOMAXCONN } from "./socket-state.js";
import { PATH_MAX } from "./param.js";

type Fail = (path: string, problem: string) => never;

/** Check the sockets table against the open files (refs), each other (peers, backlogs) and the limits. */
export function validateSockets(s: KernelState, fail: Fail): void {
  if (s.sockets.size > NSOCKET) fail("$.sockets", `holds ${s.sockets.size} sockets, more than ${NSOCKET}`);
  const refs = new Map<number, number>();
  for (const [id, f] of s.openFiles) {
    if (f.target.kind !== "socket") continue;
    if (!s.sockets.has(f.target.sock)) fail(`$.openFiles[${id}].target.sock`, `names socket ${f.target.sock}, which does not exist`);
    refs.set(f.target.sock, (refs.get(f.target.sock) ?? 0) + 1);
  }
  const queued = new Set<number>();
  for (const [id, so] of s.sockets) {
    const at = `$.sockets[${id}]`;
    if (so.id !== id) fail(`${at}.id`, `is ${so.id}, but the socket is filed under ${id}`);
    if (so.refs !== (refs.get(id) ?? 0)) fail(`${at}.refs`, `is ${so.refs}, but ${refs.get(id) ?? 0} open files point at it`);
    if (so.rx.length > SOCK_BUF) fail(`${at}.rx`, `holds ${so.rx.length} bytes, more than ${SOCK_BUF}`);
    if (so.tx.length > SOCK_BUF) fail(`${at}.tx`, `holds ${so.tx.length} bytes, more than ${SOCK_BUF}`);
    if (so.port > 65535) fail(`${at}.port`, `is ${so.port}, not a port`);
    if (so.backlog.length > SOMAXCONN || so.backlogMax > SOMAXCONN) fail(`${at}.backlog`, `is longer than ${SOMAXCONN}`);
    if (so.backlog.length > 0 && so.state !== "listening") fail(`${at}.backlog`, `holds connections, but the socket is ${so.state}`);
    if (so.peer >= 0) {
      const peer = s.sockets.get(so.peer);
      if (!peer) fail(`${at}.peer`, `names socket ${so.peer}, which does not exist`);
      if (peer!.peer !== id) fail(`${at}.peer`, `names socket ${so.peer}, whose peer is ${peer!.peer}, not ${id}`);
      if (so.outside !== "no") fail(`${at}.peer`, "is set, but the socket is connected to the host");
    } else if (so.peer !== -1) fail(`${at}.peer`, `is ${so.peer}, expected a socket id or −1`);
    for (const q of so.backlog) {
      if (!s.sockets.has(q)) fail(`${at}.backlog`, `names socket ${q}, which does not exist`);
      if (queued.has(q)) fail(`${at}.backlog`, `names socket ${q}, which is queued twice`);
      queued.add(q);
    }
  }
  if (s.netPorts.length > 256) fail("$.netPorts", `holds ${s.netPorts.length} entries, more than 256`);
  s.netLines.forEach((l, i) => {
    if (l.tty === 0 || l.tty >= s.ttys.length) fail(`$.netLines[${i}].tty`, `is ${l.tty}, not a line (tty1..tty${s.ttys.length - 1})`);
    if (i > 0 && l.tty <= s.netLines[i - 1]!.tty) fail(`$.netLines[${i}].tty`, `tty${l.tty} is out of order or repeated`);
    if (l.token.length > 64 || l.peer.length > 256) fail(`$.netLines[${i}]`, "has a token or peer longer than a line keeps");
  });
  const files = new Map<number, number>();
  for (const [id, so] of s.sockets) {
    if (so.path.length > PATH_MAX || so.peerPath.length > PATH_MAX) fail(`$.sockets[${id}].path`, "is longer than PATH_MAX");
    if (so.ino !== 0) {
      if (so.domain !== "unix") fail(`$.sockets[${id}].ino`, "is set, but only a unix socket has a socket file");
      if (s.inodes.get(so.ino)?.type !== "sock") fail(`$.sockets[${id}].ino`, `names inode ${so.ino}, which is not a socket file`);
      if (files.has(so.ino)) fail(`$.sockets[${id}].ino`, `names inode ${so.ino}, which socket ${files.get(so.ino)} holds too`);
      files.set(so.ino, id);
    }
    const orphan = so.outside !== "no" && so.state === "closed"; // the host has bytes still to take
    if (so.refs === 0 && !queued.has(id) && !orphan) fail(`$.sockets[${id}]`, "has no open file and is queued on no listener (it should have been freed)");
  }
}
