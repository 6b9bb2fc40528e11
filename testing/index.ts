// `import { … } from "cryobox/testing"`: property-testing restore fidelity as a
// user API (docs/testing.md). Needs fast-check in the user's project.

import "../state/host-hash.js"; // Node: node:crypto hashing and the Node platform (machine/platform.ts), as under "cryobox"
import "../machine/host-platform.js";

export { type Step, type WorkloadOptions, SHELL_POOL, PIPELINE_POOL, JOB_CONTROL_POOL, TERMINAL_POOL, workload, cutPoint, applySteps, splitSteps } from "./workload.js";
export { FidelityError, checkRoundTrip, checkSplitRun, checkCycles, bootedMachine, explain } from "./fidelity.js";
export { checkNewProcess } from "./host-process.js";
export { type PropertyOptions, roundTripProperty, splitRunProperty, cyclesProperty, newProcessProperty } from "./properties.js";
export { inspectSnapshot, diffSnapshots, describeChanges, type SnapshotView } from "../machine/inspect.js";
