// Sockets inside the machine through hand-made system calls: socketpair,
// AF_UNIX names, TCP over the guest's loopback, errors, limits, poll, and
// connections checkpointed whole with bytes in flight (a property over random
// traffic and random checkpoint points).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, prepareForCalls, SCRATCH } from "../kernel/helpers.js";
import { checkpoint, digest, restore } from "../../snapshot/index.js";
import { ADDR, BUF, LEN, NR, connectTo, inet, listenOn, recv, send, unix } from "./helpers.js";
import { SOCK_BUF } from "../../kernel/socket-state.js";
import { sendSignal } from "../../kernel/signal.js";
import { PROT_READ, PROT_WRITE } from "../../cpu/memory.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

const EAGAIN = -11, EPIPE = -32, EADDRINUSE = -98, ECONNREFUSED = -111, ENETUNREACH = -101, EAFNOSUPPORT = -97, ENOTSOCK = -88;
const ENOENT = -2, ENXIO = -6, EINVAL = -22;
const OPENAT = 56, GETDENTS = 61, STATX = 291, UNLINKAT = 35, RENAMEAT2 = 276;
const SIGPIPE_BIT = 1 << 12;

function pair(k: Kernel, p: ProcState, flags = 0): [number, number] {
  expect(call(k, p, NR.socketpair, 1, 1 | flags, 0, SCRATCH)).toBe(0);
  return [k.mem(p).load32(SCRATCH)!, k.mem(p).load32(SCRATCH + 4)!];
}

describe("socketpair", () => {
  it("carries bytes both ways; a closed end gives EOF to reads and EPIPE + SIGPIPE to writes", () => {
    const { k, p } = bareKernel();
    const [a, b] = pair(k, p);
    expect(send(k, p, a, "ping")).toBe(4);
    expect(call(k, p, NR.write, b, BUF, 4)).toBe(4); // plain write works on sockets
    expect(recv(k, p, b)).toBe("ping");
    expect(call(k, p, NR.read, a, BUF, 10)).toBe(4);
    expect(call(k, p, NR.close, a)).toBe(0);
    expect(recv(k, p, b)).toBe("");
    const c = k.state.procs.get(call(k, p, 220, 17, 0, 0, 0, 0) as number)!; // (init ignores SIGPIPE: use a child)
    prepareForCalls(k, c);
    expect(send(k, c, b, "x", 0x4000)).toBe(EPIPE); // MSG_NOSIGNAL
    expect(c.sigPending & SIGPIPE_BIT).toBe(0);
    expect(send(k, c, b, "x")).toBe(EPIPE);
    expect(c.sigPending & SIGPIPE_BIT).toBe(SIGPIPE_BIT);
    call(k, c, NR.close, a);
    call(k, c, NR.close, b);
    expect(k.state.sockets.size).toBe(1);
    call(k, p, NR.close, b);
    expect(k.state.sockets.size).toBe(0);
  });

  it("shutdown(SHUT_WR) gives the peer EOF after the bytes in flight; sendmsg/recvmsg scatter and gather", () => {
    const { k, p } = bareKernel();
    const [a, b] = pair(k, p);
    // sendmsg with two iovecs: "ab" + "cd"
    const mem = k.mem(p);
    mem.poke(BUF, new TextEncoder().encode("abcd"));
    const iov = SCRATCH + 0x600;
    mem.poke(iov, new Uint8Array(new Uint32Array([BUF, 2, BUF + 2, 2]).buffer));
    const msg = SCRATCH + 0x700;
    mem.poke(msg, new Uint8Array(new Uint32Array([0, 0, iov, 2, 0, 0, 0]).buffer));
    expect(call(k, p, NR.sendmsg, a, msg, 0)).toBe(4);
    expect(call(k, p, NR.shutdown, a, 1)).toBe(0);
    const out = SCRATCH + 0x2000;
    mem.poke(iov, new Uint8Array(new Uint32Array([out, 1, out + 8, 10]).buffer));
    expect(call(k, p, NR.recvmsg, b, msg, 0)).toBe(4);
    expect(new TextDecoder().decode(mem.copyIn(out, 1)!) + new TextDecoder().decode(mem.copyIn(out + 8, 3)!)).toBe("abcd");
    expect(recv(k, p, b)).toBe(""); // EOF
    expect(send(k, p, b, "back")).toBe(4); // the other direction still works
    expect(recv(k, p, a)).toBe("back");
  });

  it("bounded buffers: a big non-blocking write is cut at the buffer size, then EAGAIN", () => {
    const { k, p } = bareKernel();
    const [a] = pair(k, p, 0o4000);
    expect(call(k, p, NR.write, a, BUF, 40_000)).toBe(40_000);
    expect(call(k, p, NR.write, a, BUF, 40_000)).toBe(SOCK_BUF - 40_000);
    expect(call(k, p, NR.write, a, BUF, 10)).toBe(EAGAIN);
  });
});

