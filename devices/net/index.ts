// Network devices that are pure state machines (no host APIs): the telnet server protocol.
export * from "./telnet.js";
