// The terminal line discipline: declared state plus the functions the kernel
// calls for /dev/ttyN (see docs/devices.md).
export * from "./termios.js";
export * from "./state.js";
export { ttyReceive, flushInput, type TtyReceiveResult } from "./input.js";
export { ttyRead, ttyWakeAt, ttyReadable, ttyCanRead, syncMode } from "./read.js";
export { ttyWrite, ttyWritable, ttyOutputPending, ttyTakeOutput } from "./output.js";
export { ttyGetTermios, ttySetTermios, ttyFlush, ttyGetWinsize, ttySetWinsize } from "./control.js";
