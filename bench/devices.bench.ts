// Device throughput: typing into a terminal, guest output through OPOST, a
// raw-mode paste read byte by byte, and tape record writes, reads and spacing.

import type { Bench } from "tinybench";
import { useSha256 } from "../state/index.js";
import { nodeSha256 } from "../state/host-hash.js";
import { newTty, ttyRead, ttyReceive, ttySetTermios, ttyGetTermios, ttyTakeOutput, ttyWrite, L } from "../devices/tty/index.js";
import { MemoryReel, MtOp, buildTapFile, judgeReel, mountReel, mtOp, newDrive, readRecord, reelIdentity, writeRecord, type TapRecord } from "../devices/tape/index.js";

/** Register the device benchmarks. */
export function addBenchmarks(bench: Bench): void {
  const line = new TextEncoder().encode("the quick brown fox jumps over the lazy dog\r");
  bench.add("tty: type and read 100 cooked lines (4.5 KB)", () => {
    const s = newTty();
    for (let i = 0; i < 100; i++) {
      ttyReceive(s, line);
      ttyRead(s, 4096, 0);
    }
    ttyTakeOutput(s);
  });

  const text = new TextEncoder().encode("line of guest output\n".repeat(3000)); // 63 KB
  bench.add("tty: write 63 KB through OPOST/ONLCR and drain", () => {
    const s = newTty();
    ttyWrite(s, text);
    ttyTakeOutput(s);
  });

  const one = Uint8Array.of(0x78);
  bench.add("tty: 60,000 one-byte writes, drained once", () => {
    const s = newTty();
    for (let i = 0; i < 60000; i++) ttyWrite(s, one);
    ttyTakeOutput(s);
  });

  const paste = new Uint8Array(16384).fill(0x61);
  bench.add("tty: raw paste of 16 KB read one byte at a time", () => {
    const s = newTty();
    const tio = ttyGetTermios(s);
    tio.lflag &= ~(L.ICANON | L.ECHO);
    ttySetTermios(s, tio);
    ttyReceive(s, paste);
    while (ttyRead(s, 1, 0) !== "block");
  });

  const rec = new Uint8Array(10240).fill(7);
  bench.add("tape: write 200 × 10 KB records, rewind, read them back", () => {
    const m = new MemoryReel();
    const s = newDrive(0);
    mountReel(s, reelIdentity("bench", m), true);
    for (let i = 0; i < 200; i++) writeRecord(s, m, rec);
    mtOp(s, m, MtOp.MTREW, 1);
    for (let i = 0; i < 200; i++) readRecord(s, m, 10240);
  });

  const many: TapRecord[] = [];
  for (let f = 0; f < 20; f++) {
    for (let r = 0; r < 100; r++) many.push({ kind: "data", bytes: Uint8Array.of(f, r) });
    many.push({ kind: "mark" });
  }
  const reel = new MemoryReel(buildTapFile(many));
  bench.add("tape: fsf 19 then bsf 10 over 2,000 records", () => {
    const s = newDrive(0);
    mountReel(s, { path: "bench", volume: "bench", labelled: false, size: reel.size(), sha256: "" }, false);
    mtOp(s, reel, MtOp.MTFSF, 19);
    mtOp(s, reel, MtOp.MTBSF, 10);
  });

  // Restart verification reads the whole reel once (streamed SHA-256 in 1 MiB pieces): the cost of a
  // mount after a restart, and of a checkpoint after writes, grows with the reel.
  const big = new MemoryReel(buildTapFile(Array.from({ length: 3200 }, (_, i) => ({ kind: "data" as const, bytes: new Uint8Array(10240).fill(i & 0xff) }))));
  const bigId = reelIdentity("big", big);
  bench.add("tape: identify a 32 MiB reel (streamed SHA-256, VOL1 check; pure hash)", () => {
    reelIdentity("big", big);
  });
  const withHost = (f: () => void) => () => {
    const prev = useSha256(nodeSha256); // what the CLI and Machine users on Node register
    try {
      f();
    } finally {
      useSha256(prev);
    }
  };
  bench.add("tape: identify a 32 MiB reel (node:crypto, as the CLI)", withHost(() => reelIdentity("big", big)));
  bench.add(
    "tape: verify a 32 MiB reel at restart, same reel (node:crypto)",
    withHost(() => judgeReel({ identity: bigId, position: 1000, writable: false }, reelIdentity("big", big), big, { writable: false, force: false })),
  );
}
