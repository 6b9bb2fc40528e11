// POSIX shell behaviours inside the machine, compared with a reference shell: each script in
// sh-posix/ runs in a booted box (`sh NAME.sh`, stdout and the exit status kept) and must print
// exactly NAME.expected, which dash printed on the host. Where dash is installed, the test also
// checks that dash still prints NAME.expected, so the expectations cannot drift from the reference.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";
import { Session, fileText } from "../scenarios/helpers.js";

const dir = join(packageRoot(), "test/user/sh-posix");
const scripts = readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();
const hasDash = spawnSync("dash", ["-c", "exit 0"]).status === 0;
if (!hasDash) console.warn("sh-posix.test.ts: dash not installed; the .expected files are not re-checked against it (apt-get install dash)");

/** Run a script in the box the way the .expected files were made: stdout, then "status N". */
function inBox(name: string): string {
  const m = Machine.boot({ ttys: 1, files: { [`/tmp/t/${name}`]: readFileSync(join(dir, name)) } });
  const s = new Session(m, 0, 0);
  s.expect("$ ");
  s.type(`cd /tmp/t && sh ${name} > out 2>/dev/null; echo "status $?" >> out; echo DO""NE\n`); // DO""NE: the echoed command line never matches
  s.expect("DONE\r\n", 5_000_000_000);
  return fileText(m, "/tmp/t/out") ?? "(no output file)";
}

describe("POSIX sh in the box, against dash", () => {
  for (const name of scripts) {
    const expected = readFileSync(join(dir, name.replace(/\.sh$/, ".expected")), "utf8");
    it(`${name} prints what dash prints`, () => {
      expect(inBox(name)).toBe(expected);
    });
    it.skipIf(!hasDash)(`${name}: dash itself still prints the expectation`, () => {
      const d = mkdtempSync(join(tmpdir(), "cryobox-dash-"));
      try {
        writeFileSync(join(d, name), readFileSync(join(dir, name)));
        const r = spawnSync("dash", [name], { cwd: d, encoding: "utf8" });
        expect(`${r.stdout}status ${r.status}\n`).toBe(expected);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });
  }
});
