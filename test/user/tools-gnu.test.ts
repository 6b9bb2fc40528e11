// The new tools inside the box against the host's GNU counterparts on the same input: tr, cut,
// basename, dirname, od, hexdump -C, cmp, wc, seq, sed, diff (normal and -u), find, xargs and ed. Each case runs in one booted box (files
// put in at boot) and on the host; the outputs and statuses must agree. Skipped, with a warning,
// for a host tool that is missing.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Box, box } from "./box.js";
import { has } from "./helpers.js";

const FILES: Record<string, string> = {
  "/tmp/t/words": "the quick brown fox\njumps over\tthe lazy dog\n\nHELLO, World! 123\n",
  "/tmp/t/csv": "name:uid:shell\nroot:0:/bin/sh\nalice:1000:/bin/sh\nno delimiter here\n",
  "/tmp/t/bin": "\x00\x01\x02abc\x7f\xff\n\t\r" + "z".repeat(40) + "end",
  "/tmp/t/a": "line one\nline two\nline three\n",
  "/tmp/t/b": "line one\nline 2\nline three\n",
  "/tmp/t/prefix": "line one\nline",
  "/tmp/t/empty": "",
  "/tmp/t/old": "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n",
  "/tmp/t/new": "zero\none\ntwo\nthree\nFOUR\nfive\nsix\nseven\neight\nnine\nten\ntwelve\nthirteen",
  "/tmp/t/tree/a.c": "int a;\n",
  "/tmp/t/tree/b.h": "",
  "/tmp/t/tree/sub/c.c": "int c;\n",
  "/tmp/t/tree/sub/deep/d.txt": "d\n",
  "/tmp/t/escript": "2p\n,n\n/thr/s/e/E/g\n1,2d\n$a\nnew line\n.\n,p\ng/e/s/$/!/\n,p\n1i\ntop\n.\n=\nw\nq\n",
  "/tmp/t/escript2": "3t0\n1,2m$\n,n\n2;+1j\n,p\nv/two/d\n,p\nw ed3\nQ\n",
  "/tmp/t/escript3": "/nomatch/\n1p\n",
  "/tmp/t/list": "alpha beta\n'gamma delta' \"eps\"\n  zeta\\ eta\n",
};

/** Command lines run both in the box (cd /tmp/t) and on the host (in a copy of the files). */
const CASES: string[] = [
  "tr a-z A-Z < words",
  "tr -d '[:digit:][:punct:]' < words",
  "tr -s ' \\t' ' ' < words",
  "tr -cs '[:alpha:]' '\\n' < words",
  "tr abc xy < words",
  "tr -d -c 'a-z\\n' < words",
  "cut -d: -f1,3 csv",
  "cut -d: -f2- csv",
  "cut -s -d: -f1 csv",
  "cut -c1-4,8 csv",
  "cut -b -3 words",
  "basename /usr/lib/libc.so .so; basename /; basename a/b/; basename x.c .c; basename .c .c",
  "basename -a /a/b c/d; basename -s .h x.h y.h",
  "dirname /usr/lib; dirname /usr/; dirname usr; dirname /; dirname //a//b//; dirname a/b",
  "od bin",
  "od -c bin",
  "od -A x -t x1 bin",
  "od -b -A d words",
  "od -t d2 bin",
  "od -x empty",
  "hexdump -C bin",
  "hexdump -C words",
  "hexdump -C empty",
  "cmp a a",
  "cmp a b",
  "cmp -s a b",
  "cmp -l a b 2>/dev/null",
  "cmp a prefix",
  "cmp prefix a",
  "cmp empty a",
  "cmp a words",
  "wc words csv",
  "wc -l -c words",
  "wc -m a",
  "wc -w < words",
  "seq 3; seq -w 8 11; seq -s , 1 2 9; seq 5 -2 0",
  "sed 's/o/0/' words",
  "sed 's/o/0/g;s/the/THE/2' words",
  "sed -n '/fox/,/lazy/p' words",
  "sed -n '2p;$p' csv",
  "sed '2,3d' csv",
  "sed -e 's/\\([a-z]*\\):\\([0-9]*\\)/\\2=\\1/' csv",
  "sed 's/[[:digit:]][[:digit:]]*/#/g' csv",
  "sed -n '/^$/=' words",
  "sed '/root/!d' csv",
  "sed 'y/abc/ABC/;3q' csv",
  "sed 's/x*/-/g' a",
  "sed 's/l*i/&&/' a",
  "sed 's/^line //;s/$/;/' prefix",
  "sed = csv | sed -n 'p;n' | head -3",
  "diff a a",
  "diff a b",
  "diff old new",
  "diff -u a b | tail -n +3",
  "diff -u old new | tail -n +3",
  "diff -U 1 old new | tail -n +3",
  "diff empty a; diff a empty",
  "diff prefix a",
  "find tree | sort",
  "find tree -name '*.c' | sort",
  "find tree -type d | sort",
  "find tree -type f -name '[ab]*' | sort",
  "find tree ! -name '*.c' -type f | sort",
  "find tree -maxdepth 1 | sort",
  "find tree -empty",
  "find tree -name '*.c' -exec cat {} ';' | sort",
  "find tree -name d.txt -o -name b.h | sort",
  "find tree/sub -type f -print",
  "cp a ed1; ed ed1 < escript; echo [$?]; cat ed1",
  "cp old ed2; ed -s ed2 < escript2; cat ed3",
  "ed -s a < escript3",
  "xargs < list",
  "xargs -n 2 < list",
  "xargs -I X echo [X] < list",
  "xargs echo start < list",
  "xargs echo none < empty",
  "xargs -t -n 3 echo < list",
  "find tree -name '*.c' | sort | xargs cat",
  "echo a b | xargs sh -c 'exit 3'",
];

