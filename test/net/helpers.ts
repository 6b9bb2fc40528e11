// Helpers for the network tests: hand-made socket system calls on a bare
// kernel (test/kernel/helpers.ts), socket addresses, byte buffers.

import { expect } from "vitest";
import { call, SCRATCH } from "../kernel/helpers.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

export const NR = {
  socket: 198, socketpair: 199, bind: 200, listen: 201, accept: 202, connect: 203, getsockname: 204, getpeername: 205,
  sendto: 206, recvfrom: 207, setsockopt: 208, getsockopt: 209, shutdown: 210, sendmsg: 211, recvmsg: 212, accept4: 242,
  read: 63, write: 64, close: 57, fcntl: 25, ppoll: 414,
} as const;
export const ADDR = SCRATCH + 0x400;
export const LEN = SCRATCH + 0x480;
export const BUF = SCRATCH + 0x1000;

/** sockaddr_in for 127.0.0.1:port (or another dotted address) at ADDR; returns [addr, len]. */
export function inet(k: Kernel, p: ProcState, port: number, ip = "127.0.0.1"): [number, number] {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, 2, true);
  dv.setUint16(2, port, false);
  ip.split(".").forEach((x, i) => (b[4 + i] = Number(x)));
  k.mem(p).poke(ADDR, b);
  return [ADDR, 16];
}

/** sockaddr_un for `path` at ADDR; returns [addr, len]. */
export function unix(k: Kernel, p: ProcState, path: string): [number, number] {
  const name = new TextEncoder().encode(path);
  const b = new Uint8Array(3 + name.length);
  b[0] = 1;
  b.set(name, 2);
  k.mem(p).poke(ADDR, b);
  return [ADDR, b.length];
}

export function send(k: Kernel, p: ProcState, fd: number, text: string | Uint8Array, flags = 0): number | "blocked" | "done" {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  k.mem(p).poke(BUF, bytes);
  return call(k, p, NR.sendto, fd, BUF, bytes.length, flags, 0, 0);
}

/** recv up to max bytes: the text, or the errno result. */
export function recv(k: Kernel, p: ProcState, fd: number, max = 4096, flags = 0): string | number {
  const r = call(k, p, NR.recvfrom, fd, BUF, max, flags, 0, 0);
  if (typeof r !== "number") throw new Error(`recv ${r}`);
  if (r < 0) return r;
  return new TextDecoder().decode(k.mem(p).copyIn(BUF, r)!);
}

/** A listening inet socket on port; its fd. */
export function listenOn(k: Kernel, p: ProcState, port: number, backlog = 8, flags = 0): number {
  const fd = call(k, p, NR.socket, 2, 1 | flags, 0) as number;
  expect(fd).toBeGreaterThanOrEqual(0);
  expect(call(k, p, NR.bind, fd, ...inet(k, p, port))).toBe(0);
  expect(call(k, p, NR.listen, fd, backlog)).toBe(0);
  return fd;
}

/** A client connected to 127.0.0.1:port; its fd. */
export function connectTo(k: Kernel, p: ProcState, port: number, flags = 0): number | string {
  const fd = call(k, p, NR.socket, 2, 1 | flags, 0) as number;
  const r = call(k, p, NR.connect, fd, ...inet(k, p, port));
  return r === 0 ? fd : `connect: ${r}`;
}
