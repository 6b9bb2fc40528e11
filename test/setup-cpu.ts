// Test-run setup: CRYOBOX_JIT=0 runs the whole suite with the interpreter alone
// (the translator is on by default), e.g. `CRYOBOX_JIT=0 npx vitest run`.
import { setJitDefault } from "../cpu/stats.js";

if (process.env.CRYOBOX_JIT === "0") setJitDefault(false);
