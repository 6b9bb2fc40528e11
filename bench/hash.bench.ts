// SHA-256 for the machine's hashes: the core's pure implementation
// (state/sha256.ts) against node:crypto (state/host-hash.ts), per MiB. The
// Node entry points register node:crypto because of this difference (#8).

import type { Bench } from "tinybench";
import { PureSha256 } from "../state/sha256.js";
import { nodeSha256 } from "../state/host-hash.js";

export function addBenchmarks(bench: Bench): void {
  const data = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
  bench
    .add("pure TS SHA-256, 1 MiB", () => void new PureSha256().update(data).digest())
    .add("node:crypto SHA-256, 1 MiB", () => {
      const h = nodeSha256.create();
      h.update(data);
      h.digest();
    });
}
