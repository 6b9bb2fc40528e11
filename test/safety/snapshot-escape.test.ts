// Forged text never reaches the operator's terminal (issue #7): process names,
// argv, wait channels, file names and host records in a snapshot are whatever
// the file — or a guest, through its own argv — says. inspect, diff, their
// --json forms, refusal messages and the console's ps/show print them with
// every control character escaped, so an escape sequence cannot clear the
// screen and a newline cannot forge a table row. And a bug in cryobox met
// while reading a snapshot says it is one instead of blaming the file.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { diffCommand, inspectCommand } from "../../cli/inspect.js";
import { Kernel } from "../../kernel/kernel.js";
import { Console } from "../../machine/console.js";
import { parseScript } from "../../machine/console-parse.js";
import { hostConsole } from "../../machine/host-console.js";
import { Machine } from "../../machine/machine.js";
import { SnapshotBug, SnapshotError, restore, safeJson, safeText } from "../../snapshot/index.js";
import { cat, forge, procs, sampleMachine, sh } from "./snapshot-forge.js";
import { pipeChan } from "../../kernel/wait-channel.js";
import { setContents } from "../../kernel/file-blocks.js";
import { resolve } from "../../kernel/vfs.js";

/** Characters that drive a terminal: C0 but newline, DEL, C1, bidi controls, line separators. */
const DANGER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const EVIL = "\x1b[2J\x1b[H\x9b31m\u202eevil\nPID 1 FORGED ROW\r\x07";

