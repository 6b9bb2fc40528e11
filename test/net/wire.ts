// Real loopback TCP for the network tests: a client that collects what it
// receives, and a loop that runs a Machine and pumps its HostNet while the
// host's event loop delivers socket events.

import { connect, type Socket } from "node:net";
import type { Machine } from "../../machine/machine.js";
import type { HostNet } from "../../machine/host-net.js";

export class Client {
  readonly socket: Socket;
  received = Buffer.alloc(0);
  closed = false;
  constructor(port: number) {
    this.socket = connect({ host: "127.0.0.1", port });
    this.socket.on("data", (b) => (this.received = Buffer.concat([this.received, b])));
    this.socket.on("close", () => (this.closed = true));
    this.socket.on("error", () => undefined);
  }
  text(): string {
    return this.received.toString("latin1");
  }
  send(s: string | Uint8Array): void {
    this.socket.write(typeof s === "string" ? Buffer.from(s, "latin1") : s);
  }
}

/** Run the machine in slices, pumping the network, until cond() holds (or fail after `ms` of host time). */
export async function until(m: Machine, net: HostNet, cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    net.pump();
    m.run(2_000_000);
    net.pump();
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** IAC SB NAWS cols rows IAC SE. */
export function naws(cols: number, rows: number): Uint8Array {
  return new Uint8Array([255, 250, 31, cols >> 8, cols & 255, rows >> 8, rows & 255, 255, 240]);
}
