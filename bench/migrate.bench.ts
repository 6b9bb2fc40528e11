// Live migration downtime (#13): a 64 MiB box whose only process fills 64 MiB
// of heap and then keeps rewriting a hot set of pages, migrated over loopback
// to a receiver in this process (the whole protocol, real TCP). tinybench times
// whole migrations; the figure that matters — the downtime as the guest sees
// it, from its last instruction on the source to its first on the target, in
// wall and CPU time (sender and receiver share this process, so the CPU figure
// is the whole cost of the window) — is collected per migration and printed
// after the run with the issue's target (≤ 30 ms) and QEMU's and Firecracker's
// published figures beside it. Standalone: node dist/bench/migrate.bench.js [HOT_PAGES…]

import "../state/host-hash.js"; // standalone: hashing and the platform as under the Node entry points
import "../machine/host-platform.js";
import type { Bench } from "tinybench";
import { assemble, writeElf } from "../cpu/asm/index.js";
import { Machine } from "../machine/machine.js";
import { sendMachine, type SendReport } from "../machine/host-migrate-send.js";
import { receiveMachine, type Incoming } from "../machine/host-migrate-receive.js";

const MIB = 1 << 20;

/** An init that grows its heap by `total` bytes, writes every page once, then rewrites the first `hot` pages forever. */
export function memoryWriter(total: number, hotPages: number): Uint8Array {
  const src = `
        .text
        .globl _start
_start: li a0, 0
        li a7, 214
        ecall
        mv s0, a0
        li t0, ${total}
        add a0, s0, t0
        li a7, 214
        ecall
        mv s1, a0
        mv t1, s0
        li t2, 4096
fill:   sw t1, 0(t1)
        add t1, t1, t2
        bltu t1, s1, fill
        li s2, 0
        li t3, ${hotPages * 4096}
        add t3, s0, t3
loop:   mv t1, s0
inner:  sw s2, 8(t1)
        addi s2, s2, 1
        add t1, t1, t2
        bltu t1, t3, inner
        j loop
`;
  return writeElf(assemble(src, "memory-writer.s"));
}

/** A box of `total` bytes of written heap, rewriting `hot` pages. */
export function writerBox(total: number, hot: number): Machine {
  const m = Machine.boot({ ttys: 1, image: [{ path: "/bin/init", mode: 0o755, data: memoryWriter(total, hot) }] });
  m.run(20_000_000); // filled, and writing
  return m;
}

/** The downtime the guest saw: its last instruction on the source → its first on the target (host ms). */
export interface GuestDowntime {
  wallMs: number;
  cpuMs: number;
}

function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** Migrate `m` over loopback to a receiver in this process; the target has run its first slice when this resolves. */
export async function migrateLoopback(m: Machine): Promise<{ report: SendReport; got: Incoming; guest: GuestDowntime }> {
  let port = 0;
  let arrived!: Promise<Incoming>;
  await new Promise<void>((ready) => {
    arrived = receiveMachine({ host: "127.0.0.1", port: 0, log: () => undefined }, (p) => {
      port = p;
      ready();
    });
  });
  let stopWall = 0;
  let stopCpu = 0;
  const report = await sendMachine(m, {
    host: "127.0.0.1",
    port,
    runBetween: (x) => {
      x.run(1_000_000);
      stopWall = performance.now(); // the guest's last instruction here, if this was the last slice
      stopCpu = cpuNow();
    },
    terminals: () => m.terminalLogs().map((l) => ({ ...l, printFrom: l.start, expectFrom: l.start })),
  });
  const got = await arrived;
  const guest = { wallMs: performance.now() - stopWall, cpuMs: cpuNow() - stopCpu };
  got.machine.run(1); // its first instruction there
  return { report, got, guest };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Guest-seen downtime, wall and CPU (sender and receiver are this process: the CPU is the whole window's cost), and the sender's share. */
function summary(label: string, guests: GuestDowntime[], reports: SendReport[]): string {
  const wall = guests.map((g) => g.wallMs);
  const cpu = guests.map((g) => g.cpuMs);
  return (
    `${label}: guest-seen downtime median ${median(wall).toFixed(2)} ms wall (min ${Math.min(...wall).toFixed(2)}), ${median(cpu).toFixed(2)} ms CPU (min ${Math.min(...cpu).toFixed(2)}); ` +
    `of which the sender's last scan ${median(reports.map((r) => r.scanMs)).toFixed(2)} ms and the wait for the built machine ${median(reports.map((r) => r.buildMs)).toFixed(2)} ms, over ${reports.length} migrations`
  );
}

const HOT = [64, 256, 1024];

export function addBenchmarks(bench: Bench): void {
  for (const hot of HOT) {
    const reports: SendReport[] = [];
    const guests: GuestDowntime[] = [];
    const details: string[] = [];
    bench.add(
      `migrate 64 MiB box, guest rewriting ${hot} pages (${(hot * 4) / 1024} MiB), loopback`,
      async () => {
        const m = writerBox(64 * MIB, hot);
        const { report, got, guest } = await migrateLoopback(m);
        reports.push(report);
        guests.push(guest);
        details.push(`${report.rounds.length} rounds, stop-and-copy ${report.final.pages} pages`);
        got.machine.close();
        m.close();
      },
      {
        afterAll: () => {
          console.log(`${summary(`hot ${hot} pages`, guests, reports)} (${details.at(-1) ?? ""}; target ≤ 30 ms; QEMU: "low hundreds of ms", Firecracker restore < 5 ms)`);
        },
      },
    );
  }
}

// Standalone: figures without tinybench's repetitions.
if (import.meta.url === `file://${process.argv[1]}`) {
  const hots = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const hot of hots.length > 0 ? hots : HOT) {
    const xs: SendReport[] = [];
    const gs: GuestDowntime[] = [];
    let last = "";
    for (let i = 0; i < 5; i++) {
      const m = writerBox(64 * MIB, hot);
      const t0 = performance.now();
      const { report, got, guest } = await migrateLoopback(m);
      const total = performance.now() - t0;
      xs.push(report);
      gs.push(guest);
      m.run(1);
      last = `${report.rounds.length} rounds (${report.rounds.map((r) => r.pages).join(", ")} pages), stop-and-copy ${report.final.pages} pages, ${report.final.bytes} bytes; whole migration ${total.toFixed(0)} ms; digest equal after a step on both: ${got.machine.digest() === m.digest()}`;
      got.machine.close();
      m.close();
    }
    console.log(`${summary(`hot ${hot} pages`, gs, xs)}; ${last}`);
  }
}
