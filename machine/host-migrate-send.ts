// Live migration over TCP, the sending side (console `migrate HOST:PORT`):
// pre-copy rounds of new and changed pages while the machine keeps running,
// then a short stop-and-copy (the last pages, the kernel tables, the
// terminals), then — once the receiver says the machine is built — GO, the
// commit point, after which this side must never run the machine again. On
// any failure before GO the machine is untouched here and a MigrateError of
// one line says why. The downtime reported is the time the machine ran
// nowhere as far as this side sees it: from the end of its last slice here
// (the guest's last instruction) to GO leaving this process; GO carries the
// stop's host time, so the receiver adds the rest up to the guest's first
// instruction there (Incoming.stoppedAt).

import { Socket, connect } from "node:net";
import type { Machine } from "./machine.js";
import { MigrationSender, type PageEqual, type RoundReport, type TerminalCarry } from "./migrate-send.js";
import { FrameReader, type Frame, ProtocolError, T, frameText, textFrame, frame } from "./migrate-wire.js";

/** A migration that did not happen (the machine keeps running here): one line. */
export class MigrateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrateError";
  }
}

export interface SendOptions {
  host: string;
  port: number;
  /** let the machine run between two pre-copy rounds (the caller decides how much) */
  runBetween: (m: Machine) => void;
  /** the scrollback and console cursors to carry */
  terminals: () => TerminalCarry[];
  /** stop-and-copy once a round sends at most this many pages (default 64) … */
  stopPages?: number;
  /** … or when a round (from the third on) sends no fewer pages than the one before, or after this many rounds (default 30) */
  maxRounds?: number;
  /** give up when the receiver is silent this long (ms, default 30 s) */
  timeoutMs?: number;
  /** host milliseconds (default performance.now) */
  clock?: () => number;
}

export interface SendReport {
  rounds: { pages: number; freed: number; bytes: number }[];
  final: RoundReport;
  /** host ms the machine ran nowhere as seen here (its last instruction here → GO sent) */
  downtimeMs: number;
  /** CPU time this process spent in that window (with the receiver in the same process, as in the bench: what an unloaded host would see) */
  downtimeCpuMs: number;
  /** of which: the last scan and encoding here, and the wait for the receiver to build the machine */
  scanMs: number;
  buildMs: number;
  /** host epoch ms of the stop (performance.timeOrigin based; sent in GO) */
  stoppedAt: number;
  /** virtual time at the stop */
  at: number;
}

/** Native page compare (memcmp). */
export const bufferEqual: PageEqual = (a, b) => Buffer.compare(a, b) === 0;

/** A socket with frames in and awaitable writes. */
class Link {
  private readonly reader = new FrameReader(new Set([T.READY, T.ARRIVED, T.REFUSED, T.SYNCED]));
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(
    readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on("data", (b: Buffer) => {
      try {
        this.reader.push(new Uint8Array(b.buffer, b.byteOffset, b.length));
        for (let f = this.reader.next(); f; f = this.reader.next()) this.frames.push(f);
      } catch (e) {
        this.fail(e as Error);
      }
      this.wake();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => this.fail(new MigrateError(`connection failed: ${e.code ?? e.message}`)));
    socket.on("close", () => this.fail(new MigrateError("the receiver closed the connection")));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** A frame the receiver sent asynchronously (REFUSED) fails the migration at the next look. */
  check(): void {
    const f = this.frames[0];
    if (f && f.type === T.REFUSED) throw new MigrateError(`refused by the receiver: ${frameText(f)}`);
    if (this.failure) throw this.failure instanceof MigrateError ? this.failure : new MigrateError(`the receiver broke the protocol: ${this.failure.message}`);
  }

  async write(frames: Uint8Array[]): Promise<void> {
    let ok = true;
    for (const f of frames) ok = this.socket.write(f);
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.socket.off("drain", done);
          this.waiter = null;
          resolve();
        };
        this.socket.on("drain", done);
        this.waiter = done; // a failure also ends the wait
      });
    }
    this.check();
  }

  /** The next frame, which must be `type`. */
  async expect(type: number, what: string): Promise<void> {
    const deadline = setTimeout(() => this.fail(new MigrateError(`the receiver did not answer within ${this.timeoutMs / 1000} s (waiting for ${what})`)), this.timeoutMs);
    try {
      while (this.frames.length === 0) {
        this.check();
        await new Promise<void>((r) => (this.waiter = r));
      }
      this.check();
      const f = this.frames.shift()!;
      if (f.type !== type) throw new MigrateError(`the receiver sent frame type ${f.type}, expected ${what}`);
    } finally {
      clearTimeout(deadline);
    }
  }
}

