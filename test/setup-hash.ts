// Test setup: the machine hashes with node:crypto, as under the Node entry
// points (cryobox, import "cryobox"); test/state/sha256.test.ts checks the pure
// implementation the core uses without it gives the same bytes.
import "../state/host-hash.js";
