// `cryobox boot` option handling and the failures that happen before the machine runs:
// usage errors, unreadable or malformed scripts, damaged snapshots — each one line and status 2.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootCommand, parseBootArgs } from "../../cli/boot.js";
import { captureIO } from "./boot-capture.js";

const dir = mkdtempSync(join(tmpdir(), "cryobox-boot-args-"));

describe("cryobox boot options", () => {
  it("parses every option form", () => {
    expect(parseBootArgs(["--script", "s.txt", "--tape", "0=a.tap", "--tape=1=b.tap:ro", "--tape-ro", "mt2=c.tap", "--ttys", "2"])).toEqual({
      script: "s.txt",
      restore: null,
      tapes: [
        { unit: 0, path: "a.tap", readOnly: false },
        { unit: 1, path: "b.tap", readOnly: true },
        { unit: 2, path: "c.tap", readOnly: true },
      ],
      ttys: 2,
      drives: null,
      trustReelPaths: false,
      disk: { disks: [] }, // the disk options (cli/disk-args.ts), none given
      periodic: { every: null, keep: null, dir: null, incoming: null }, // cli/periodic-args.ts, none given
      help: false,
    });
    expect(parseBootArgs(["--drives", "4", "--trust-reel-paths"])).toMatchObject({ drives: 4, trustReelPaths: true });
    expect(parseBootArgs(["--restore=x.ckpt"]).restore).toBe("x.ckpt");
  });

  it.each([
    [["--frob"], /unknown option '--frob'/],
    [["--script"], /--script needs a value/],
    [["--tape", "zero.tap"], /--tape wants UNIT=REEL.tap/],
    [["--ttys", "0"], /--ttys wants a number from 1 to 64/],
    [["--drives", "17"], /--drives wants a number from 0 to 16/],
    [["--tape", "63=x.tap"], /^cryobox boot: no tape unit 63 \(this machine has 2 drives\)\n$/],
  ])("usage error %j → status 2 and one message", async (args, re) => {
    const c = captureIO();
    expect(await bootCommand(args, c.io)).toBe(2);
    expect(c.err()).toMatch(re);
  });

  it("--help prints the usage and succeeds", async () => {
    const c = captureIO();
    expect(await bootCommand(["--help"], c.io)).toBe(0);
    expect(c.out()).toMatch(/--script FILE/);
  });

  it("a script with a syntax error is refused before booting, naming file, line and column", async () => {
    const f = join(dir, "bad.txt");
    writeFileSync(f, 'run 10\nsend tty0 "unterminated\n');
    const c = captureIO();
    expect(await bootCommand(["--script", f], c.io)).toBe(2);
    expect(c.err().trim().split("\n")).toHaveLength(1);
    expect(c.err()).toMatch(/bad\.txt: line 2, column 11: unterminated string/);
  });

  it("a script read from stdin is parsed the same way", async () => {
    const c = captureIO("frob\n");
    expect(await bootCommand(["--script", "-"], c.io)).toBe(2);
    expect(c.err()).toMatch(/<stdin>: line 1, column 1: unknown command 'frob'/);
  });

  it("a missing script file is one line, status 2", async () => {
    const c = captureIO();
    expect(await bootCommand(["--script", join(dir, "nope.txt")], c.io)).toBe(2);
    expect(c.err()).toMatch(/cannot read script .*nope\.txt: ENOENT/);
  });

  it.each([
    ["foreign", new TextEncoder().encode("this is not a snapshot at all, just text\n")],
    ["empty", new Uint8Array(0)],
  ])("a %s snapshot for --restore is one line, status 2", async (_name, bytes) => {
    const f = join(dir, `${_name}.ckpt`);
    writeFileSync(f, bytes);
    const c = captureIO();
    expect(await bootCommand(["--restore", f, "--script", "-"], c.io)).toBe(2);
    expect(c.err().trim().split("\n")).toHaveLength(1);
    expect(c.err()).toContain(f);
  });
});
