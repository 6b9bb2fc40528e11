// Live migration in-process (two machines, one loopback connection): the
// moved machine equals one that never moved (digest, terminal transcript,
// console cursors), a failed migration leaves the source running, and the
// receiver refuses garbage, a wrong version, oversized frames and lying
// senders with one line each and then still takes a good machine. The
// two-process test is test/cli/migrate-process.test.ts.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { Console, type ConsoleOutcome } from "../../machine/console.js";
import { hostConsole } from "../../machine/host-console.js";
import { parseLine } from "../../machine/console-parse.js";
import { receiveMachine, type Incoming } from "../../machine/host-migrate-receive.js";
import { MIGRATE_ROUND_TICKS, migrateCommand } from "../../cli/migrate.js";
import { FrameReader, MIGRATE_MAGIC, T, frame, greeting, u32s } from "../../machine/migrate-wire.js";
import { MigrationSender } from "../../machine/migrate-send.js";
import { pageSites } from "../../machine/migrate-pages.js";
import { KERNEL_SNAPSHOT } from "../../snapshot/index.js";

function exec(con: Console, line: string): string {
  const r = con.execute(parseLine(line)!);
  if (r.kind !== "ok") throw new Error(`${line}: ${JSON.stringify(r)}`);
  return r.text;
}

/** A receiver on a free port: the port, the machine promise and its log. */
async function listen(): Promise<{ port: number; arrived: Promise<Incoming>; log: string[] }> {
  const log: string[] = [];
  let port = 0;
  let arrivedP!: Promise<Incoming>;
  const ready = new Promise<void>((r) => {
    arrivedP = receiveMachine({ host: "127.0.0.1", port: 0, log: (l) => log.push(l), idleMs: 5000 }, (p) => {
      port = p;
      r();
    });
  });
  await ready;
  return { port, arrived: arrivedP, log };
}

/** Send raw bytes to the receiver; resolve with what it answered when it closes. */
function rawPeer(port: number, bytes: Uint8Array[]): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    const got: Buffer[] = [];
    s.on("data", (b) => got.push(b));
    s.on("error", () => undefined);
    s.on("close", () => resolve(new Uint8Array(Buffer.concat(got))));
    s.on("connect", () => {
      for (const b of bytes) s.write(b);
      s.end(); // a peer that says no more: the receiver must not wait for it
    });
  });
}

function refusalOf(answer: Uint8Array): string {
  const r = new FrameReader(new Set([T.READY, T.ARRIVED, T.REFUSED]));
  r.push(answer);
  for (let f = r.next(); f; f = r.next()) if (f.type === T.REFUSED) return new TextDecoder().decode(f.payload);
  return "";
}

/** A box whose shell prints as it goes (tty0) and one that waits (tty1). */
function busyBox(): { m: Machine; con: Console } {
  const m = Machine.boot({ ttys: 2 });
  const con = new Console(m, hostConsole);
  exec(con, 'expect tty0 "$ "');
  exec(con, 'send tty0 "primes 3000\\n"');
  exec(con, "run 2M");
  return { m, con };
}