describe("TCP over the guest loopback", () => {
  it("listen, connect, accept, names, data, poll on the listener", () => {
    const { k, p } = bareKernel();
    const l = listenOn(k, p, 8080);
    const c = connectTo(k, p, 8080) as number;
    expect(typeof c).toBe("number");
    const pfd = SCRATCH + 0x100;
    k.mem(p).poke(pfd, new Uint8Array([l, 0, 0, 0, 1, 0, 0, 0]));
    expect(call(k, p, NR.ppoll, pfd, 1, 0)).toBe(1); // a connection waits: readable
    k.mem(p).store32(LEN, 16);
    const s = call(k, p, NR.accept4, l, ADDR, LEN, 0o4000) as number;
    expect(s).toBeGreaterThanOrEqual(0);
    const peerPort = (k.mem(p).copyIn(ADDR + 2, 2)![0]! << 8) | k.mem(p).copyIn(ADDR + 3, 1)![0]!;
    expect(peerPort).toBe(49152); // the client's ephemeral port
    expect(recv(k, p, s)).toBe(EAGAIN); // accept4 SOCK_NONBLOCK
    expect(send(k, p, c, "GET /\r\n")).toBe(7);
    expect(recv(k, p, s)).toBe("GET /\r\n");
    expect(send(k, p, s, "hello")).toBe(5);
    expect(recv(k, p, c)).toBe("hello");
    k.mem(p).store32(LEN, 16);
    expect(call(k, p, NR.getsockname, s, ADDR, LEN)).toBe(0);
    expect(k.mem(p).copyIn(ADDR, 8)).toEqual(new Uint8Array([2, 0, 0x1f, 0x90, 127, 0, 0, 1]));
    k.mem(p).store32(LEN, 16);
    expect(call(k, p, NR.getpeername, c, ADDR, LEN)).toBe(0);
    expect(k.mem(p).copyIn(ADDR + 2, 2)).toEqual(new Uint8Array([0x1f, 0x90]));
    expect(call(k, p, NR.accept, l, 0, 0)).toBe("blocked");
  });

  it("errors: EADDRINUSE, ECONNREFUSED, ENETUNREACH, EAFNOSUPPORT, ENOTSOCK, EAGAIN from a non-blocking accept", () => {
    const { k, p } = bareKernel();
    listenOn(k, p, 7000);
    const fd = call(k, p, NR.socket, 2, 1, 0) as number;
    expect(call(k, p, NR.bind, fd, ...inet(k, p, 7000))).toBe(EADDRINUSE);
    expect(call(k, p, NR.connect, fd, ...inet(k, p, 7001))).toBe(ECONNREFUSED); // no listener, no --net
    expect(call(k, p, NR.connect, fd, ...inet(k, p, 80, "10.0.0.1"))).toBe(ENETUNREACH);
    expect(call(k, p, NR.socket, 10, 1, 0)).toBe(EAFNOSUPPORT);
    const nul = call(k, p, 56, -100, "/dev/null", 2, 0) as number;
    expect(call(k, p, NR.listen, nul, 1)).toBe(ENOTSOCK);
    const l = listenOn(k, p, 7002, 1, 0o4000);
    expect(call(k, p, NR.accept, l, 0, 0)).toBe(EAGAIN);
  });

  it("a full backlog refuses further connections; thousands of attempts leave the tables bounded", () => {
    const { k, p } = bareKernel();
    listenOn(k, p, 9000, 2);
    const results: (number | string)[] = [];
    for (let i = 0; i < 2000; i++) {
      const r = connectTo(k, p, 9000);
      results.push(r);
      if (typeof r === "number") call(k, p, NR.close, r);
      else call(k, p, NR.close, 1 + (results.length % 60)); // keep fds free
    }
    expect(results.filter((r) => typeof r === "number").length).toBeGreaterThanOrEqual(2);
    expect(k.state.sockets.size).toBeLessThanOrEqual(256);
  });

  it("a blocking send waits until everything is sent (Linux stream sockets); a signal handler cuts it to the count sent", () => {
    const { k, p } = bareKernel();
    const [a, b] = pair(k, p);
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
    const BIG = 0x60100000; // room for more than the scratch page holds
    k.mem(p).map(BIG, 0x40000, PROT_READ | PROT_WRITE, "big");
    k.mem(p).poke(BIG, big);
    const sendBig = (): number | string => call(k, p, NR.sendto, a, BIG, big.length, 0, 0, 0);
    const child = k.state.procs.get(call(k, p, 220, 17, 0, 0, 0, 0) as number)!;
    prepareForCalls(k, child);
    expect(sendBig()).toBe("blocked"); // 64 KiB went in; the rest waits for room
    expect(p.progress).toBe(SOCK_BUF);
    const got: number[] = [];
    for (let i = 0; i < 10 && got.length < big.length; i++) {
      const r = call(k, child, NR.recvfrom, b, BIG + 0x20000, 65536, 0, 0, 0) as number;
      expect(r).toBeGreaterThan(0);
      got.push(...k.mem(child).copyIn(BIG + 0x20000, r)!);
      k.run(10_000); // the sender wakes and moves the rest
    }
    expect(p.hart.x[10]).toBe(big.length); // one call, the whole count
    expect(Uint8Array.from(got)).toEqual(big);

    // Interrupted after part of it went: the handler runs and the call returns what was sent.
    const act = SCRATCH + 0x600;
    k.mem(p).poke(act, new Uint8Array([4, 0, 0, 0x60, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0])); // handler at CODE+4, SA_RESTART
    expect(call(k, p, 134, 10, act, 0, 8)).toBe(0);
    expect(sendBig()).toBe("blocked");
    sendSignal(k, p.pid, 10, false);
    k.run(1000);
    const sp = p.hart.x[2]! >>> 0;
    expect(k.mem(p).load32(sp + 128 + 4 * 10)).toBe(SOCK_BUF); // the frame's a0: the count sent, not EINTR, not a restart
    expect(p.progress).toBe(0);
  });

  it("a blocked recv is woken by another process's send", () => {
    const { k, p } = bareKernel();
    const l = listenOn(k, p, 5000);
    const c = connectTo(k, p, 5000) as number;
    const s = call(k, p, NR.accept, l, 0, 0) as number;
    const child = k.state.procs.get(call(k, p, 220, 17, 0, 0, 0, 0) as number)!;
    expect(call(k, p, NR.recvfrom, s, BUF, 100, 0, 0, 0)).toBe("blocked");
    expect(p.chan.kind).toBe("sock");
    prepareForCalls(k, child);
    expect(send(k, child, c, "wake up")).toBe(7);
    k.run(300_000);
    expect(p.hart.x[10]).toBe(7);
  });
});

