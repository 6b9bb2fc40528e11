// node:crypto's SHA-256 for the machine's hashes on Node (state/hash.ts uses a
// pure implementation otherwise). Importing this file registers it; the Node
// entry points (index.ts, cli/main.ts, the test setup) do. Host-side file.

import { createHash } from "node:crypto";
import { type Sha256Impl, useSha256 } from "./hash.js";

/** node:crypto SHA-256 as a state/hash.ts implementation. */
export const nodeSha256: Sha256Impl = {
  name: "node:crypto",
  create: () => {
    const h = createHash("sha256");
    return {
      update: (p: Uint8Array) => h.update(p),
      digest: () => new Uint8Array(h.digest()),
    };
  },
};

useSha256(nodeSha256);
