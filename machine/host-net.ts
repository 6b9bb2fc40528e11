// The host side of the machine's network (node:net): terminal lines over TCP
// (boot --listen, telnet or plain nc), forwarded ports (host clients reaching
// a guest server, --forward HOSTPORT:GUESTPORT) and guest connections to the
// host ports the operator allowed (--net). Host events only queue bytes;
// pump() — called between runs — moves them into the kernel at the current
// virtual time and takes what the guest wrote, each change to the machine a
// recorded NetEvent (machine/net-input.ts: the timeline replays them, so a
// session with network input goes back and forth exactly). Every buffer is bounded
// (sockets are paused while the machine has not taken their bytes) and so is
// the number of connections, so no client can exhaust host memory.

import { createServer, connect as netConnect, type Server, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import type { Machine } from "./machine.js";
import { TELNET_GREETING, TelnetParser, telnetEscape } from "../devices/net/telnet.js";
import { freeLine, heldLines } from "../kernel/net-line.js";
import { netWantsEnd, outsideConns } from "../kernel/socket-outside.js";
import type { NetPort, SocketState } from "../kernel/socket-state.js";
import { applyNetEvent, deliverable, hasTake, type NetEvent } from "./net-input.js";

/** Bytes queued from one host connection before it is paused. */
export const INBOX_MAX = 64 * 1024;
/** Bytes written to one host connection and not yet sent before the machine's output waits. */
const OUTBOX_MAX = 64 * 1024;
/** Connections a forwarded port takes at once (more are closed at once). */
export const MAX_FORWARD_CONNS = 64;
/** Terminal-line connections waiting for a token, beyond the lines themselves. */
export const MAX_PENDING_LINES = 8;
/** Longest token line a client may type. */
const TOKEN_MAX = 64;

export interface NetOptions {
  /** terminal lines over TCP: listen here (port 0 = any free port) */
  listen?: { host: string; port: number } | null;
  /** host port → guest port (host port 0 = any free port) */
  forwards?: { hostPort: number; guestPort: number }[];
  /** host ports on 127.0.0.1 the guest may connect to */
  allow?: number[];
}

/** One terminal-line connection. */
interface LineConn {
  socket: Socket;
  peer: string;
  parser: TelnetParser;
  inbox: Buffer[];
  queued: number;
  tty: number; // −1 until attached
  asking: boolean; // prompted for a token
  token: string;
  sent: number; // output log offset sent so far
  closed: boolean;
}

/** One socket connection with the host (forwarded in, or out to an allowed port). */
interface SockConn {
  socket: Socket;
  id: number;
  sock: SocketState | null; // the kernel object it belongs to (identity tells a reused id apart)
  inbox: Buffer[];
  queued: number;
  connected: boolean;
  failed: boolean;
  ended: boolean; // the host end sent FIN
  reset: boolean; // the host end went away abruptly
  closedSent: boolean; // we ended our side
  told: boolean; // the kernel heard of the end/reset
}

export class HostNet {
  private lineServer: Server | null = null;
  private forwardServers: { server: Server; hostPort: number; guestPort: number; conns: number }[] = [];
  private readonly lines: LineConn[] = [];
  private readonly socks = new Map<number, SockConn>();
  /** a new machine took over: its connections with the host are to be dropped at the next pump */
  private dropPending = false;
  /** Called when host input arrives (an idle interactive loop should step). */
  onActivity: (() => void) | null = null;

  constructor(private machine: Machine, private readonly opts: NetOptions = {}) {}

  /** Open the listening ports and record the permissions in the machine (netPorts). */
  async start(): Promise<void> {
    if (this.opts.listen) {
      this.lineServer = createServer((s) => this.acceptLine(s));
      this.lineServer.maxConnections = this.machine.ttyCount - 1 + MAX_PENDING_LINES;
      await listen(this.lineServer, this.opts.listen.port, this.opts.listen.host);
    }
    for (const f of this.opts.forwards ?? []) {
      const entry = { server: createServer(), hostPort: f.hostPort, guestPort: f.guestPort, conns: 0 };
      entry.server.on("connection", (s) => this.acceptForward(entry, s));
      entry.server.maxConnections = MAX_FORWARD_CONNS;
      await listen(entry.server, f.hostPort, "127.0.0.1");
      entry.hostPort = (entry.server.address() as { port: number }).port;
      this.forwardServers.push(entry);
    }
    const ports: NetPort[] = [
      ...(this.opts.allow ?? []).map((p) => ({ kind: "allow" as const, hostPort: p, guestPort: 0 })),
      ...this.forwardServers.map((f) => ({ kind: "forward" as const, hostPort: f.hostPort, guestPort: f.guestPort })),
    ];
    this.apply({ kind: "ports", ports });
  }

  /** The port terminal clients connect to (after start). */
  get listenPort(): number {
    return (this.lineServer?.address() as { port: number } | null)?.port ?? 0;
  }

  /** The host ports of the forwards, in order (after start). */
  get forwardPorts(): number[] {
    return this.forwardServers.map((f) => f.hostPort);
  }

  /** Who is attached where, for `show ttys`: one line per connection. */
  describe(): string[] {
    const out: string[] = [];
    for (const l of this.lines) out.push(l.tty >= 0 ? `tty${l.tty}: ${l.peer}${l.parser.telnet ? " (telnet)" : ""}` : `${l.peer}: waiting for a token`);
    for (const c of this.socks.values()) out.push(`socket ${c.id}: host ${c.socket.remoteAddress ?? "?"}:${c.socket.remotePort ?? "?"}`);
    return out;
  }

  /**
   * Another Machine took over (restart-system, or the timeline went to another
   * time): drop every host connection of the old one. The new one is told
   * that the connections it still counts on are gone (a reset for each live
   * outside socket, a hang-up for each line not held for its token) by the
   * next pump, when it goes on live — recorded events, so a replay of what
   * follows sees them too, and merely looking at the past records nothing.
   */
  setMachine(m: Machine): void {
    for (const l of this.lines) l.socket.destroy();
    for (const c of this.socks.values()) c.socket.destroy();
    this.lines.length = 0;
    this.socks.clear();
    this.machine = m;
    this.dropPending = true;
  }

  // The machine's connections with the host that this adapter does not carry are gone.
  private dropUncarried(): void {
    this.dropPending = false;
    const k = this.machine.kernel;
    for (const c of outsideConns(k)) {
      const s = k.state.sockets.get(c.sock)!;
      if (s.state === "connected" && !(s.rxShut && s.txShut)) this.apply({ kind: "reset", sock: c.sock });
      // (a guest connect still in progress is made again by this pump)
    }
    for (const line of [...k.state.netLines]) if (!line.held) this.apply({ kind: "detach", tty: line.tty });
  }

  /** Pump for `m`, the console's machine now: taken over first when it is another one (setMachine). */
  serve(m: Machine | null): void {
    if (m && m !== this.machine) this.setMachine(m);
    this.pump();
  }

  /** Move bytes between the host connections and the machine, at its current virtual time. */
  pump(): void {
    if (this.dropPending) this.dropUncarried();
    const k = this.machine.kernel;
    for (const l of [...this.lines]) this.pumpLine(l);
    // Guest connections to the host that are waiting to be made.
    for (const c of outsideConns(k)) {
      if (c.kind === "host" && c.state === "connecting" && !this.socks.has(c.sock)) this.connectOut(c.sock, c.hostPort);
    }
    for (const c of [...this.socks.values()]) this.pumpSock(c);
  }

  /** Close every port and connection. */
  async close(): Promise<void> {
    for (const l of this.lines) l.socket.destroy();
    for (const c of this.socks.values()) c.socket.destroy();
    this.lines.length = 0;
    this.socks.clear();
    const servers = [this.lineServer, ...this.forwardServers.map((f) => f.server)].filter((s): s is Server => s !== null);
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.lineServer = null;
    this.forwardServers = [];
  }

  // ---- terminal lines ----

  private acceptLine(socket: Socket): void {
    const l: LineConn = {
      socket, peer: `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? 0}`, parser: new TelnetParser(),
      inbox: [], queued: 0, tty: -1, asking: false, token: "", sent: 0, closed: false,
    };
    socket.on("error", () => undefined); // a reset client is a normal end
    socket.on("close", () => {
      l.closed = true;
      this.poke();
    });
    socket.on("data", (b: Buffer) => this.queue(l, b));
    socket.write(TELNET_GREETING);
    this.lines.push(l);
    this.poke();
  }

  private pumpLine(l: LineConn): void {
    const k = this.machine.kernel;
    if (l.closed) {
      this.lines.splice(this.lines.indexOf(l), 1);
      if (l.tty >= 0 && k.state.netLines.some((x) => x.tty === l.tty && !x.held)) this.apply({ kind: "detach", tty: l.tty });
      return;
    }
    const bytes = takeInbox(l);
    if (bytes.length > 0 && l.socket.isPaused()) l.socket.resume();
    const ev = l.parser.feed(bytes);
    let data = ev.data;
    if (l.tty < 0) {
      if (heldLines(k).length === 0 && !l.asking) this.attach(l, freeLine(k));
      else {
        if (!l.asking) {
          l.asking = true;
          l.socket.write("cryobox: held lines wait for their token; type it, or just Enter for a new line: ");
        }
        const i = data.findIndex((b) => b === 13 || b === 10);
        const typed = new TextDecoder().decode(i < 0 ? data : data.subarray(0, i));
        l.token = (l.token + typed.replace(/[^A-Za-z0-9_-]/g, "")).slice(0, TOKEN_MAX);
        if (i < 0) return;
        data = data.subarray(i + 1);
        const held = this.apply({ kind: "reclaim", token: l.token, peer: l.peer });
        l.socket.write("\r\n");
        if (held >= 0) {
          l.tty = held;
          l.sent = this.machine.tty(held).outputLength();
          this.note(`tty${held}: reclaimed by ${l.peer}`);
        } else this.attach(l, freeLine(k));
      }
      if (l.tty < 0) return;
    }
    const tty = this.machine.tty(l.tty);
    for (const ws of ev.sizes) this.apply({ kind: "resize", tty: l.tty, rows: ws.rows, cols: ws.cols });
    if (data.length > 0) tty.send(data); // terminal input: recorded by Machine.inputHook
    if (l.socket.writableLength < OUTBOX_MAX) {
      const out = tty.outputSince(l.sent);
      l.sent = tty.outputLength(); // (an offset the bounded log has dropped starts at its oldest byte)
      if (out.length > 0) l.socket.write(telnetEscape(out));
    }
  }

  private attach(l: LineConn, n: number): void {
    if (n < 0) {
      l.socket.end("cryobox: no free terminal line\r\n");
      l.closed = true;
      return;
    }
    const token = randomBytes(9).toString("base64url");
    this.apply({ kind: "attach", tty: n, peer: l.peer, token });
    l.tty = n;
    // Start at the current line, so the client sees the prompt the shell printed before it came.
    const tty = this.machine.tty(n);
    const end = tty.outputLength();
    const recent = tty.outputSince(Math.max(0, end - 256));
    const nl = recent.lastIndexOf(10);
    l.sent = end - (nl < 0 ? recent.length : recent.length - nl - 1);
    l.socket.write(`cryobox: tty${n}\r\n`);
  }

  private note(_text: string): void {
    // (the console shows attachments through describe(); nothing to print here)
  }

  // ---- sockets with the host ----

  private acceptForward(f: { hostPort: number; guestPort: number; conns: number }, socket: Socket): void {
    socket.on("error", () => undefined);
    if (f.conns >= MAX_FORWARD_CONNS) {
      socket.destroy();
      return;
    }
    const id = this.apply({ kind: "incoming", guestPort: f.guestPort, hostPort: f.hostPort, remotePort: socket.remotePort ?? 0 });
    if (id < 0) {
      socket.destroy(); // nobody listens on the guest port (or its backlog is full): refused
      return;
    }
    f.conns++;
    socket.on("close", () => f.conns--);
    this.track(socket, id, true);
    this.poke();
  }

  private connectOut(id: number, port: number): void {
    const k = this.machine.kernel;
    if (!k.state.netPorts.some((p) => p.kind === "allow" && p.hostPort === port)) {
      this.apply({ kind: "refused", sock: id });
      return;
    }
    const socket = netConnect({ host: "127.0.0.1", port });
    const c = this.track(socket, id, false);
    socket.on("connect", () => {
      c.connected = true;
      this.poke();
    });
  }

  private track(socket: Socket, id: number, connected: boolean): SockConn {
    const c: SockConn = {
      socket, id, sock: this.machine.kernel.state.sockets.get(id) ?? null, inbox: [], queued: 0, connected,
      failed: false, ended: false, reset: false, closedSent: false, told: false,
    };
    socket.on("data", (b: Buffer) => this.queue(c, b));
    socket.on("end", () => {
      c.ended = true;
      this.poke();
    });
    socket.on("error", () => {
      if (!c.connected) c.failed = true;
      else c.reset = true;
      this.poke();
    });
    socket.on("close", () => {
      if (!c.ended && c.connected) c.reset = true;
      this.poke();
    });
    this.socks.set(id, c);
    return c;
  }

  private pumpSock(c: SockConn): void {
    const k = this.machine.kernel;
    const s = k.state.sockets.get(c.id);
    if (!s || s !== c.sock) {
      // The guest closed the socket and the machine freed it: finish our side.
      if (!c.closedSent) c.socket.end();
      this.socks.delete(c.id);
      return;
    }
    if (s.state === "connecting") {
      if (c.failed) {
        this.apply({ kind: "refused", sock: c.id });
        this.socks.delete(c.id);
        c.socket.destroy();
        return;
      }
      if (!c.connected) return;
      this.apply({ kind: "connected", sock: c.id });
    }
    // Host → guest, as much as the socket's buffer takes.
    while (c.inbox.length > 0) {
      const head = c.inbox[0]!;
      const room = deliverable(k, c.id, head.length);
      const n = room < 0 ? head.length : room === 0 ? 0 : this.apply({ kind: "deliver", sock: c.id, bytes: new Uint8Array(head.subarray(0, room)) });
      c.queued -= n;
      if (n < head.length) {
        c.inbox[0] = head.subarray(n);
        break;
      }
      c.inbox.shift();
    }
    if (c.queued < INBOX_MAX && c.socket.isPaused()) c.socket.resume();
    if (c.inbox.length === 0 && !c.told) {
      if (c.reset) {
        this.apply({ kind: "reset", sock: c.id });
        c.told = true;
      } else if (c.ended) {
        this.apply({ kind: "closed", sock: c.id });
        c.told = true;
      }
    }
    // Guest → host.
    if (c.socket.writableLength < OUTBOX_MAX && !c.closedSent) {
      if (hasTake(k, c.id)) {
        this.apply({ kind: "take", sock: c.id }, (out) => {
          if (out.length > 0 && !c.socket.destroyed) c.socket.write(out);
        });
      }
      if (netWantsEnd(k, c.id) && !c.closedSent) {
        c.closedSent = true;
        c.socket.end();
      }
    }
    if (!k.state.sockets.has(c.id)) this.socks.delete(c.id);
  }

  // ---- shared ----

  /** Apply one outside event to the machine now (recorded by its hook: machine/net-input.ts). */
  private apply(e: NetEvent, out?: (bytes: Uint8Array) => void): number {
    return applyNetEvent(this.machine, e, out);
  }

  private queue(c: { socket: Socket; inbox: Buffer[]; queued: number }, b: Buffer): void {
    c.inbox.push(b);
    c.queued += b.length;
    if (c.queued >= INBOX_MAX) c.socket.pause(); // the machine has not taken enough yet
    this.poke();
  }

  private poke(): void {
    this.onActivity?.();
  }
}

function takeInbox(l: LineConn): Uint8Array {
  if (l.inbox.length === 0) return new Uint8Array(0);
  const b = Buffer.concat(l.inbox);
  l.inbox.length = 0;
  l.queued = 0;
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
