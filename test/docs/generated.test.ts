// Generated files are up to date with their source (test/docs/gen-syscalls.ts):
// the system call table of docs/kernel.md and the numbers of
// user/libc/syscall.h come from kernel/syscalls.ts. `npm run gen`
// (CRYOBOX_UPDATE_GEN=1 npx vitest run test/docs/generated.test.ts) rewrites
// them. docs/syscalls-used.md, the userland's own list with arguments, is
// hand-written: its numbers and names must agree with the kernel's table.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { SYSCALLS } from "../../kernel/syscalls.js";
import { GENERATED, GEN_COMMAND, NO_NOTE, genKernelDoc, genSyscallHeader, notesOf } from "./gen-syscalls.js";

const root = packageRoot();
const update = process.env.CRYOBOX_UPDATE_GEN === "1";

describe("generated files", () => {
  for (const { path, gen } of GENERATED) {
    it(`${path} is what ${GEN_COMMAND} makes of kernel/syscalls.ts`, () => {
      const file = join(root, path);
      const text = readFileSync(file, "utf8");
      const want = gen(text);
      if (update && want !== text) writeFileSync(file, want);
      if (!update && want !== text) expect.fail(`${path} is stale: kernel/syscalls.ts changed. Run \`${GEN_COMMAND}\` and commit ${path}`);
      expect(gen(want)).toBe(want); // regenerating is a fixed point
    });
  }

  it("every call of the kernel has a row and a #define, and nothing else has", () => {
    const doc = readFileSync(join(root, "docs/kernel.md"), "utf8");
    const hdr = readFileSync(join(root, "user/libc/syscall.h"), "utf8");
    for (const [nr, name] of SYSCALLS) {
      const n = nr >= 0x4000 ? `0x${nr.toString(16)}` : String(nr);
      expect(doc).toContain(`| ${n} | ${name} |`);
      expect(hdr).toContain(`#define SYS_${name} ${n}\n`);
    }
    expect(hdr.match(/^#define SYS_/gm)).toHaveLength(SYSCALLS.length);
  });

  it("the generator keeps notes, splits grouped rows, drops calls the kernel lost and marks new ones", () => {
    const doc = ["intro", "<!-- syscalls:begin — generated from kernel/syscalls.ts by `npm run gen`; edit only the notes -->",
      "| nr | name | status |", "| ---: | --- | --- |", "| 63, 64 | read, write | both done |", "| 9999 | gone | old |", "<!-- syscalls:end -->", "outro"].join("\n");
    const out = genKernelDoc(doc);
    expect(out).toContain("| 63 | read | both done |\n| 64 | write | both done |");
    expect(out).not.toContain("gone");
    expect(out).toContain(`| 17 | getcwd | ${NO_NOTE} |`);
    expect(out.startsWith("intro\n")).toBe(true);
    expect(out.endsWith("<!-- syscalls:end -->\noutro")).toBe(true);
    expect(notesOf(out).get("read")).toBe("both done");
    expect(() => genSyscallHeader("#define SYS_read 63\n")).toThrow(/markers/);
  });

  it("docs/kernel.md has a note for every call", () => {
    const doc = readFileSync(join(root, "docs/kernel.md"), "utf8");
    const missing = SYSCALLS.map(([, name]) => name).filter((name) => !notesOf(doc).has(name));
    if (missing.length > 0) expect.fail(`docs/kernel.md: no note yet for ${missing.join(", ")} — write one in the table's status column (then ${GEN_COMMAND})`);
  });

  it("docs/syscalls-used.md names each call with the kernel's number", () => {
    const used = readFileSync(join(root, "docs/syscalls-used.md"), "utf8");
    const byName = new Map(SYSCALLS.map(([nr, name]) => [name, nr]));
    let rows = 0;
    for (const m of used.matchAll(/^\|\s*(\d+)\s*\|\s*([a-z0-9_]+)\s*\|/gm)) {
      rows++;
      expect({ name: m[2], nr: byName.get(m[2]!) }).toEqual({ name: m[2], nr: Number(m[1]) });
    }
    expect(rows).toBeGreaterThan(20);
  });
});
