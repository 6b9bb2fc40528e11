// Where qemu-riscv32 is installed (Linux is the reference), the programs run as real RV32 Linux
// processes: the shell with our tools (exec'd through wrapper scripts), the file tools in a
// scratch directory, dd, and usertests, whose every case must pass.

import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { has, qemuSandbox, runQemu } from "./helpers.js";

const haveQemu = has("qemu-riscv32");
if (!haveQemu) console.warn("test/user/qemu: qemu-riscv32 not installed — userland-under-Linux tests skipped");

describe.skipIf(!haveQemu)("userland under qemu-riscv32", () => {
  let box: { dir: string; rvbin: string };
  beforeAll(() => {
    box = qemuSandbox();
  });
  afterAll(() => rmSync(box.dir, { recursive: true, force: true }));
  const sh = (script: string, stdin = "") => runQemu("sh", ["-c", script], { cwd: box.dir, rvbin: box.rvbin, stdin });

  it("sh: pipelines, redirections, && || ;, quoting and expansion", () => {
    const r = sh(
      [
        "echo one two > f; echo three >> f; cat < f | wc -l",
        "grep -c o f && echo and || echo or",
        "false || echo or2; false && echo no; true; echo st=$?",
        "X='a  b'; echo \"[$X]\" [$X] '$X' \\$X",
        "echo err 2>&1 >/dev/null | cat; ls nosuch 2> e; cat e",
        "sh -c 'exit 3'; echo $?",
        "export Y=exported; env | grep '^Y='",
        "mkdir d; cd d; pwd | grep -c /d$; cd ..",
        "# a comment",
        "echo a\\ b 'c\"d' \"e'f\" # trailing comment",
      ].join("\n"),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "2",
        "1",
        "and",
        "or2",
        "st=0",
        "[a  b] [a b] $X $X",
        "ls: nosuch: No such file or directory",
        "3",
        "Y=exported",
        "1",
        "a b c\"d e'f",
        "",
      ].join("\n"),
    );
  });

  it("sh: background jobs, wait, $!, not-found status 127, scripts with arguments", () => {
    writeFileSync(join(box.dir, "script.sh"), "# a script\necho arg1=$1 count=$#\nexit 4\n");
    const r = sh("sleep 0.2 & echo started; wait; echo waited $?; nosuchcmd; echo $?; sh script.sh x y; echo $?");
    expect(r.stdout).toBe("started\nwaited 0\n127\narg1=x count=2\n4\n");
    expect(r.stderr).toBe("sh: nosuchcmd: not found\n");
  });

  it("sh: * and ? in an unquoted word expand to sorted matching names; no match keeps the word", () => {
    const r = sh("mkdir g; cd g; echo > b.c; echo > a.c; echo > a.h; echo > .hidden.c; echo *.c; echo ?.h '*.c' \\*.c; echo none*; echo ../g/a*; ls *.c | wc -l");
    expect(r.stdout).toBe("a.c b.c\na.h *.c *.c\nnone*\n../g/a.c ../g/a.h\n2\n");
  });

  it("sh: read, . (source), exec with and without a command, backslash-newline", () => {
    writeFileSync(join(box.dir, "lib.sh"), "X=sourced\necho in $X \\\n  continued\n");
    const r = sh(". ./lib.sh; echo $X; read a b; echo \"[$a] [$b]\"; read c; read d; echo rd=$?; exec > ex.txt; echo to file; exec echo replaced; echo never", "hello world  foo  \nsecond\n");
    expect(r.stdout).toBe("in sourced continued\nsourced\n[hello] [world  foo]\nrd=1\n");
    expect(readFileSync(join(box.dir, "ex.txt"), "utf8")).toBe("to file\nreplaced\n");
  });

  it("sh: for, while, until, if/elif/else, break, continue, nesting, redirected and piped loops", () => {
    const r = sh(
      [
        "for i in a b; do echo $i; done",
        "for f in nothing*; do echo \"[$f]\"; done | cat", // quoted: [ ] is a glob set now, as in dash
        "i=x; while test $i; do echo i=$i; i=; done; until true; do echo never; done",
        "if false; then echo 1; elif true; then echo 2; else echo 3; fi",
        "for i in 1 2 3 4; do if test $i = 2; then continue; fi; if test $i = 4; then break; fi; echo n$i; done > loop.txt; cat loop.txt",
        "for x in p q",
        "do",
        "  for y in 1 2; do echo $x$y; done",
        "done",
      ].join("\n"),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("a\nb\n[nothing*]\ni=x\n2\nn1\nn3\np1\np2\nq1\nq2\n");
    const t = sh("n=0; for f in a b c; do if [ $f = b ]; then echo found $f; fi; done; while [ -z \"$done\" ]; do done=yes; echo once; done; test -d . && echo dir");
    expect(t.stdout).toBe("found b\nonce\ndir\n");
    const bad = sh("for i in 1; do echo");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("sh: syntax error: unexpected end of input\n");
  });

  it("sh reads commands from a non-tty stdin", () => {
    const r = runQemu("sh", [], { cwd: box.dir, rvbin: box.rvbin, stdin: "echo a\necho b | cat\nexit 5\necho never\n" });
    expect(r.stdout).toBe("a\nb\n");
    expect(r.status).toBe(5);
  });

  it("file tools: cp, mv, rm -r, mkdir -p, ls -a/-l, tee, head, tail", () => {
    const r = sh(
      "mkdir -p t/a/b; echo hi | tee t/a/x t/a/y >/dev/null; cp t/a/x t/a/b/; mv t/a/y t/a/z; ls t/a; ls -a t/a/b; ls -l t/a/x | grep -c '^-rw'; rm -r t; ls t",
    );
    expect(r.stdout).toBe("b\nx\nz\n.\n..\nx\n1\n");
    expect(r.stderr).toBe("ls: t: No such file or directory\n");
  });

  it("dd copies records and reports N+M records", () => {
    writeFileSync(join(box.dir, "in.bin"), Buffer.alloc(2500, 7));
    const r = runQemu("dd", ["if=in.bin", "of=out.bin", "bs=1k"], { cwd: box.dir });
    expect(r.stderr).toBe("2+1 records in\n2+1 records out\n2500 bytes copied\n");
    expect(readFileSync(join(box.dir, "out.bin")).equals(Buffer.alloc(2500, 7))).toBe(true);
    const s = runQemu("dd", ["if=in.bin", "bs=100", "skip=2", "count=3"], { cwd: box.dir });
    expect(s.stdout.length).toBe(300);
    expect(s.stderr.split("\n")[0]).toBe("3+0 records in");
  });

  it("tar: create, list and extract round trip; archives interoperate with the host's tar", () => {
    const r = sh("mkdir -p tr/sub; echo one > tr/a; primes 2000 > tr/sub/p; tar cf t.tar tr; tar tf t.tar; mkdir x; cd x; tar xvf ../t.tar >/dev/null; cat tr/a; wc -l < tr/sub/p; cat ../t.tar | tar tf - | wc -l");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("tr/\ntr/a\ntr/sub/\ntr/sub/p\none\n303\n4\n");
    if (has("tar")) {
      const host = spawnSync("tar", ["tf", join(box.dir, "t.tar")], { encoding: "utf8" });
      expect(host.stdout).toBe("tr/\ntr/a\ntr/sub/\ntr/sub/p\n");
      spawnSync("tar", ["cf", "h.tar", "tr"], { cwd: box.dir });
      expect(sh("tar tf h.tar | wc -l").stdout).toBe("4\n");
    }
  });

  it("kill and sleep: a signal by name ends a sleeping process", () => {
    const r = sh("sleep 30 & kill -s TERM $!; wait $!; echo $?; kill -9 999999; echo $?");
    expect(r.stdout).toBe("143\n1\n");
    expect(r.stderr).toContain("No such process");
  });

  it("usertests: every case passes on Linux", () => {
    const r = runQemu("usertests", [], { cwd: box.dir });
    expect(r.stdout).toContain("ALL TESTS PASSED");
    expect(r.stdout).not.toContain("FAILED");
    expect(r.stdout.match(/: OK$/gm)?.length).toBeGreaterThan(30);
    expect(r.status).toBe(0);
  }, 60_000);
});
