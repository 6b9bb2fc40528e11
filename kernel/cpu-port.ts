// The kernel's one door into the CPU: run a hart for a budget of instructions.
export { run as cpuRun } from "../cpu/execute.js";
