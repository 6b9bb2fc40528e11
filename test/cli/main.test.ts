// The `cryobox` dispatcher: usage, --version, unknown commands.
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { main } from "../../cli/main.js";

function capture(): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

afterEach(() => vi.restoreAllMocks());

describe("cryobox", () => {
  it("without a command prints the usage and exits 2", async () => {
    const c = capture();
    expect(await main([])).toBe(2);
    expect(c.out()).toMatch(/^usage: cryobox COMMAND/);
    expect(c.out()).toContain("cryobox boot");
  });

  it("--version prints the package version", async () => {
    const c = capture();
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(await main(["--version"])).toBe(0);
    expect(c.out()).toBe(`cryobox ${pkg.version}\n`);
  });

  it("an unknown command is one line naming it, then the usage, status 2", async () => {
    const c = capture();
    expect(await main(["frobnicate"])).toBe(2);
    expect(c.err().split("\n")[0]).toBe("cryobox: unknown command 'frobnicate'");
  });
});