/** Send `m` to HOST:PORT. Resolves after GO (the machine now lives there); rejects with MigrateError otherwise. */
export async function sendMachine(m: Machine, o: SendOptions): Promise<SendReport> {
  const clock = o.clock ?? (() => performance.now());
  const timeoutMs = o.timeoutMs ?? 30_000;
  const socket = await open(o.host, o.port, timeoutMs);
  socket.setNoDelay(true);
  const link = new Link(socket, timeoutMs);
  const sender = new MigrationSender(bufferEqual);
  let committed = false;
  // The sender clears dirty bits: no periodic checkpoint meanwhile, and if the machine stays here its
  // checkpoint tracker must not trust its page hashes any more (the next incremental point is full).
  const afterSlice = m.afterSlice;
  m.afterSlice = null;
  try {
    await link.write(sender.hello(m));
    await link.expect(T.READY, "READY");
    const rounds: SendReport["rounds"] = [];
    for (;;) {
      const r = sender.precopy(m);
      rounds.push({ pages: r.report.pages, freed: r.report.freed, bytes: r.report.bytes });
      // The receiver takes the round before we go on: the stop-and-copy must not wait behind a backlog.
      await link.write([...r.frames, frame(T.SYNC)]);
      await link.expect(T.SYNCED, "SYNCED");
      o.runBetween(m);
      // Stop when little is left, when the guest dirties pages as fast as rounds send them (no progress),
      // or at the bound. The machine ran since the round: the stop-and-copy sends what it wrote meanwhile.
      const prev = rounds.length >= 3 ? rounds[rounds.length - 2]!.pages : Infinity;
      if (r.report.pages <= (o.stopPages ?? 64) || r.report.pages >= prev || rounds.length >= (o.maxRounds ?? 30)) break;
    }
    // Stop-and-copy: the guest's last instruction here was the end of runBetween; it runs next there.
    const t0 = clock();
    const cpu0 = process.cpuUsage();
    const stoppedAt = performance.timeOrigin + performance.now();
    const at = m.now();
    const last = sender.final(m, o.terminals);
    const t1 = clock();
    await link.write(last.frames);
    await link.expect(T.ARRIVED, "ARRIVED");
    const t2 = clock();
    const go = new Uint8Array(8);
    new DataView(go.buffer).setFloat64(0, stoppedAt, true);
    await new Promise<void>((resolve, reject) => socket.write(frame(T.GO, go), (e) => (e ? reject(new MigrateError(`GO could not be sent: ${e.message}`)) : resolve())));
    committed = true;
    const downtimeMs = clock() - t0;
    const cpu = process.cpuUsage(cpu0);
    socket.end();
    return { rounds, final: last.report, downtimeMs, downtimeCpuMs: (cpu.user + cpu.system) / 1000, scanMs: t1 - t0, buildMs: t2 - t1, at, stoppedAt };
  } catch (e) {
    m.checkpoints.invalidate();
    m.afterSlice = afterSlice;
    if (!committed) {
      try {
        socket.write(textFrame(T.ABORT, (e as Error).message));
      } catch {
        // the connection is gone already
      }
      socket.destroy();
    }
    if (e instanceof MigrateError) throw e;
    if (e instanceof ProtocolError) throw new MigrateError(`the receiver broke the protocol: ${e.message}`);
    throw e;
  }
}

function open(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const t = setTimeout(() => {
      s.destroy();
      reject(new MigrateError(`cannot connect to ${host}:${port}: no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    s.once("connect", () => {
      clearTimeout(t);
      s.removeAllListeners("error");
      resolve(s);
    });
    s.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(t);
      reject(new MigrateError(`cannot connect to ${host}:${port}: ${e.code ?? e.message}`));
    });
  });
}
