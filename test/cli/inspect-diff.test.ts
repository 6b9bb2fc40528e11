// `cryobox inspect` and `diff` as a user meets them: --help is help (status
// 0), inspect shows every process's registers (diff compares them), and
// diff --json gives structure (object kind and id, field) rather than flat labels.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { diffCommand, inspectCommand } from "../../cli/inspect.js";
import { bootToPrompt } from "../scenarios/helpers.js";

async function capture(fn: () => Promise<number>): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((err += String(c)), true));
  try {
    return { status: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

let dir = "";
let a = "";
let b = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cryobox-inspect-"));
  const s = bootToPrompt({ ttys: 1 });
  a = join(dir, "a.ckpt");
  b = join(dir, "b.ckpt");
  writeFileSync(a, s.m.checkpoint());
  s.command("echo hi");
  writeFileSync(b, s.m.checkpoint());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cryobox inspect / diff", () => {
  it("--help prints the usage on stdout and exits 0; a usage mistake exits 2", async () => {
    for (const cmd of [inspectCommand, diffCommand]) {
      const r = await capture(() => cmd(["--help"]));
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/^usage: cryobox (inspect|diff)/);
      expect((await capture(() => cmd([]))).status).toBe(2);
    }
  });

  it("inspect shows each process's registers, as text and JSON", async () => {
    const t = await capture(() => inspectCommand([a]));
    expect(t.out).toMatch(/registers:\n {2}pid 1: pc 0x[0-9a-f]{8}\n +ra 0x[0-9a-f]{8} +sp 0x[0-9a-f]{8} +gp 0x[0-9a-f]{8} +tp 0x[0-9a-f]{8}\n/);
    const j = JSON.parse((await capture(() => inspectCommand([a, "--json"]))).out) as { registers: Record<string, Record<string, string>> };
    expect(Object.keys(j.registers["1"]!)).toHaveLength(32); // pc + x1..x31
    expect(j.registers["1"]!.sp).toMatch(/^0x[0-9a-f]{8}$/);
  });

  it("diff --json gives each change's object and field", async () => {
    const r = await capture(() => diffCommand([a, b, "--json"]));
    expect(r.status).toBe(1);
    const changes = JSON.parse(r.out) as { what: string; object: { kind: string; id: number | null }; field: string | null }[];
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.object.kind).toMatch(/^(process|pipe|inode|tape|tty|state|machine)$/);
      expect(typeof c.what).toBe("string");
    }
    const reg = changes.find((c) => c.object.kind === "process" && c.field !== null && /^x[0-9]+$/.test(c.field));
    expect(reg, JSON.stringify(changes.slice(0, 5))).toBeDefined();
    expect(typeof reg!.object.id).toBe("number");
    expect(changes.find((c) => c.what === "virtual time")).toMatchObject({ object: { kind: "machine", id: null }, field: "virtual time" });
  });
});

describe("numbers on the command line", () => {
  it("take the console's suffixes: run --max-instructions 5M, boot --ttys 0x2", async () => {
    const { parseRunArgs } = await import("../../cli/run.js");
    expect(parseRunArgs(["--max-instructions", "5M", "prog"])).toMatchObject({ kind: "run", max: 5_000_000 });
    expect(parseRunArgs(["--max-instructions", "lots", "prog"])).toMatchObject({ kind: "error" });
    const { parseBootArgs } = await import("../../cli/boot.js");
    expect(parseBootArgs(["--ttys", "0x2"]).ttys).toBe(2);
  });
});
