// Atomic snapshot writes (SCENARIOS 24): a failure after the temporary file is
// written, before the rename, leaves the previous file intact and no debris.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../snapshot/host-file.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "cryobox-atomic-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates and replaces a file", () => {
    const d = tempDir();
    const f = join(d, "a.snap");
    writeFileAtomic(f, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    writeFileAtomic(f, new Uint8Array([4]));
    expect([...readFileSync(f)]).toEqual([4]);
    expect(readdirSync(d)).toEqual(["a.snap"]);
  });

  it("a crash after the temporary file is written leaves the old file intact", () => {
    const d = tempDir();
    const f = join(d, "a.snap");
    writeFileSync(f, "old checkpoint");
    let sawTemp = "";
    expect(() =>
      writeFileAtomic(f, new TextEncoder().encode("new checkpoint, much longer than the old one"), {
        beforeRename: (tmp) => {
          sawTemp = readFileSync(tmp, "utf8"); // the new bytes are complete on disk …
          expect(readFileSync(f, "utf8")).toBe("old checkpoint"); // … and the old file is untouched
          throw new Error("power failure");
        },
      }),
    ).toThrow("power failure");
    expect(sawTemp).toBe("new checkpoint, much longer than the old one");
    expect(readFileSync(f, "utf8")).toBe("old checkpoint");
    expect(readdirSync(d)).toEqual(["a.snap"]);
  });

  it("a write into a missing directory throws and creates nothing", () => {
    const d = tempDir();
    expect(() => writeFileAtomic(join(d, "no", "such", "x.snap"), new Uint8Array(1))).toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  });
});
