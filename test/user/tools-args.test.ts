// Argument hygiene of every program in /bin, table-driven over user/bin: an unknown option is a
// usage error (status 2, "usage: NAME" on stderr), `--help` prints the usage on stdout with
// status 0 and never creates a file (inside a booted box, in an empty directory), and the
// specific nonsense the issue names fails (seq a, primes abc, head -n abc) while head -n -N and
// rm -rf / behave as GNU's do. A program added to user/bin without hygiene fails this test
// unless it is listed in EXEMPT with the reason.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Session } from "../scenarios/helpers.js";
import { BIN, has, runGuest } from "./helpers.js";

/** Programs whose arguments are data by definition (POSIX says so), or that are not commands. */
const EXEMPT: Record<string, string> = {
  echo: "POSIX echo prints its arguments, --help included",
  true: "POSIX true ignores its arguments",
  false: "POSIX false ignores its arguments",
  test: "test's arguments are an expression; a lone string is true",
  "[": "test under another name",
  printf: "printf's arguments are a format and data (`printf --x` prints --x, as GNU's)",
  expr: "expr's arguments are an expression (`expr --x` prints --x, as GNU's)",
  sh: "the shell; sh --bogus is an unknown script name (127), as for dash",
  init: "pid 1 of the machine, never run by hand",
  usertests: "a test program: its arguments name the cases to run",
};

const tools = readdirSync(BIN).filter((n) => !(n in EXEMPT)).sort();

describe("every tool refuses an unknown option with a usage line and status 2", () => {
  for (const t of tools) {
    it(t, () => {
      const r = runGuest(t, ["--no-such-option"], "", 50_000_000);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`usage: ${t}`);
      expect(r.stdout).toBe("");
    });
  }
});

describe("--help prints the usage on stdout, status 0", () => {
  for (const t of tools) {
    it(t, () => {
      const r = runGuest(t, ["--help"], "", 50_000_000);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: ${t.replace(/[[\]]/g, "\\$&")}`));
    });
  }
});

describe("--help never creates a file (in a booted box)", () => {
  it("no tool leaves anything in an empty directory", async () => {
    const names = tools.filter((t) => t !== "[");
    const m = Machine.boot({ ttys: 1 });
    const s = new Session(m, 0, 0);
    s.expect("$ ");
    // a few tools a line, each in its own empty directory; the test yields to the vitest worker
    // between lines (a long synchronous run starves it on a loaded host)
    for (let i = 0; i < names.length; i += 6) {
      const line = names.slice(i, i + 6).map((t) => `mkdir -p /tmp/h/${t}; cd /tmp/h/${t}; ${t} --help </dev/null >/dev/null 2>&1`).join("; ");
      s.command(line, 5_000_000_000);
      await new Promise((r) => setImmediate(r));
    }
    s.type('cd /tmp/h; for d in *; do echo "$d:$(ls -a $d | wc -l)"; done; echo DO""NE\n');
    const out = s.expect("DONE\r\n", 5_000_000_000).replace(/\r\n/g, "\n");
    for (const t of names) expect(out).toContain(`\n${t}:2\n`); // . and .. only
  });
});

describe("the nonsense the issue names", () => {
  it("seq a, primes abc, head -n abc, tail -n x fail with status 2", () => {
    for (const [t, args] of [
      ["seq", ["a"]],
      ["seq", ["1", "b"]],
      ["primes", ["abc"]],
      ["primes", ["12x"]],
      ["head", ["-n", "abc"]],
      ["tail", ["-n", "x"]],
      ["sleep", ["soon"]],
    ] as const) {
      const r = runGuest(t, [...args], "a\n");
      expect(r.status, `${t} ${args.join(" ")}`).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`usage: ${t}`);
    }
  });

  const text = Array.from({ length: 12 }, (_, i) => `line ${i}`).join("\n");
  for (const [label, input] of [
    ["ending in a newline", `${text}\n`],
    ["without the last newline", text],
    ["empty", ""],
  ] as const) {
    it(`head -n -N and tail -n +N agree with GNU (${label})`, async () => {
      for (const n of ["0", "1", "3", "11", "12", "20"]) {
        await new Promise((r) => setImmediate(r)); // let the vitest worker breathe
        for (const [t, a] of [
          ["head", ["-n", `-${n}`]],
          ["tail", ["-n", `+${n}`]],
          ["head", [`-n${n}`]],
          ["tail", [`-${n}`]],
        ] as const) {
          const got = runGuest(t, [...a], input);
          expect(got.status).toBe(0);
          if (has(t) && spawnSync(t, ["--version"], { encoding: "utf8" }).stdout.includes("GNU")) {
            const want = spawnSync(t, [...a], { input, encoding: "utf8" }).stdout;
            expect(got.stdout, `${t} ${a.join(" ")}`).toBe(want);
          }
        }
      }
    });
  }

  it("rm -rf / refuses with one sane line; rm . and .. are skipped", () => {
    const m = Machine.boot({ ttys: 1 });
    const s = new Session(m, 0, 0);
    s.expect("$ ");
    const out = s.command("rm -rf /; echo st=$?; rm -r //.; rm -rf .. ; echo st=$?; ls /bin | wc -l").replace(/\r\n/g, "\n");
    expect(out).toContain("rm: refusing to remove '/' recursively: it is the root directory\nst=1\n");
    expect(out).toContain("rm: refusing to remove '//.' recursively");
    expect(out).toContain("rm: refusing to remove '.' or '..' directory: skipping '..'\nst=1\n");
    expect(out).toMatch(/\n\d\d+\n\$ $/); // /bin still there
  });
});