let b: Box;
let hostDir = "";
const missing = ["tr", "cut", "basename", "dirname", "od", "hexdump", "cmp", "wc", "seq", "sed", "diff", "find", "xargs", "ed"].filter((t) => !has(t));
if (missing.length) console.warn(`tools-gnu.test.ts: host tools missing, their cases skipped: ${missing.join(" ")}`);

beforeAll(() => {
  b = box(FILES);
  hostDir = mkdtempSync(join(tmpdir(), "cryobox-tools-"));
  for (const [p, v] of Object.entries(FILES)) {
    const at = join(hostDir, p.slice("/tmp/t/".length));
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, Buffer.from(v, "latin1"));
  }
  b.sh("cd /tmp/t");
});
afterAll(() => rmSync(hostDir, { recursive: true, force: true }));

describe("tools in the box print what GNU prints", () => {
  for (const cmd of CASES) {
    const tool = cmd.split(" ")[0]!;
    it.skipIf(missing.includes(tool))(cmd, async () => {
      await new Promise((r) => setImmediate(r)); // the worker's RPC gets its turn on a loaded host
      const host = spawnSync("sh", ["-c", `{ ${cmd}; } 2>&1; echo "[$?]"`], { cwd: hostDir, encoding: "latin1", env: { ...process.env, LC_ALL: "C" } });
      const got = b.sh(`{ ${cmd}; } 2>&1; echo "[$?]"`);
      expect(got.out).toBe(host.stdout);
    });
  }
});

describe("tools that differ from GNU on purpose or have no host twin", () => {
  it("kill -l names and numbers signals", () => {
    // /bin/kill: a plain `kill` is the shell's builtin
    expect(b.sh("/bin/kill -l 9; /bin/kill -l 137; /bin/kill -l TERM; /bin/kill -l HUP").out).toBe("KILL\nKILL\n15\n1\n");
    expect(b.sh("/bin/kill -l | head -1").out).toMatch(/^ 1\) SIGHUP +2\) SIGINT/);
  });
  it("time reports the virtual time a command took; nice and nohup run the command", () => {
    const r = b.sh("time -p sleep 0.25");
    expect(r.out).toMatch(/^real 0\.2[5-9]\nuser 0\.\d\d\nsys 0\.\d\d\n$/);
    expect(b.sh("time sh -c 'exit 3'").status).toBe(3);
    expect(b.sh("nice -n 5 echo hi; nice; nice -n 5 nice; nice -3 nice -n 2 nice; nice -n 50 nice").out).toBe("hi\n0\n5\n5\n19\n");
    expect(b.sh("nohup echo out > /dev/null; cat nohup.out 2>&1 | head -1").out).not.toContain("out\n"); // not a terminal: no nohup.out
    expect(b.sh("nohup sh -c 'echo saved'; cat nohup.out").out).toBe("nohup: ignoring input and appending output to 'nohup.out'\nsaved\n");
  });
  it("sleep takes fractions and suffixes", () => {
    const t0 = b.s.m.now();
    b.sh("sleep 0.5 .25s");
    const ticks = Number(b.s.m.now() - t0);
    expect(ticks).toBeGreaterThanOrEqual(75_000_000); // 0.75 s at 10^8 ticks a second
    expect(ticks).toBeLessThan(90_000_000);
  });
  it("clear writes the VT100 clear-screen sequence", () => {
    expect(b.sh("clear").out).toBe("\x1b[H\x1b[2J\x1b[3J");
  });
});
