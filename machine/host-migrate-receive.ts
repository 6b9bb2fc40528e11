// Live migration over TCP, the receiving side (`cryobox boot --incoming
// [ADDR:]PORT`): listen, take one sender at a time, and resolve with the
// machine once its sender committed (GO). A connection that breaks the
// protocol — garbage, a wrong version, an oversized frame, a state that does
// not validate, silence — is refused with one line (to the peer and to `log`)
// and the receiver goes on waiting; every frame and the page table are bounded
// (migrate-wire.ts, migrate-receive.ts), so no peer can exhaust it. A machine
// built but never committed (the sender vanished before GO) is dropped.

import { type Server, type Socket, createServer } from "node:net";
import { Machine, type RestoreOptions } from "./machine.js";
import { MigrationReceiver, SENDER_FRAMES } from "./migrate-receive.js";
import type { TerminalCarry } from "./migrate-send.js";
import { FrameReader, ProtocolError, T, greeting, textFrame } from "./migrate-wire.js";

export interface IncomingOptions {
  host: string;
  port: number;
  /** how the arriving machine is restarted (reels, disks, lines), as for --restore */
  restore?: RestoreOptions;
  /** one line per event: listening, refused, arrived */
  log: (line: string) => void;
  /** drop a sender silent this long (ms, default 30 s) */
  idleMs?: number;
}

export interface Incoming {
  machine: Machine;
  /** the console cursors the machine's console had (print, expect) */
  cursors: { print: number[]; expect: number[] };
  from: string;
  pages: number;
  /** host epoch ms (performance.timeOrigin based) of the guest's last instruction on the source, from GO (NaN from an older sender) */
  stoppedAt: number;
}

/** Host ms since the source stopped the machine: call it right before the machine's first slice here (same host, or synchronized clocks). */
export function downtimeSoFar(got: Incoming): number {
  return performance.timeOrigin + performance.now() - got.stoppedAt;
}

/** Listen and wait for one machine. `listening` gets the bound port (PORT 0 picks one). */
export function receiveMachine(o: IncomingOptions, listening?: (port: number) => void): Promise<Incoming> {
  return new Promise((resolve, reject) => {
    let busy = false;
    const server: Server = createServer((socket) => {
      const from = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
      if (busy) {
        socket.end(Buffer.concat([greeting(), textFrame(T.REFUSED, "busy: another machine is arriving")]));
        return;
      }
      busy = true;
      serve(socket, from, o).then(
        (got) => {
          busy = false;
          if (!got) return; // refused or dropped: wait for the next sender
          server.close();
          resolve(got);
        },
        (e: unknown) => {
          server.close();
          reject(e); // never: serve refuses every failure
        },
      );
    });
    server.on("error", (e: NodeJS.ErrnoException) => reject(new Error(`--incoming ${o.host}:${o.port}: ${e.code ?? e.message}`)));
    server.listen(o.port, o.host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : o.port;
      o.log(`cryobox: waiting for a machine on ${o.host}:${port} (console 'migrate HOST:${port}' on the sending box)`);
      listening?.(port);
    });
  });
}

/** One sender: the machine, or null when it was refused or never committed. */
function serve(socket: Socket, from: string, o: IncomingOptions): Promise<Incoming | null> {
  return new Promise((resolve) => {
    const reader = new FrameReader(SENDER_FRAMES);
    const rx = new MigrationReceiver();
    let machine: Machine | null = null;
    let terms: TerminalCarry[] | null = null;
    let settled = false;
    const finish = (v: Incoming | null): void => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners("data");
      resolve(v);
    };
    const refuse = (why: string): void => {
      if (settled) return;
      o.log(`cryobox: refused a machine from ${from}: ${why}`);
      machine?.close();
      socket.end(textFrame(T.REFUSED, why));
      socket.destroySoon();
      finish(null);
    };
    socket.setNoDelay(true);
    socket.setTimeout(o.idleMs ?? 30_000, () => refuse(`the sender was silent for ${(o.idleMs ?? 30_000) / 1000} s`));
    socket.write(greeting());
    socket.on("error", () => refuse("the connection failed"));
    socket.on("close", () => {
      if (settled) return;
      if (machine) o.log(`cryobox: dropped the machine from ${from}: the sender went away before committing`);
      else o.log(`cryobox: the sender ${from} went away before its machine arrived`);
      machine?.close();
      finish(null);
    });
    socket.on("data", (b: Buffer) => {
      if (settled) return;
      try {
        reader.push(new Uint8Array(b.buffer, b.byteOffset, b.length));
        for (let f = reader.next(); f && !settled; f = reader.next()) {
          const replies = rx.accept(f);
          if (rx.waitingForGo && !machine) {
            // Built from the state: start it here (reels, disks, lines) before saying so; it runs only after GO.
            const a = rx.peek()!;
            machine = Machine.adopt(a.kernel, a.outside, o.restore ?? {});
            terms = a.terms;
            machine.resumeTerminalLogs(terms);
          }
          for (const r of replies) socket.write(r);
          const got = rx.result();
          if (got && machine && terms) {
            socket.setTimeout(0);
            const since = performance.timeOrigin + performance.now() - rx.stoppedAt;
            o.log(`cryobox: machine arrived from ${from} (${rx.pagesReceived} pages received${Number.isFinite(since) ? `, ${since.toFixed(1)} ms after it stopped there` : ""})`);
            finish({ machine, cursors: { print: terms.map((t) => t.printFrom), expect: terms.map((t) => t.expectFrom) }, from, pages: rx.pagesReceived, stoppedAt: rx.stoppedAt });
            socket.end();
            return;
          }
        }
      } catch (e) {
        // Whatever a peer sends, the receiver survives it: a failure that is no refusal is our bug, and says so.
        const msg = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
        refuse(e instanceof ProtocolError || isOperatorError(e) ? msg : `a bug in cryobox: ${msg}`);
      }
    });
  });
}

/** Refusals of the restart itself (a disk or reel the operator must provide) are one-line errors, not bugs. */
function isOperatorError(e: unknown): boolean {
  return e instanceof Error && !(e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError);
}
