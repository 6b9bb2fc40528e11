// `cryobox boot --restore FILE --ttys N` (issue #7): --ttys was silently
// ignored — the restored box keeps the terminals it was checkpointed with —
// so the operator got fewer (or more) terminals than asked without a word.
// Now it is refused with one line saying why, before anything runs.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bootCommand } from "../../cli/boot.js";
import { captureIO } from "../cli/boot-capture.js";
import { sampleMachine } from "./snapshot-forge.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("boot --restore with --ttys", () => {
  it("is refused with status 2 and one line naming the option; without --ttys the same restore runs", async () => {
    const snap = join(dir, "box.snap");
    writeFileSync(snap, sampleMachine().checkpoint());
    const script = join(dir, "ps.script");
    writeFileSync(script, "ps\n");
    const bad = captureIO();
    expect(await bootCommand(["--restore", snap, "--ttys", "3", "--script", script], bad.io)).toBe(2);
    expect(bad.out()).toBe("");
    expect(bad.err().trimEnd().split("\n")).toHaveLength(1);
    expect(bad.err()).toMatch(/--ttys cannot be used with --restore/);
    const ok = captureIO();
    expect(await bootCommand(["--restore", snap, "--script", script], ok.io)).toBe(0);
    expect(ok.out()).toMatch(/PID/);
  });
});
