// `cryobox boot --restore FILE --chain DIR`: an incremental snapshot copied
// away from its parent restores only when --chain names the parent's folder
// (its own folder is searched first, as restart-system --chain and inspect
// --chain do); without it, or with the wrong folder, a one-line refusal; and
// --chain without --restore is a usage error.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootCommand, parseBootArgs } from "../../cli/boot.js";
import { Machine } from "../../machine/machine.js";
import { captureIO } from "./boot-capture.js";

const root = mkdtempSync(join(tmpdir(), "cryobox-restore-chain-"));
const parents = join(root, "parents");
const away = join(root, "away");
const elsewhere = join(root, "elsewhere");
for (const d of [parents, away, elsewhere]) mkdirSync(d);

// A full parent in one folder, its incremental child (a file written since) in another.
const m = Machine.boot({ ttys: 1 });
m.run(3_000_000);
writeFileSync(join(parents, "base.ckpt"), m.checkpoint({ incremental: true, name: "base.ckpt" }));
m.tty(0).send("echo chain-marker | tr a-z A-Z > /tmp/m\n"); // in the child only
m.run(3_000_000);
const child = m.checkpoint({ incremental: true, name: "tip.ckpt" });
expect(m.checkpoints.last?.parent?.name).toBe("base.ckpt");
writeFileSync(join(away, "tip.ckpt"), child);
const digest = m.digest();
const script = join(root, "script.txt");
writeFileSync(script, 'send tty0 "cat /tmp/m\\n"\nexpect tty0 "CHAIN-MARKER"\nprint tty0\n');

describe("boot --restore FILE --chain DIR", () => {
  it("parses --chain (repeatable) and leaves it absent when not given", () => {
    expect(parseBootArgs(["--restore", "x", "--chain", "a", "--chain=b"]).chain).toEqual(["a", "b"]);
    expect(parseBootArgs(["--restore", "x"]).chain).toBeUndefined();
  });

  it("without --chain the missing parent is refused in one line; with it the box restarts where it was", async () => {
    const bad = captureIO();
    expect(await bootCommand(["--restore", join(away, "tip.ckpt"), "--script", script], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/^cryobox boot: .*tip\.ckpt.*base\.ckpt[^\n]*\n$/);

    const wrong = captureIO();
    expect(await bootCommand(["--restore", join(away, "tip.ckpt"), "--chain", elsewhere, "--script", script], wrong.io)).toBe(2);
    expect(wrong.err()).toMatch(/base\.ckpt/);

    const ok = captureIO();
    expect(await bootCommand(["--restore", join(away, "tip.ckpt"), "--chain", elsewhere, "--chain", parents, "--script", script], ok.io)).toBe(0);
    expect(ok.err()).toBe("");
    expect(ok.out()).toContain("CHAIN-MARKER");
    // The same chain through the library restores the child's very machine.
    const { folderResolver } = await import("../../machine/host-chain.js");
    expect(Machine.restore(child, { parents: folderResolver([away, parents]), name: "tip.ckpt" }).digest()).toBe(digest);
  });

  it("--chain without --restore is a usage error", async () => {
    const c = captureIO();
    expect(await bootCommand(["--chain", parents, "--script", script], c.io)).toBe(2);
    expect(c.err()).toBe("cryobox boot: --chain names where a restored snapshot's ancestors are: it needs --restore FILE\n");
  });
});
