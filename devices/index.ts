// Devices: the terminal line discipline and the tape drive (pure state machines over declared state).
export * as tty from "./tty/index.js";
export * as tape from "./tape/index.js";
