// The snapshot layer's public API (docs/INTERFACES.md "Snapshot"). Node-free:
// bytes in, bytes out; host files are in host-file.ts.
export { SnapshotError, SnapshotBug } from "./errors.js";
export { safeText, safeJson } from "./escape.js";
export { FORMAT_VERSION, MAGIC } from "./format.js";
export type { Outside, OutsideHint, ReelRecord, TerminalRecord } from "./outside.js";
export { checkpoint, restore, readSnapshot, digest, outsideOf, type DecodedSnapshot } from "./checkpoint.js";
export { ConfigSchema, KERNEL_SNAPSHOT, schemaLock } from "./spec.js";
export type { SectionInfo } from "./snapshot.js";
export { viewOf, openFlags, ttyMode, type MachineView, type ProcView, type FdView, type PipeView, type TtyView, type TapeView } from "./view.js";
export { formatProcs, formatFds, formatTtys, formatPipes, formatTapes, formatMem } from "./view-format.js";
export { diffMachines, formatChanges, type Change } from "./view-diff.js";
export { CheckpointTracker, DEFAULT_COMPRESSION, type ChainCheckpointOptions, type CheckpointInfo } from "./incremental.js";
export { chainOf, mergeChain, fileId, type ParentResolver, type ChainLink } from "./chain.js";
export { registerCodec, codecByName, codecNames, pickCodec, CodecError, UnknownCodecError, LZ_CODEC, type PageCodec } from "./compress.js";