const dir = mkdtempSync(join(tmpdir(), "cryobox-escape-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let good: Uint8Array;
let genuine: Uint8Array; // a real machine whose guest put escape sequences into its own argv
let forged: Uint8Array;

beforeAll(() => {
  good = sampleMachine().checkpoint();
  const m = sampleMachine();
  // The guest's own script puts ESC into an argv (the shell's line editor takes ESC as a key, so it is not typed).
  m.tty(0).send("\x15: > /tmp/e.sh\n"); // ^U clears "partial"
  m.run(3_000_000);
  const r = resolve(m.kernel, m.kernel.state.rootIno, "/tmp/e.sh");
  if (typeof r === "number" || !("ino" in r)) throw new Error("no /tmp/e.sh");
  setContents(m.kernel.state.inodes.get(r.ino)!, new TextEncoder().encode("sh -c 'sleep 1000; :' '\x1b[2J\x1b[Hgotcha' &\n"));
  m.tty(0).send("sh /tmp/e.sh\n");
  m.run(3_000_000);
  genuine = m.checkpoint();
  forged = forge(good, (s) => {
    for (const p of procs(s)) if (p.state !== "zombie") p.argv = [p.comm, EVIL];
    cat(s).comm = "\x1b]0;title\x07";
    const tmp = [...s.inodes.values()].find((i) => i.type === "dir" && i.entries.some((e) => e.name === "f"))!;
    tmp.entries.find((e) => e.name === "f")!.name = `f${EVIL.replace(/\n/g, "")}`;
  });
});

async function cli(fn: () => Promise<number>): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((x) => ((out += String(x)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((x) => ((err += String(x)), true));
  try {
    return { status: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function file(name: string, bytes: Uint8Array): string {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

describe("safeText / safeJson", () => {
  it("escape every terminal control, keep ordinary text (non-ASCII letters too)", () => {
    expect(safeText("a\x1bb\nc\x9bd\u202ee\x7ff")).toBe("a\\x1bb\\x0ac\\x9bd\\u202ee\\x7ff");
    expect(safeText("héllo wörld ✓ /tmp/x")).toBe("héllo wörld ✓ /tmp/x");
    const json = JSON.stringify({ a: EVIL }, null, 2);
    expect(JSON.parse(safeJson(json))).toEqual({ a: EVIL });
    expect(safeJson(json)).not.toMatch(DANGER);
  });
});

describe("inspect, diff and the console print no control characters from a snapshot", () => {
  for (const [name, get] of [["a guest's own argv (genuine snapshot)", () => genuine], ["forged names, argv and comm", () => forged]] as const) {
    it(`${name}: inspect and inspect --json`, async () => {
      const f = file(`${name.length}.snap`, get());
      const text = await cli(() => inspectCommand([f]));
      expect(text.status).toBe(0);
      expect(text.out).not.toMatch(DANGER);
      expect(text.out).toMatch(/\\x1b\[2J/); // the sequence is there, visibly escaped
      // No forged table row: exactly one PID header and one line per process.
      const procLines = text.out.split("\n").filter((l) => /^ {2}\d+ +\d+ +\d+ +\d+ /.test(l));
      expect(procLines.length).toBeGreaterThan(0);
      expect(text.out).not.toMatch(/^PID 1 FORGED ROW/m);
      const json = await cli(() => inspectCommand([f, "--json"]));
      expect(json.status).toBe(0);
      expect(json.out).not.toMatch(DANGER);
      const parsed = JSON.parse(json.out) as { processes: { argv: string[] }[] };
      expect(parsed.processes.some((p) => p.argv.some((a) => a.includes("\x1b[2J")))).toBe(true); // the value itself is intact
    });
    it(`${name}: diff and diff --json`, async () => {
      const a = file("a.snap", good);
      const b = file(`b${name.length}.snap`, get());
      for (const args of [[a, b], [a, b, "--json"]]) {
        const r = await cli(() => diffCommand(args));
        expect(r.status).toBe(1);
        expect(r.out).not.toMatch(DANGER);
      }
    });
    it(`${name}: the console's ps and show`, () => {
      const c = new Console(Machine.restore(get()), hostConsole);
      for (const cmd of parseScript("ps\nshow ttys\nshow pipes\nshow mem\nshow tapes\n")) {
        const r = c.execute(cmd);
        expect(r.kind).toBe("ok");
        expect("text" in r ? r.text : "").not.toMatch(DANGER);
      }
    });
  }

  it("a refusal quoting a forged name is one line with no control characters", async () => {
    const bad = forge(good, (s) => {
      const tmp = [...s.inodes.values()].find((i) => i.type === "dir" && i.entries.some((e) => e.name === "f"))!;
      tmp.entries.push({ ...tmp.entries.find((e) => e.name === "f")!, name: `f${EVIL}` }, { ...tmp.entries.find((e) => e.name === "f")!, name: `f${EVIL}` });
      sh(s).chan = pipeChan(999_999, "r"); // a channel is typed data now: no text of the forger's reaches the message through it
      sh(s).state = "sleeping";
    });
    let msg = "";
    try {
      restore(bad);
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      msg = e.message;
    }
    expect(msg).not.toBe("");
    expect(msg).not.toMatch(DANGER);
    expect(msg).not.toContain("\n");
    const r = await cli(() => inspectCommand([file("refused.snap", bad)]));
    expect(r.status).toBe(2);
    expect(r.err).not.toMatch(DANGER);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("a bug in cryobox met during restore says it is one", () => {
  it("a RangeError inside the kernel's adoption is a SnapshotBug, not a damaged snapshot", () => {
    const spy = vi.spyOn(Kernel, "fromState").mockImplementation(() => {
      throw new RangeError("Invalid typed array length: -1");
    });
    try {
      let err: unknown = null;
      try {
        restore(good);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SnapshotBug);
      expect(err).not.toBeInstanceOf(SnapshotError);
      expect((err as Error).message).toMatch(/a bug in cryobox \(not a fault of the snapshot\).*RangeError: Invalid typed array length/);
      expect((err as SnapshotBug).detail).toContain("snapshot-escape.test.ts"); // the original stack is kept
    } finally {
      spy.mockRestore();
    }
  });

  it("inspect reports it with status 70, one line, and the stack only with CRYOBOX_DEBUG=1", async () => {
    const f = file("bug.snap", good);
    const spy = vi.spyOn(Kernel, "fromState").mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'type')");
    });
    const saved = process.env.CRYOBOX_DEBUG;
    try {
      delete process.env.CRYOBOX_DEBUG;
      const r = await cli(() => inspectCommand([f]));
      expect(r.status).toBe(70);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/bug in cryobox.*TypeError.*CRYOBOX_DEBUG=1/);
      expect(r.err).not.toMatch(/damaged/);
      process.env.CRYOBOX_DEBUG = "1";
      const d = await cli(() => diffCommand([f, f]));
      expect(d.status).toBe(70);
      expect(d.err).toMatch(/at .*snapshot-escape\.test\.ts/); // the stack
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env.CRYOBOX_DEBUG;
      else process.env.CRYOBOX_DEBUG = saved;
    }
  });
});

describe("restore notes quote the snapshot's reel paths and volumes escaped (#7)", () => {
  const EVIL_REEL = "/nonexistent/\x1b[2J\x1b]0;owned\x07reel.tap";
  const forgedReel = (good: Uint8Array): Uint8Array =>
    forge(good, (s, _c, o) => {
      const d = s.drives[0]!.drive;
      d.reel = { path: EVIL_REEL, volume: "V\x1b[2J\u202e", labelled: false, size: 10, sha256: "00".repeat(32) };
      o.reels.push({ unit: 0, path: EVIL_REEL, size: 10, sha256: "00".repeat(32), position: 0, writable: false });
    });

  it("a trusted reel path that cannot be opened, and the volume a drive waits for", () => {
    const bytes = forgedReel(sampleMachine().checkpoint());
    for (const trust of [true, false]) {
      const m = Machine.restore(bytes, { trustReelPaths: trust });
      const notes = m.notes.join("\n");
      expect(notes).toMatch(trust ? /reel\.tap/ : /volume V/);
      expect(notes).toContain("\\x1b[2J"); // shown, escaped
      expect(notes).not.toMatch(DANGER);
    }
  });
});
