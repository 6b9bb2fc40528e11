// `cryobox inspect` and `cryobox diff` (SCENARIOS 29, 30): kernel terms in
// text and JSON; a diff of two checkpoints a keystroke apart shows only what
// changed; damaged or foreign files give one line on stderr and status 2.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Machine } from "../../machine/machine.js";
import { defaultImage } from "../../machine/host-image.js";
import { diffCommand, inspectCommand } from "../../cli/inspect.js";

let dir: string;
let a: string;
let b: string;
let c: string;

/** Run a command, capturing what it writes. */
async function capture(fn: () => Promise<number>): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const status = await fn();
    return { status, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cryobox-inspect-"));
  const image = defaultImage().filter((f) => ["/bin/init", "/bin/sh", "/bin/cat", "/bin/echo", "/bin/sleep"].includes(f.path));
  const m = Machine.boot({ ttys: 2, drives: 1, image });
  m.run();
  m.tty(1).send("sleep 100 | cat &\n");
  m.run();
  a = join(dir, "a.snap");
  writeFileSync(a, m.checkpoint());
  m.tty(0).send("x"); // one key typed: it waits for the shell's line editor, which it wakes
  b = join(dir, "b.snap");
  writeFileSync(b, m.checkpoint());
  m.tty(0).send("\n");
  m.run();
  c = join(dir, "c.snap");
  writeFileSync(c, m.checkpoint());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cryobox inspect", () => {
  it("shows processes, fds, pipes, ttys, tapes, outside resources and sections as text", async () => {
    const r = await capture(() => inspectCommand([a]));
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/format v1/);
    expect(r.out).toMatch(/\/bin\/init/);
    expect(r.out).toMatch(/sleep 100/);
    expect(r.out).toMatch(/pipe-w\s+pipe \d+/);
    expect(r.out).toMatch(/tty0\s.*-icanon -echo isig/); // the shell's line editor reads a key at a time
    expect(r.out).toMatch(/tty1: host terminal "memory"/);
    expect(r.out).toMatch(/pages\s+v3/);
  });

  it("gives JSON with the documented fields", async () => {
    const r = await capture(() => inspectCommand([a, "--json"]));
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { processes: { pid: number; command: string; fds: { kind: string }[] }[]; pipes: { buffered: number; readers: number; writers: number }[] };
    for (const k of ["formatVersion", "time", "processes", "pipes", "ttys", "tapes", "outside", "sections", "pages"]) expect(j).toHaveProperty(k);
    expect(j.formatVersion).toBe(1);
    expect(j.processes.find((p) => p.pid === 1)?.command).toBe("init");
    expect(j.pipes).toHaveLength(1);
    expect(j.pipes[0]).toMatchObject({ buffered: 0, readers: 1, writers: 1 });
    const withPipe = j.processes.filter((p) => p.fds.some((f) => f.kind.startsWith("pipe")));
    expect(withPipe).toHaveLength(2);
  });

  it("refuses a damaged or foreign file with one line and status 2", async () => {
    const bad = join(dir, "bad.snap");
    writeFileSync(bad, "#!/bin/sh\n");
    let r = await capture(() => inspectCommand([bad]));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^cryobox inspect: .*bad\.snap: not a cryobox snapshot \(wrong magic number\)\n$/);
    r = await capture(() => inspectCommand([join(dir, "missing.snap")]));
    expect(r.status).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    r = await capture(() => inspectCommand([]));
    expect(r.status).toBe(2);
  });
});

describe("cryobox diff", () => {
  it("of a snapshot with itself: no differences, status 0", async () => {
    const r = await capture(() => diffCommand([a, a]));
    expect(r).toMatchObject({ status: 0, out: "no differences\n" });
  });

  it("of two checkpoints one keystroke apart shows only that keystroke", async () => {
    const r = await capture(() => diffCommand([a, b, "--json"]));
    expect(r.status).toBe(1);
    const changes = JSON.parse(r.out) as { what: string; before: unknown; after: unknown }[];
    // Structured: the object (kind, id) and field picked out of the kernel-terms label.
    expect(changes).toContainEqual({ what: "tty0 queuedInput", object: { kind: "tty", id: 0 }, field: "queuedInput", before: 0, after: 1 });
    expect(changes).toContainEqual({ what: "process 2 (sh) state", object: { kind: "process", id: 2, command: "sh" }, field: "state", before: "sleeping", after: "runnable" });
    // Nothing else: terminal 0's input, and the shell it woke (its wait channel cleared).
    for (const c of changes) expect(c.what).toMatch(/^(tty0 |process 2 \(sh\) (state|chan)$)/);
  });

  it("after a command ran: the shell's progress in kernel terms, memory pages per process", async () => {
    const r = await capture(() => diffCommand([b, c]));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^virtual time: \d+ → \d+$/m);
    expect(r.out).toMatch(/^process 2 \(sh\) memory pages: \d+ → \d+ \(\d+ changed/m);
    expect(r.out).toMatch(/^process 2 \(sh\) instret: \d+ → \d+$/m);
    expect(r.out).toMatch(/^other \$\.nextPid: \d+ → \d+$/m); // not in the kernel-terms view, still shown
  });

  it("refuses a damaged file with status 2", async () => {
    const bad = join(dir, "bad2.snap");
    const bytes = new Uint8Array(readFileSync(a));
    bytes[bytes.length - 40] ^= 1;
    writeFileSync(bad, bytes);
    const r = await capture(() => diffCommand([a, bad]));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^cryobox diff: .*bad2\.snap: .*damaged.*\n$/);
  });
});