describe("AF_UNIX names", () => {
  it("bind, listen, connect by name (relative to the cwd too); a second bind of the name is EADDRINUSE", () => {
    const { k, p } = bareKernel();
    const l = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, l, ...unix(k, p, "/tmp/chat.sock"))).toBe(0);
    expect(call(k, p, NR.listen, l, 4)).toBe(0);
    const again = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, again, ...unix(k, p, "/tmp/chat.sock"))).toBe(EADDRINUSE);
    const c = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, c, ...unix(k, p, "/tmp/../tmp/chat.sock"))).toBe(0);
    const s = call(k, p, NR.accept, l, 0, 0) as number;
    expect(send(k, p, c, "hi")).toBe(2);
    expect(recv(k, p, s)).toBe("hi");
    k.mem(p).store32(LEN, 110);
    expect(call(k, p, NR.getpeername, c, ADDR, LEN)).toBe(0);
    expect(new TextDecoder().decode(k.mem(p).copyIn(ADDR + 2, 14)!)).toBe("/tmp/chat.sock");
    const none = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, none, ...unix(k, p, "/tmp/nobody"))).toBe(ENOENT); // Linux: no such file
  });

  it("a name is a socket file in tmpfs: stat shows S_IFSOCK, getdents DT_SOCK, open is ENXIO, unlink removes it, it outlives the socket", () => {
    const { k, p } = bareKernel();
    const l = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, l, ...unix(k, p, "/tmp/s"))).toBe(0);
    const ino = k.state.sockets.get(1)!.ino;
    expect(k.state.inodes.get(ino)).toMatchObject({ type: "sock", mode: 0o755, nlink: 1, opens: 1 }); // umask 022
    expect(call(k, p, STATX, -100, "/tmp/s", 0, 0xfff, SCRATCH + 0x2000)).toBe(0);
    expect(k.mem(p).load32(SCRATCH + 0x2000 + 28)! & 0xffff).toBe(0o140755); // stx_mode
    const dir = call(k, p, OPENAT, -100, "/tmp", 0o200000, 0) as number;
    const n = call(k, p, GETDENTS, dir, SCRATCH + 0x3000, 4096) as number;
    const ents = k.mem(p).copyIn(SCRATCH + 0x3000, n)!;
    const at = ents.findIndex((_, i) => ents[i] === 115 && ents[i + 1] === 0 && ents[i - 1] === 12); // d_type 12 then "s\0"
    expect(at).toBeGreaterThan(0);
    expect(call(k, p, OPENAT, -100, "/tmp/s", 0, 0)).toBe(ENXIO);
    expect(call(k, p, NR.bind, l, ...unix(k, p, "/tmp/t"))).toBe(EINVAL); // already bound: no second file either
    expect(call(k, p, OPENAT, -100, "/tmp/t", 0, 0)).toBe(ENOENT);
    expect(call(k, p, NR.listen, l, 4)).toBe(0);

    // Renamed, the file still reaches the listener; unlinked, the name is gone but the socket lives on.
    expect(call(k, p, RENAMEAT2, -100, "/tmp/s", -100, "/tmp/r", 0)).toBe(0);
    const c1 = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, c1, ...unix(k, p, "/tmp/r"))).toBe(0);
    expect(call(k, p, UNLINKAT, -100, "/tmp/r", 0)).toBe(0);
    expect(k.state.inodes.get(ino)).toMatchObject({ nlink: 0, opens: 1 }); // held by the socket
    const c2 = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, c2, ...unix(k, p, "/tmp/r"))).toBe(ENOENT);
    expect(call(k, p, NR.accept, l, 0, 0)).toBeGreaterThanOrEqual(0);
    expect(call(k, p, NR.close, l)).toBe(0);
    expect(k.state.inodes.has(ino)).toBe(false); // unlinked and released: freed

    // A name whose socket closed stays: ECONNREFUSED to connect, EADDRINUSE to bind, until unlinked.
    const b = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, b, ...unix(k, p, "/tmp/left"))).toBe(0);
    expect(call(k, p, NR.close, b)).toBe(0);
    const c3 = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, c3, ...unix(k, p, "/tmp/left"))).toBe(ECONNREFUSED);
    const b2 = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, b2, ...unix(k, p, "/tmp/left"))).toBe(EADDRINUSE);
    expect(call(k, p, UNLINKAT, -100, "/tmp/left", 0)).toBe(0);
    expect(call(k, p, NR.bind, b2, ...unix(k, p, "/tmp/left"))).toBe(0);
    // Not a socket file: ECONNREFUSED; no such directory: ENOENT; /proc: EACCES.
    expect(call(k, p, NR.connect, c3, ...unix(k, p, "/tmp"))).toBe(ECONNREFUSED);
    expect(call(k, p, NR.connect, c3, ...unix(k, p, "/nodir/s"))).toBe(ENOENT);
    const b3 = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, b3, ...unix(k, p, "/nodir/s"))).toBe(ENOENT);
    expect(call(k, p, NR.bind, b3, ...unix(k, p, "/proc/s"))).toBe(-13);
  });

  it("a socket file and its listener are checkpointed and restored whole", () => {
    const { k, p } = bareKernel();
    const l = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, l, ...unix(k, p, "/tmp/kept.sock"))).toBe(0);
    expect(call(k, p, NR.listen, l, 4)).toBe(0);
    const { kernel: k2 } = restore(checkpoint(k));
    const p2 = k2.state.procs.get(p.pid)!;
    prepareForCalls(k2, p2);
    const c = call(k2, p2, NR.socket, 1, 1, 0) as number;
    expect(call(k2, p2, NR.connect, c, ...unix(k2, p2, "/tmp/kept.sock"))).toBe(0);
    const s = call(k2, p2, NR.accept, l, 0, 0) as number;
    expect(send(k2, p2, c, "after")).toBe(5);
    expect(recv(k2, p2, s)).toBe("after");
  });

  it("a listener restored from a snapshot older than socket files (no inode) is still found by its path", () => {
    const { k, p } = bareKernel();
    const l = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.bind, l, ...unix(k, p, "/tmp/old.sock"))).toBe(0);
    expect(call(k, p, NR.listen, l, 4)).toBe(0);
    // As sockets v1 left it: the name in the table only.
    const s = k.state.sockets.get(1)!;
    const ino = s.ino;
    s.ino = 0;
    k.state.inodes.get(ino)!.opens = 0;
    expect(call(k, p, UNLINKAT, -100, "/tmp/old.sock", 0)).toBe(0);
    const c = call(k, p, NR.socket, 1, 1, 0) as number;
    expect(call(k, p, NR.connect, c, ...unix(k, p, "/tmp/old.sock"))).toBe(0);
  });
});

