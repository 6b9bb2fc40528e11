// Test-run setup: CRYOBOX_JIT=0 runs the whole suite with the interpreter alone
// (the translator is on by default), e.g. `CRYOBOX_JIT=0 npx vitest run`. Every scheduler pick is
// checked against a full scan of the run queue (kernel/run-queue.ts is a cache); CRYOBOX_RUNQUEUE_CHECK=0
// turns that off.
// Every wakeup is likewise compared with a full scan of the process table (kernel/sleepers.ts), with
// the index used however small the table; the same variable turns that off.
import { setJitDefault } from "../cpu/stats.js";
import { checkAllRunQueues } from "../kernel/run-queue.js";
import { checkAllSleepers } from "../kernel/sleepers.js";

if (process.env.CRYOBOX_JIT === "0") setJitDefault(false);
checkAllRunQueues(process.env.CRYOBOX_RUNQUEUE_CHECK !== "0");
checkAllSleepers(process.env.CRYOBOX_RUNQUEUE_CHECK !== "0");
