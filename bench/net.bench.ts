// Network speed inside the machine (`npm run bench net`): 4 MiB through a TCP
// connection over the guest's loopback, `dd | nc` → `nc -l > /dev/null`, both
// real guest programs using poll, and the same through a named AF_UNIX socket
// (a socket file in /tmp, `nc -lU` / `nc -U`); reported as MB/s of host time
// (guest virtual time is deterministic and printed once).

import type { Bench } from "tinybench";
import { Machine } from "../machine/machine.js";

const BYTES = 4 * 1024 * 1024;

/** Boot, start the receiver, send BYTES, run until the sender's shell prompt returns; returns virtual ticks used. */
function transfer(unix = false): number {
  const m = Machine.boot({ ttys: 3 });
  m.run(50_000_000);
  m.tty(1).send(unix ? "nc -lU /tmp/bench.sock > /dev/null\n" : "nc -l 9000 > /dev/null\n");
  m.run(20_000_000);
  const start = m.now();
  m.tty(2).send(`dd if=/dev/zero bs=4096 count=${BYTES / 4096} | nc ${unix ? "-U /tmp/bench.sock" : "127.0.0.1 9000"}; echo se""nt\n`);
  const r = m.runUntil(() => m.tty(2).output().includes("sent\r\n"), 20_000_000_000);
  if (!r.done) throw new Error("net bench: the transfer did not finish");
  return m.now() - start;
}

export function addBenchmarks(bench: Bench): void {
  let ms = 0;
  let runs = 0;
  let ticks = 0;
  bench.add(
    "4 MiB over guest loopback TCP (dd | nc → nc -l)",
    () => {
      const t0 = performance.now();
      ticks = transfer();
      ms += performance.now() - t0;
      runs++;
    },
    {
      afterAll: () => {
        console.log(`net: ${((BYTES * runs) / (ms / 1000) / 1e6).toFixed(1)} MB/s of host time (boot included); ${ticks} virtual ticks per transfer`);
      },
    },
  );
  let ums = 0;
  let uruns = 0;
  let uticks = 0;
  bench.add(
    "4 MiB through a unix socket file (dd | nc -U → nc -lU)",
    () => {
      const t0 = performance.now();
      uticks = transfer(true);
      ums += performance.now() - t0;
      uruns++;
    },
    {
      afterAll: () => {
        console.log(`net (unix): ${((BYTES * uruns) / (ums / 1000) / 1e6).toFixed(1)} MB/s of host time (boot included); ${uticks} virtual ticks per transfer`);
      },
    },
  );
}
