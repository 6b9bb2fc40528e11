// A booted box for the tool tests: files put in at boot, one shell, and `sh(cmd)` runs a command
// line and returns what it printed (stdout and stderr as the terminal showed them, "\n" line
// ends) and its exit status — read between markers, so the echoed command line never counts.
import { Machine } from "../../machine/machine.js";
import { Session } from "../scenarios/helpers.js";

export interface Box {
  s: Session;
  sh(cmd: string): { out: string; status: number };
}

export function box(files: Record<string, string | Uint8Array> = {}): Box {
  // a string is bytes, one per character (latin1), so tests can write any byte
  const m = Machine.boot({ ttys: 1, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? new Uint8Array(Buffer.from(v, "latin1")) : v])) });
  const s = new Session(m, 0, 0);
  s.expect("$ ");
  return {
    s,
    sh(cmd: string) {
      s.type(`echo BE""GIN; ${cmd}; echo "EN""D $?"\n`);
      s.expect("BEGIN\r\n", 5_000_000_000);
      const text = s.expect("\r\n$ ", 5_000_000_000).replace(/\r\n/g, "\n");
      const at = text.lastIndexOf("END ");
      return { out: text.slice(0, at), status: Number(text.slice(at + 4).trim().split("\n")[0]) };
    },
  };
}
