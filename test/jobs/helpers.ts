// Shared helpers of the job checkpoint tests: a console on a Machine whose
// host files live in a Map (no host I/O), tmpfs files read from the kernel
// state by walking directory entries, and small waits.
import { expect } from "vitest";
import { fileContents } from "../../kernel/file-blocks.js";
import { Console, type ConsoleOutcome } from "../../machine/console.js";
import type { Machine } from "../../machine/machine.js";
import { viewOf, type ProcView } from "../../snapshot/index.js";

const decoder = new TextDecoder();

/** A console whose host files are an in-memory map. */
export function memConsole(m: Machine, files = new Map<string, Uint8Array>()): { con: Console; files: Map<string, Uint8Array>; run: (line: string) => ConsoleOutcome; ok: (line: string) => string; fails: (line: string) => string } {
  const con = new Console(m, {
    readFile: (p) => {
      const b = files.get(p);
      if (!b) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return b;
    },
    writeFileAtomic: (p, b) => void files.set(p, b.slice()),
  });
  const run = (line: string): ConsoleOutcome => con.executeLine(line)!;
  const ok = (line: string): string => {
    const r = run(line);
    if (r.kind !== "ok") throw new Error(`${line}: ${JSON.stringify(r)}`);
    return r.text;
  };
  const fails = (line: string): string => {
    const r = run(line);
    expect(r.kind, `${line} should fail`).toBe("failed");
    return r.kind === "failed" ? r.message : "";
  };
  return { con, files, run, ok, fails };
}

/** Contents of a tmpfs file, found by walking directory entries in the kernel state (null: none). */
export function tmpfsBytes(m: Machine, path: string): Uint8Array | null {
  const s = m.kernel.state;
  let ino = s.rootIno;
  for (const part of path.split("/").filter((c) => c !== "")) {
    const e = s.inodes.get(ino)?.entries.find((x) => x.name === part);
    if (!e) return null;
    ino = e.ino;
  }
  const n = s.inodes.get(ino);
  return n && n.type === "file" ? fileContents(n) : null;
}

export function tmpfsText(m: Machine, path: string): string | null {
  const b = tmpfsBytes(m, path);
  return b ? decoder.decode(b) : null;
}

/** Live processes whose argv[0] (last path component) is `name`, ascending pid. */
export function procsNamed(m: Machine, name: string): ProcView[] {
  return viewOf(m.kernel.config, m.kernel.state).procs.filter((p) => p.state !== "zombie" && (p.argv[0] ?? p.command).split("/").pop() === name);
}

/** Run in small steps until `cond` holds (bounded); fails the test when it never does. */
export function runUntil(m: Machine, cond: () => boolean, bound = 2_000_000_000, step = 20_000): void {
  const r = m.runUntil(cond, bound, step);
  expect(r.done, `condition not reached (${r.idle ? "idle" : `${r.ticks} ticks`})`).toBe(true);
}

/** `seq 1 N` as the guest prints it. */
export function seqText(n: number): string {
  let s = "";
  for (let i = 1; i <= n; i++) s += `${i}\n`;
  return s;
}

/** Let the test worker answer its runner between long synchronous stretches (a loaded host starves it). */
export function breathe(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
