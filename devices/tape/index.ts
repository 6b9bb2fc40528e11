// The tape drive and SIMH .tap reels: declared drive state plus the
// operations the kernel calls for /dev/rmtN and /dev/nrmtN (see docs/devices.md).
// The host-file adapter (node fs) lives in machine/host-reels.ts, outside the device core.
export * from "./media.js";
export * from "./state.js";
export * from "./format.js";
export * from "./mtio.js";
export * from "./drive.js";
export * from "./verify.js";
