// Shared drivers of the SCENARIOS.md whole-system (kind W) tests: a terminal
// session driven like a person at a keyboard, the checkpoint/restore "break"
// into a NEW Machine built from the bytes only, and host-side looks into the
// machine (tmpfs files, the kernel-terms view inspect uses).
import { fileContents } from "../../kernel/file-blocks.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { Machine, type BootOptions, type RestoreOptions } from "../../machine/machine.js";
import { resolve } from "../../kernel/vfs.js";
import { viewOf, type MachineView, type ProcView } from "../../snapshot/index.js";
import { packageRoot } from "../../state/root.js";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** 10 virtual seconds: the default bound of every wait. */
export const BOUND = 1_000_000_000;
/** One virtual second in ticks. */
export const SECOND = 100_000_000;

/** The guest fixture of scenarios 19 and 20 (recipe: fixtures/Makefile). */
export function scenElf(): Uint8Array {
  return new Uint8Array(readFileSync(join(packageRoot(), "test/scenarios/fixtures/scen")));
}

/** One terminal driven like a person at a keyboard: type, then wait for text. */
export class Session {
  cursor: number;
  constructor(
    readonly m: Machine,
    readonly n = 0,
    cursor?: number,
  ) {
    this.cursor = cursor ?? m.tty(n).outputLength();
  }

  type(text: string): void {
    this.m.tty(this.n).send(text);
  }

  /** Everything displayed since the last match (not consumed). */
  pending(): string {
    return decoder.decode(this.m.tty(this.n).outputSince(this.cursor));
  }

  /** Run until `text` is displayed after the previous match; returns everything displayed up to and including it. */
  expect(text: string, bound = BOUND): string {
    const tty = this.m.tty(this.n);
    let at = -1;
    const r = this.m.runUntil(() => {
      at = decoder.decode(tty.outputSince(this.cursor)).indexOf(text);
      return at >= 0;
    }, bound);
    const seen = decoder.decode(tty.outputSince(this.cursor));
    if (!r.done) throw new Error(`tty${this.n}: ${JSON.stringify(text)} not seen (${r.idle ? "idle" : `${r.ticks} ticks`}); saw ${JSON.stringify(seen.slice(-300))}`);
    const upto = seen.slice(0, at + text.length);
    this.cursor += encoder.encode(upto).length;
    return upto;
  }

  /** Type a command line and wait for the next prompt; returns what was displayed (echo included). */
  command(line: string, bound = BOUND): string {
    this.type(line + "\n");
    return this.expect("$ ", bound);
  }
}

export function bootToPrompt(options: BootOptions = {}): Session {
  const s = new Session(Machine.boot(options));
  s.expect("$ ");
  return s;
}

/** The result of a break: the original machine (`a`, left running) and its restored copy (`b`). */
export interface Twin {
  bytes: Uint8Array;
  /** sessions on the original machine, one per terminal asked for, cursors at the checkpoint */
  a: Session[];
  /** the same terminals on the restored machine (a new Machine, from the bytes only) */
  b: Session[];
  /** output offsets of the original at the checkpoint, per terminal */
  marks: number[];
}

/**
 * Checkpoint `m`, restore the bytes into a new Machine, and check the cheap
 * invariants every break must keep: same digest, and checkpoint → restore →
 * checkpoint byte-identical (SCENARIOS 27).
 */
export function breakMachine(m: Machine, ttys: number[] = [0], options: RestoreOptions = {}): Twin {
  const bytes = m.checkpoint();
  const restored = Machine.restore(bytes, options);
  expect(restored.digest()).toBe(m.digest());
  expect(Buffer.from(restored.checkpoint()).equals(Buffer.from(bytes))).toBe(true);
  const marks = ttys.map((n) => m.tty(n).outputLength());
  return {
    bytes,
    a: ttys.map((n) => new Session(m, n)),
    b: ttys.map((n) => new Session(restored, n, 0)),
    marks,
  };
}

/** Output of terminal n since the break, on the original and on the copy. */
export function sinceBreak(t: Twin, i = 0): { a: string; b: string } {
  const n = t.a[i]!.n;
  return {
    a: decoder.decode(t.a[i]!.m.tty(n).outputSince(t.marks[i]!)),
    b: decoder.decode(t.b[i]!.m.tty(n).outputBytes()),
  };
}

/** The original and the copy carried on alike: same terminal output since the break, same digest. */
export function expectSameFuture(t: Twin): void {
  for (let i = 0; i < t.a.length; i++) {
    const o = sinceBreak(t, i);
    expect(o.b).toBe(o.a);
  }
  expect(t.b[0]!.m.digest()).toBe(t.a[0]!.m.digest());
  expect(t.b[0]!.m.now()).toBe(t.a[0]!.m.now());
}

/** Contents of a tmpfs file, read on the host side from the kernel state (null: no such file). */
export function fileText(m: Machine, path: string): string | null {
  const r = resolve(m.kernel, m.kernel.state.rootIno, path);
  if (typeof r === "number" || !("ino" in r)) return null;
  const n = m.kernel.state.inodes.get(r.ino);
  return n && n.type === "file" ? decoder.decode(fileContents(n)) : null;
}

export function view(m: Machine): MachineView {
  return viewOf(m.kernel.config, m.kernel.state);
}

/** Live processes whose argv[0] (last path component) is `name`. */
export function procs(m: Machine, name: string): ProcView[] {
  return view(m).procs.filter((p) => p.state !== "zombie" && (p.argv[0] ?? p.command).split("/").pop() === name);
}

/** `seq 1 N` as the guest prints it. */
export function seqText(n: number): string {
  let s = "";
  for (let i = 1; i <= n; i++) s += `${i}\n`;
  return s;
}
