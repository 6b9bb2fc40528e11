// The tape drive and SIMH .tap reels: declared drive state plus the
// operations the kernel calls for /dev/rmtN and /dev/nrmtN (see docs/devices.md).
// host-reel.ts (node fs) is deliberately not re-exported: import it from the CLI only.
export * from "./media.js";
export * from "./state.js";
export * from "./format.js";
export * from "./mtio.js";
export * from "./drive.js";
export * from "./verify.js";
