// The disk at the console and on the command line (issue #9): attach disk /
// detach disk (refused while busy), checkpoint-system --with-files,
// restart-system --files, and `cryobox boot --disk/--files` parsing.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Console, type ConsoleHost, type ConsoleOutcome } from "../../machine/console.js";
import { bootToPrompt } from "../scenarios/helpers.js";
import { parseBootArgs } from "../../cli/boot.js";
import { tempDir } from "./helpers.js";
import { inspectText } from "../../cli/inspect.js";
import { readSnapshot } from "../../snapshot/index.js";

function memoryHost(): ConsoleHost {
  const files = new Map<string, Uint8Array>();
  return {
    readFile: (p) => {
      const f = files.get(p);
      if (!f) throw new Error(`${p}: no such file`);
      return f;
    },
    writeFileAtomic: (p, b) => void files.set(p, b.slice()),
  };
}

function text(o: ConsoleOutcome | null): string {
  return o && "text" in o ? String(o.text) : JSON.stringify(o);
}

/** The one-line message of a failed command (and that it is the operator's, not a bug). */
function failure(o: ConsoleOutcome | null): string {
  if (!o || o.kind !== "failed") throw new Error(`expected a failure, got ${JSON.stringify(o)}`);
  expect(o.bug).toBeUndefined();
  return o.message;
}

describe("disk console commands", () => {
  const dirs: { done: () => void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.done();
  });

  it("attach disk DIR PATH, use it, detach refused while busy, then detached", () => {
    const d = tempDir();
    dirs.push(d);
    const s = bootToPrompt();
    const con = new Console(s.m, memoryHost());
    expect(text(con.executeLine(`attach disk ${d.path} /data`))).toBe(`disk /data ← ${d.path}`);
    s.command("echo kept > /data/f");
    expect(readFileSync(join(d.path, "f"), "utf8")).toBe("kept\n");
    s.command("cd /data");
    expect(failure(con.executeLine("detach disk /data"))).toMatch(/busy/);
    s.command("cd /");
    expect(text(con.executeLine("detach disk /data"))).toBe("disk /data: detached");
    expect(s.command("cat /data/f")).not.toContain("kept");
    expect(failure(con.executeLine("attach disk /nonexistent/cryobox-x /data"))).toMatch(/disk "\/nonexistent\/cryobox-x"/);
    expect(failure(con.executeLine("attach tape x y"))).toMatch(/'disk' expected/);
  });

  it("checkpoint-system --with-files, then restart-system --files replace puts the file back", () => {
    const d = tempDir();
    dirs.push(d);
    const s = bootToPrompt({ disks: [d.path] });
    const con = new Console(s.m, memoryHost());
    s.command("echo one > /mnt/log");
    s.type("cat >> /mnt/log\n");
    s.m.run(2_000_000);
    con.executeLine("checkpoint-system snap --with-files");
    writeFileSync(join(d.path, "log"), "changed on the host\n");
    expect(failure(con.executeLine("restart-system snap"))).toMatch(/\/mnt\/log: size 4 → 20; held by pid \d+ \(cat\) fd 1/);
    const r = text(con.executeLine("restart-system snap --files replace"));
    expect(r).toMatch(/restarted from snap[\s\S]*disk \/mnt ← [\s\S]*\/mnt\/log: replaced by the 4 bytes the snapshot carries/);
    expect(readFileSync(join(d.path, "log"), "utf8")).toBe("one\n");
    expect(failure(con.executeLine("restart-system snap --files bogus"))).toMatch(/unknown policy "bogus"/);
  });

  it("cryobox inspect lists each disk and the files held on it, with the policy a restart would apply", () => {
    const d = tempDir();
    dirs.push(d);
    const s = bootToPrompt({ disks: [`${d.path}:/data`] });
    s.command("cd /data");
    s.type("cat > held\n");
    s.m.run(2_000_000);
    const bytes = s.m.checkpoint();
    const text = inspectText("snap", bytes.length, readSnapshot(bytes)).join("\n");
    expect(text).toContain(`disk /data: host directory ${d.path} (disk 0); restart needs --disk DIR:/data`);
    expect(text).toMatch(/\/data: directory; pid \d+ \(sh\) cwd, pid \d+ \(cat\) cwd; policy refuse/);
    expect(text).toMatch(/\/data\/held: 0 bytes, sha256 e3b0c44298fc1c14…; pid \d+ \(cat\) fd 1 at 0; policy refuse/);
  });

  it("cryobox boot --disk DIR[:PATH] (repeatable) and --files POLICY,PATH=POLICY", () => {
    const a = parseBootArgs(["--disk", "/x", "--disk=/y:/data", "--restore", "f", "--files", "append,/mnt/a=kill"]);
    expect(a.disk?.disks).toEqual(["/x", "/y:/data"]);
    expect(a.disk?.files).toEqual({ default: "append", paths: { "/mnt/a": "kill" } });
    expect(() => parseBootArgs(["--files", "maybe"])).toThrow(/unknown policy/);
  });
});
