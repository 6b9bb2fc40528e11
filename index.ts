// Public library entry: `import { Machine } from "cryobox"`.
import "./state/host-hash.js"; // on Node the machine hashes with node:crypto (the core's pure SHA-256 otherwise)
import "./machine/host-platform.js"; // … and opens the default image, reels and disks from host paths (machine/platform.ts)
export * from "./state/index.js";
export { Machine, type BootOptions, type RestoreOptions, type RunReport, type TtyHandle, DEFAULT_TTYS, DEFAULT_DRIVES, DEFAULT_MEMORY_LIMIT, UNTIL_IDLE_LIMIT } from "./machine/machine.js";
export type { ReelSpec, Reel } from "./machine/reels.js";
export { MemoryReel } from "./devices/tape/media.js";
export { Console, type ConsoleHost, type ConsoleOutcome, EXPECT_DEFAULT_TICKS } from "./machine/console.js";
export { parseLine, parseScript, ConsoleSyntaxError, type ConsoleCommand } from "./machine/console-parse.js";
export { SnapshotError } from "./snapshot/index.js";
import "./snapshot/host-deflate.js"; // the "deflate" page codec on Node (docs/checkpoints.md)
export { CheckpointTracker, chainOf, mergeChain, fileId, registerCodec, type ParentResolver, type ChainLink, type CheckpointInfo, type PageCodec } from "./snapshot/index.js";
export type { CheckpointOptions } from "./machine/machine.js";
export { folderResolver, chainResolver } from "./machine/host-chain.js"; // Node: an incremental snapshot's ancestors in folders
export { HostNet, type NetOptions } from "./machine/host-net.js"; // Node: terminals over TCP, forwards, --net (docs/network.md)
export { applyNetEvent, setNetHook, type NetEvent } from "./machine/net-input.js"; // network input as recorded events (the timeline replays them)
export { Timeline, TimelineError, type TimelineOptions, type TimelineInput } from "./machine/timeline.js";
export { inspectSnapshot, diffSnapshots, describeChanges, type SnapshotView } from "./machine/inspect.js";
export { serveGdb, type GdbServer } from "./machine/host-gdb.js";