describe("options", () => {
  it("SO_REUSEADDR, SO_TYPE, SO_ERROR, TCP_NODELAY round-trip; unknown options give ENOPROTOOPT", () => {
    const { k, p } = bareKernel();
    const fd = call(k, p, NR.socket, 2, 1, 0) as number;
    const v = SCRATCH + 0x500;
    k.mem(p).store32(v, 1);
    expect(call(k, p, NR.setsockopt, fd, 1, 2, v, 4)).toBe(0);
    expect(call(k, p, NR.setsockopt, fd, 6, 1, v, 4)).toBe(0);
    for (const [level, name, want] of [[1, 2, 1], [1, 3, 1], [1, 4, 0], [6, 1, 1]] as const) {
      k.mem(p).store32(v, 99);
      k.mem(p).store32(LEN, 4);
      expect(call(k, p, NR.getsockopt, fd, level, name, v, LEN)).toBe(0);
      expect(k.mem(p).load32(v)).toBe(want);
    }
    expect(call(k, p, NR.setsockopt, fd, 1, 999, v, 4)).toBe(-92);
  });
});

describe("checkpoint", () => {
  it("an inside connection is restored whole: bytes in flight both ways, a queued connection, the listener", () => {
    const { k, p } = bareKernel();
    const l = listenOn(k, p, 8000);
    const c1 = connectTo(k, p, 8000) as number;
    const s1 = call(k, p, NR.accept, l, 0, 0) as number;
    const c2 = connectTo(k, p, 8000) as number; // queued, not yet accepted
    send(k, p, c1, "to server");
    send(k, p, s1, "to client");
    send(k, p, c2, "early bird");
    const bytes = checkpoint(k);
    const { kernel } = restore(bytes);
    expect(checkpoint(kernel)).toEqual(bytes);
    expect(digest(kernel)).toBe(digest(k));
    const q = kernel.state.procs.get(p.pid)!;
    prepareForCalls(kernel, q);
    expect(recv(kernel, q, s1)).toBe("to server");
    expect(recv(kernel, q, c1)).toBe("to client");
    const s2 = call(kernel, q, NR.accept, l, 0, 0) as number;
    expect(recv(kernel, q, s2)).toBe("early bird");
    expect(connectTo(kernel, q, 8000)).toEqual(expect.any(Number)); // still listening
  });

  it("property: the byte stream through a socketpair survives random checkpoints unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ dir: fc.boolean(), n: fc.integer({ min: 1, max: 3000 }) }), fc.constant("ckpt" as const), fc.record({ read: fc.boolean(), n: fc.integer({ min: 1, max: 5000 }) })), { maxLength: 30 }),
        (ops) => {
          let { k, p } = bareKernel();
          const [a, b] = pair(k, p, 0o4000);
          const sent: number[][] = [[], []];
          const got: number[][] = [[], []];
          let counter = 0;
          for (const op of ops) {
            if (op === "ckpt") {
              k = restore(checkpoint(k)).kernel;
              p = k.state.procs.get(1)!;
              prepareForCalls(k, p);
            } else if ("dir" in op) {
              const bytes = Uint8Array.from({ length: op.n }, () => counter++ & 0xff);
              const r = send(k, p, op.dir ? a : b, bytes);
              if (typeof r === "number" && r > 0) sent[op.dir ? 0 : 1]!.push(...bytes.subarray(0, r));
            } else {
              const r = call(k, p, NR.recvfrom, op.read ? b : a, BUF, op.n, 0, 0, 0);
              if (typeof r === "number" && r > 0) got[op.read ? 0 : 1]!.push(...k.mem(p).copyIn(BUF, r)!);
            }
          }
          for (const d of [0, 1]) expect(got[d]).toEqual(sent[d]!.slice(0, got[d]!.length));
        },
      ),
      { numRuns: 40 },
    );
  });
});