describe("live migration (in-process)", () => {
  it("the moved machine equals one that never moved: digest, transcript, console cursors", async () => {
    const { port, arrived, log } = await listen();
    const src = busyBox();
    const out = await migrateCommand(src.con, "127.0.0.1", port);
    expect(out.kind, JSON.stringify(out)).toBe("halt");
    const text = (out as { text: string }).text;
    expect(text).toMatch(/^machine migrated to 127\.0\.0\.1:\d+ at .*: \d+ pre-copy rounds? \(\d+ pages, \d+ ticks run meanwhile\), stop-and-copy \d+ pages and \d+ bytes, downtime \d+\.\d\d ms$/);
    expect(src.con.machine).toBeNull();
    const got = await arrived;
    expect(log.at(-1)).toMatch(/machine arrived from 127\.0\.0\.1/);
    const ran = Number(/(\d+) ticks run meanwhile/.exec(text)![1]);
    expect(ran % MIGRATE_ROUND_TICKS).toBe(0);

    const ref = busyBox();
    ref.m.run(ran);
    expect(got.machine.now()).toBe(ref.m.now());
    expect(got.machine.digest()).toBe(ref.m.digest());

    // Both go on alike; the console on the moved machine prints the whole transcript.
    const moved = new Console(got.machine, hostConsole);
    moved.resumeCursors(got.cursors);
    for (const c of [moved, ref.con]) {
      exec(c, 'expect tty0 "2999"');
      exec(c, 'expect tty0 "$ "');
      exec(c, 'send tty1 "echo moved\\n"');
      exec(c, 'expect tty1 "moved"');
    }
    expect(exec(moved, "print tty0")).toBe(exec(ref.con, "print tty0"));
    expect(exec(moved, "print tty1")).toBe(exec(ref.con, "print tty1"));
    expect(exec(moved, "print tty0")).toContain("2999\r\n");
    expect(got.machine.digest()).toBe(ref.m.digest());
  }, 60_000);

  it("a refused connection leaves the source running, with one line saying why", async () => {
    const src = busyBox();
    const before = src.m.now();
    const out: ConsoleOutcome = await migrateCommand(src.con, "127.0.0.1", 1); // nobody listens on port 1
    expect(out.kind).toBe("failed");
    expect((out as { message: string }).message).toMatch(/^migrate 127\.0\.0\.1:1: cannot connect to 127\.0\.0\.1:1: ECONNREFUSED; the machine keeps running here$/);
    expect(src.con.machine).toBe(src.m);
    exec(src.con, "run 1M");
    expect(src.m.now()).toBeGreaterThan(before);
  });

  it("a receiver that refuses mid-way leaves the source running", async () => {
    const src = busyBox();
    const { port } = await new Promise<{ port: number }>((resolve) => {
      const srv = require_net().createServer((s) => {
        s.write(greeting());
        s.once("data", () => s.end(frame(T.REFUSED, new TextEncoder().encode("no room here"))));
      });
      srv.listen(0, "127.0.0.1", () => resolve({ port: (srv.address() as { port: number }).port }));
      setTimeout(() => srv.close(), 5000);
    });
    const out = await migrateCommand(src.con, "127.0.0.1", port);
    expect(out.kind).toBe("failed");
    expect((out as { message: string }).message).toMatch(/refused by the receiver: no room here; the machine keeps running here|the receiver closed the connection/);
    expect(src.con.machine).toBe(src.m);
    expect(src.m.checkpoints.hasParent).toBe(false); // the dirty bits were taken: the next incremental checkpoint is full
  });

  it("the receiver refuses garbage, another version, oversized and lying frames with one line each, then takes a good machine", async () => {
    const { port, arrived, log } = await listen();
    const bad: [string, Uint8Array[], RegExp][] = [
      ["garbage", [new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n")], /wrong magic/],
      ["version", [Uint8Array.from([...MIGRATE_MAGIC, 9, 0, 0, 0])], /protocol version 9/],
      ["oversized", [greeting(), u32s(0x7fffffff), Uint8Array.of(T.PAGES)], /larger than allowed/],
      ["unknown type", [greeting(), frame(99)], /unexpected frame type 99/],
      ["huge memory", [greeting(), frame(T.HELLO, u32s(0xffffffff, 1))], /more than this receiver accepts/],
      ["slot beyond", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.PAGES, Uint8Array.from([...u32s(1, 1 << 30), ...new Uint8Array(4096)]))], /beyond the machine's limit/],
      ["free of nothing", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.FREE, u32s(1, 7))], /FREE of slot 7/],
      ["state first", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.STATE, new Uint8Array(100))], /STATE before SITES/],
      ["state garbage", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.SITES, u32s(0)), frame(T.STATE, new Uint8Array(100))], /state is refused: not a cryobox snapshot/],
      ["sites lie", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.SITES, u32s(5, 1)), frame(T.STATE, Machine.boot({ ttys: 1 }).checkpoint())], /SITES lists 5 page maps|state is refused/],
      ["map of an unsent slot", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.MAPS, u32s(0, 1, 3, 1, 7, 9, 0))], /MAPS: page map 3: slot 9 was never sent/],
      ["free of a mapped slot", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.PAGES, Uint8Array.from([...u32s(1, 4), ...new Uint8Array(4096)])), frame(T.MAPS, u32s(0, 1, 3, 1, 7, 4, 0)), frame(T.FREE, u32s(1, 4))], /FREE of slot 4, which a page map still holds/],
      ["drop of nothing", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.MAPS, u32s(1, 8, 0))], /MAPS drops page map 8, which does not exist/],
      ["maps truncated", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.MAPS, u32s(0, 1, 3, 1000))], /does not fit|truncated/],
      ["draft garbage (refused during pre-copy)", [greeting(), frame(T.HELLO, u32s(16, 1)), frame(T.DRAFT, new Uint8Array(100))], /state is refused: not a cryobox snapshot/],
      ["version 1", [Uint8Array.from([...MIGRATE_MAGIC, 1, 0, 0, 0])], /version 1, this cryobox speaks 2/],
    ];
    for (const [what, bytes, re] of bad) {
      const answer = await rawPeer(port, bytes);
      expect(refusalOf(answer), what).toMatch(re);
      expect(log.at(-1), what).toMatch(/^cryobox: refused a machine from 127\.0\.0\.1:\d+: /);
    }
    // Random bytes after a good greeting never crash it either.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (junk) => {
        await rawPeer(port, [greeting(), junk]);
      }),
      { numRuns: 15 },
    );
    const src = busyBox();
    const out = await migrateCommand(src.con, "127.0.0.1", port);
    expect(out.kind, JSON.stringify(out)).toBe("halt");
    expect((await arrived).machine.now()).toBeGreaterThan(0);
  }, 60_000);

  it("pages freed by the machine are freed on the receiver: its table never outgrows the machine", () => {
    const m = Machine.boot({ ttys: 1 });
    const s = new MigrationSender();
    const a = s.precopy(m).report;
    expect(a.pages).toBe(a.live);
    const b = s.precopy(m).report;
    expect(b.pages).toBe(0); // nothing ran: nothing to resend
    // Only pages outside processes (tmpfs blocks: no dirty bits) and dirty ones are compared.
    const procMaps = new Set([...m.kernel.state.procs.values()].map((p) => p.mem.pages));
    const outside = pageSites(KERNEL_SNAPSHOT.root, m.kernel.state).filter((x) => !procMaps.has(x.map)).reduce((n, x) => n + x.map.size, 0);
    expect(s.compared).toBeLessThanOrEqual(outside);
    expect(outside).toBeLessThan(a.live);
    m.tty(0).send("echo hi\n");
    m.run(5_000_000); // a process came and went
    const c = s.precopy(m).report;
    expect(c.freed).toBeGreaterThan(0);
    expect(c.live).toBeLessThanOrEqual(a.live + c.pages);
  });
});

function require_net(): typeof import("node:net") {
  return { createServer: netCreateServer } as unknown as typeof import("node:net");
}
import { createServer as netCreateServer } from "node:net";
