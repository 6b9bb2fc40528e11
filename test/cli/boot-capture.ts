// Captured stdio for in-process `bootCommand` calls.
import { Readable } from "node:stream";
import type { BootIO } from "../../cli/console-interactive.js";

/** An IO whose stdin yields `stdinText` and whose stdout/stderr are collected as strings. */
export function captureIO(stdinText = ""): { io: BootIO; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const dec = new TextDecoder();
  const io: BootIO = {
    stdin: Readable.from([Buffer.from(stdinText)]) as unknown as BootIO["stdin"],
    stdout: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : dec.decode(c)) },
    stderr: { write: (c: string | Uint8Array) => (err += typeof c === "string" ? c : dec.decode(c)) },
  };
  return { io, out: () => out, err: () => err };
}
