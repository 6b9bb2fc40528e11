// Live migration's page bookkeeping without sockets: a MigrationSender's
// frames fed straight into a MigrationReceiver while a box runs random shell
// work between rounds (processes fork, exec, exit, files come and go, pages
// are written, shared and freed). Property: whatever the rounds, the machine
// the receiver builds has the digest of the source at the stop, the receiver
// never holds more pages than the source, and the last round costs what
// changed (dirty pages), not the whole machine.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Machine } from "../../machine/machine.js";
import { MigrationSender } from "../../machine/migrate-send.js";
import { MigrationReceiver, SENDER_FRAMES } from "../../machine/migrate-receive.js";
import { FrameReader, T } from "../../machine/migrate-wire.js";
import { memoryWriter } from "../../bench/migrate.bench.js";
import { assemble, writeElf } from "../../cpu/asm/index.js";

/** An init whose heap breathes: grow to 1–32 pages, write them all, wait, shrink to 0–7 pages (pages freed without a write), forever. */
const BREATHER = writeElf(
  assemble(
    `
        .text
        .globl _start
_start: li a0, 0
        li a7, 214
        ecall
        mv s0, a0
        li s2, 0
        li t2, 4096
loop:   addi s2, s2, 1
        andi t0, s2, 31
        addi t0, t0, 1
        slli t0, t0, 12
        add a0, s0, t0
        li a7, 214
        ecall
        mv s1, a0
        mv t1, s0
fill:   sw s2, 0(t1)
        add t1, t1, t2
        bltu t1, s1, fill
        li t3, 3000
spin:   addi t3, t3, -1
        bnez t3, spin
        srli t0, s2, 2
        andi t0, t0, 7
        slli t0, t0, 12
        add a0, s0, t0
        li a7, 214
        ecall
        j loop
`,
    "breather.s",
  ),
);

/** Feed frames to a receiver as the socket would; returns the answers' types. */
function feed(rx: MigrationReceiver, reader: FrameReader, frames: Uint8Array[]): number[] {
  const answers: number[] = [];
  for (const b of frames) {
    reader.push(b);
    for (let f = reader.next(); f; f = reader.next()) for (const a of rx.accept(f)) answers.push(a[4]!);
  }
  return answers;
}

function terms(m: Machine) {
  return m.terminalLogs().map((l) => ({ ...l, printFrom: l.start, expectFrom: l.start }));
}

/** Migrate `m` with the given work between rounds; returns the machine the receiver built. */
function migrate(m: Machine, between: ((m: Machine) => void)[], s = new MigrationSender()): { moved: Machine; finalPages: number; visited: number } {
  const rx = new MigrationReceiver();
  const reader = new FrameReader(SENDER_FRAMES);
  expect(feed(rx, reader, s.hello(m))).toEqual([T.READY]);
  for (const work of between) {
    feed(rx, reader, s.precopy(m).frames);
    expect(rx.pagesHeld).toBeLessThanOrEqual(2 * (m.kernel.pageStore.used + 4096));
    work(m);
  }
  const last = s.final(m, () => terms(m));
  expect(feed(rx, reader, last.frames)).toEqual([T.ARRIVED]);
  const a = rx.peek()!;
  const moved = Machine.adopt(a.kernel, a.outside);
  return { moved, finalPages: last.report.pages, visited: s.visited };
}

const COMMANDS = [
  "echo hi\n",
  "primes 300 > /tmp/p\n",
  "cat /tmp/p | wc\n",
  "rm -f /tmp/p\n",
  "ls -l /bin > /tmp/l; sort /tmp/l | head -3\n",
  "sh -c 'echo a; echo b' | tr a-z A-Z\n",
  "seq 1 2000 > /tmp/s; tail -1 /tmp/s\n",
  "sleep 1 &\n",
];

describe("migration rounds (sender → receiver, no socket)", () => {
  it("random work between rounds: the built machine has the source's digest", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cmd: fc.constantFrom(...COMMANDS), ticks: fc.integer({ min: 0, max: 3_000_000 }) }), { minLength: 0, maxLength: 6 }),
        (steps) => {
          const m = Machine.boot({ ttys: 1 });
          m.run(3_000_000);
          const { moved } = migrate(
            m,
            steps.map((st) => (x: Machine) => {
              x.tty(0).send(st.cmd);
              x.run(st.ticks);
            }),
          );
          expect(moved.now()).toBe(m.now());
          expect(moved.digest()).toBe(m.digest());
          // Both go on alike.
          for (const x of [m, moved]) {
            x.tty(0).send("echo after; ls /tmp\n");
            x.run(5_000_000);
          }
          expect(moved.digest()).toBe(m.digest());
          m.close();
          moved.close();
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it("pages unmapped between rounds (written before the last round, freed after) are gone on the receiver too", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 8 }), (gaps) => {
        const m = Machine.boot({ ttys: 1, image: [{ path: "/bin/init", mode: 0o755, data: BREATHER }] });
        m.run(50_000);
        const { moved } = migrate(
          m,
          gaps.map((g) => (x: Machine) => x.run(g)),
        );
        expect(moved.digest()).toBe(m.digest());
        m.close();
        moved.close();
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("the last round looks only at dirty pages: a 16 MiB writer's stop-and-copy visits its hot set, not every page", () => {
    const m = Machine.boot({ ttys: 1, image: [{ path: "/bin/init", mode: 0o755, data: memoryWriter(16 << 20, 32) }] });
    m.run(8_000_000);
    const total = m.kernel.pageStore.used;
    expect(total).toBeGreaterThan(4096);
    const { moved, finalPages, visited } = migrate(m, [(x) => x.run(1_000_000), (x) => x.run(1_000_000)]);
    expect(moved.digest()).toBe(m.digest());
    expect(finalPages).toBeGreaterThan(0); // the guest wrote its hot set after the last round
    expect(finalPages).toBeLessThanOrEqual(64);
    expect(visited).toBeLessThan(total / 20); // proportional to what was written (and tmpfs blocks), not to 4096+ pages
    // The moved writer goes on writing exactly as the source does.
    m.run(2_000_000);
    moved.run(2_000_000);
    expect(moved.digest()).toBe(m.digest());
  }, 60_000);
});
