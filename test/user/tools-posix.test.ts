// The everyday POSIX tools added for a "real Unix box" (docs/userland.md): printf, expr, stat,
// readlink, rmdir, which, id, whoami, hostname, chmod, ln, mkfifo, and the text tools tac, rev,
// nl, paste, comm, cksum. Three ways: (1) in a booted box against GNU's tools on the host, same
// files, same command line, output and status equal; (2) the tools whose system calls the kernel
// lacks (chmod, ln, mkfifo, readlink of a link) under qemu-riscv32 against GNU, side effects
// included; (3) box-only facts (ids, host name, what the kernel cannot do yet).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Box, box } from "./box.js";
import { BIN, has } from "./helpers.js";

const FILES: Record<string, string> = {
  "/tmp/t/a": "line one\nline two\nline three\n",
  "/tmp/t/b": "alpha\nbeta\n\ngamma\n",
  "/tmp/t/s1": "apple\nbanana\ncherry\ndate\n",
  "/tmp/t/s2": "banana\ncarrot\ndate\nfig\n",
  "/tmp/t/nonl": "no newline at the end",
  "/tmp/t/empty": "",
  "/tmp/t/bin": "\x00\x01\xff\xfe binary \x80\n",
  "/tmp/t/sub/x": "x\n",
};

/** Command lines run both in the box (cd /tmp/t) and on the host (in a copy of the files). */
const CASES: string[] = [
  "printf 'hello %s\\n' world",
  "printf '%d|%5d|%-5d|%05d|%+d|% d|%.3d\\n' 42 42 42 42 42 42 7",
  "printf '%x %X %o %#x %#o %u %i\\n' 255 255 8 255 8 3000000000 0x1f",
  "printf '%s-%s\\n' a b c",
  "printf '%c%c|\\n' hello",
  "printf '%b|\\n' 'a\\tb\\0101' 'x\\c' 'never'",
  "printf '%e %f %g %.2f %10.3e %G\\n' 3.14159 2.5 0.0001 1.005 12345.678 1e-10",
  "printf '%d\\n' abc 3x \"'A\"",
  "printf '\\101\\t\\\\ \\x41\\n'",
  "printf '%5s|%-5s|%.2s|\\n' ab ab abcdef",
  "printf '%*d|%-*d|%.*f\\n' 5 1 4 2 2 3.14159",
  "printf 'a\\cb'",
  "printf '%d %d\\n' 1 2 3",
  "printf '%s|%d|\\n'",
  "printf '%k'",
  "printf '%%\\n'",
  "expr 1 + 2 '*' 3",
  "expr 10 / 3 % 2",
  "expr 1 / 0",
  "expr a + 1",
  "expr abcdef : 'a\\(.*\\)e'",
  "expr abcdef : '.*'",
  "expr abc : x",
  "expr x : '\\(y\\)'",
  "expr 3 '<' 10; expr a '<' b; expr 010 = 10; expr abc != abd",
  "expr 0 '|' 5; expr '' '|' 0; expr 2 '&' 0; expr 3 '&' 4",
  "expr '(' 1 + 2 ')' '*' 3",
  "expr -5 + 3",
  "expr 1 +",
  "expr 1 2",
  "expr '(' 1",
  "stat -c '%n %s %a %A %F %h' a empty",
  "stat -L -c '%s %F' b",
  "stat -c '%U %G %u %g' a",
  "readlink -f a; readlink -f sub/../b; readlink -f ./sub/./x",
  "readlink -f nosuch; readlink -f nosuch/x; readlink -e nosuch; readlink -m p/q/../r",
  "mkdir -p r/s/t; rmdir -p r/s/t; test -d r; echo $?",
  "mkdir -p u/v; rmdir u; rmdir nosuch; rmdir u/v u",
  "which nosuch-tool",
];

let b: Box;
let hostDir = "";

beforeAll(() => {
  b = box(FILES);
  hostDir = mkdtempSync(join(tmpdir(), "cryobox-posix-"));
  for (const [p, v] of Object.entries(FILES)) {
    const at = join(hostDir, p.slice("/tmp/t/".length));
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, Buffer.from(v, "latin1"));
    chmodSync(at, 0o644); // as the box has them, whatever the host's umask
  }
  b.sh("cd /tmp/t");
});
afterAll(() => rmSync(hostDir, { recursive: true, force: true }));

/** What GNU prints for cmd in the host copy (errors folded in, status appended). */
function gnu(cmd: string): string {
  // the host sh (dash) has printf built in: GNU's is the one to compare with
  const r = spawnSync("sh", ["-c", `{ ${cmd.replace(/^printf /, "env printf ")}; } 2>&1; echo "[$?]"`], { cwd: hostDir, encoding: "latin1", env: { ...process.env, LC_ALL: "C" } });
  // GNU's own message prefixes (`cannot statx`, `failed to remove`) differ from ours on purpose
  // (one-line `tool: what: why`); the comparison keeps the part after the file name.
  return r.stdout.replace(/\/tmp\/cryobox-posix-[^/\n]*/g, "/tmp/t");
}
/** Our one-line messages and GNU's say the same thing in other words: keep `tool: NAME: why`. */
function normalize(s: string): string {
  return s
    .replace(/^(\w+): (?:cannot \w+|failed to \w+) '([^']*)': /gm, "$1: $2: ");
}

describe("the new tools in the box print what GNU prints", () => {
  for (const cmd of CASES) {
    it(cmd, async () => {
      await new Promise((r) => setImmediate(r)); // the worker's RPC gets its turn on a loaded host
      const got = b.sh(`{ ${cmd}; } 2>&1; echo "[$?]"`);
      expect(normalize(got.out)).toBe(normalize(gnu(cmd)));
    });
  }
});

describe("box-only facts", () => {
  it("id, whoami, hostname, which name root, the box and /bin", () => {
    expect(b.sh("id; id -u; id -g; id -un; id -G; id -Gn; whoami; hostname").out).toBe(
      "uid=0(root) gid=0(root) groups=0(root)\n0\n0\nroot\n0\nroot\nroot\ncryobox\n",
    );
    expect(b.sh("which ls sh; echo $?; which -a cat nosuch; echo $?").out).toBe("/bin/ls\n/bin/sh\n0\n/bin/cat\n1\n");
    expect(b.sh("id -n").status).toBe(2); // -n alone: a usage error, as GNU
  });
  it("stat's default block names the type, mode, owner and time", () => {
    expect(b.sh("stat a").out).toMatch(/^ {2}File: 'a'\n {2}Size: 29\tBlocks: 1\tIO Block: \d+\tregular file\nInode: \d+\tLinks: 1\nAccess: \(0644\/-rw-r--r--\) {2}Uid: \(0\/root\) {3}Gid: \(0\/root\)\nModify: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000000 \+0000\n$/);
    expect(b.sh("stat nosuch").out).toBe("stat: nosuch: No such file or directory\n");
  });
  it("chmod, ln, mkfifo and readlink of a link report the system call the kernel lacks (one line, status 1)", () => {
    // kernel/syscalls.ts has no fchmodat (53), linkat (37), symlinkat (36), mknodat (33) or
    // readlinkat (78) yet: the tools say so instead of pretending. When the kernel gains them,
    // these expectations change to the qemu case below.
    for (const [cmd, msg] of [
      ["chmod 600 a", "chmod: a: Function not implemented\n"],
      ["ln -s a l", "ln: l: Function not implemented\n"],
      ["ln a h", "ln: h: Function not implemented\n"],
      ["mkfifo p", "mkfifo: p: Function not implemented\n"],
      ["readlink l", "readlink: l: Function not implemented\n"],
    ] as const) {
      const r = b.sh(cmd);
      expect(r.out, cmd).toBe(msg);
      expect(r.status, cmd).toBe(1);
    }
    expect(b.sh("chmod 999 a").status).toBe(2); // a bad mode is a usage error before any call
  });
});

// chmod, ln, rmdir, mkfifo and readlink with their side effects, under qemu-riscv32 (Linux has the
// calls the box lacks) and with GNU's tools: the same script, the same output (stderr dropped:
// the wording of messages differs on purpose; statuses are printed).
const SIDE = `umask 022
touch f g; mkdir -p d/e
chmod 600 f; stat -c '%a %n' f
chmod u+x,g=r,o-w f; stat -c '%a' f
chmod a=rwx,g-w f; stat -c '%a' f
chmod =r f; stat -c '%a' f
chmod +X f; stat -c '%a' f
chmod u+w,g=u f; stat -c '%a' f
chmod -w f; stat -c '%a' f
chmod 4755 f; stat -c '%a %A' f
chmod u-s,+t f; stat -c '%a %A' f
chmod o=,u=rwx f; stat -c '%a %A' f
chmod -R go-rx d; stat -c '%a %n' d d/e
chmod +X d; stat -c '%a' d
chmod 999 f || echo "bad mode: failed"
chmod u+q f || echo "bad symbolic mode: failed"
chmod 644 nosuch; echo "missing: $?"
ln f hard; stat -c '%h' f
ln -s f soft; readlink soft; stat -c '%F' soft
ln -s g soft; echo "exists: $?"
ln -sf g soft; readlink soft
ln -s /x/y d; readlink d/y
ln -s f; echo "into . : $?"
ln nosuch x; echo "nosuch: $?"
readlink -f soft | sed 's|.*/||'
readlink f; echo "not a link: $?"
mkdir -p a/b/c; rmdir -p a/b/c; ls -d a; echo "rmdir -p: $?"
mkdir a; touch a/x; rmdir a; echo "not empty: $?"
mkfifo p1; stat -c '%F %a' p1
mkfifo -m 600 p2; stat -c '%F %a' p2
mkfifo p1; echo "exists: $?"
`;

describe.skipIf(!has("qemu-riscv32"))("chmod, ln, rmdir, mkfifo, readlink under qemu-riscv32 do what GNU's do", () => {
  it("the same script prints the same", () => {
    const root = mkdtempSync(join(tmpdir(), "cryobox-side-"));
    try {
      const wrap = join(root, "rv");
      mkdirSync(wrap);
      for (const n of ["chmod", "ln", "rmdir", "mkfifo", "readlink"]) {
        writeFileSync(join(wrap, n), `#!/bin/sh\nexec qemu-riscv32 ${join(BIN, n)} "$@"\n`);
        chmodSync(join(wrap, n), 0o755);
      }
      const run = (dir: string, path: string) => {
        mkdirSync(join(root, dir));
        writeFileSync(join(root, "side.sh"), SIDE);
        const r = spawnSync("sh", [join(root, "side.sh")], { cwd: join(root, dir), encoding: "utf8", env: { ...process.env, PATH: path, LC_ALL: "C" } });
        return r.stdout;
      };
      const ours = run("ours", `${wrap}:${process.env.PATH}`);
      const theirs = run("gnu", process.env.PATH ?? "/usr/bin:/bin");
      expect(spawnSync(join(wrap, "chmod"), ["--help"], { encoding: "utf8" }).stdout).toBe("usage: chmod [-R] MODE FILE...\n"); // the wrappers run ours
      expect(ours).toContain("4755 -rwsr-xr-x\n");
      expect(ours).toBe(theirs);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
if (!has("qemu-riscv32")) console.warn("tools-posix.test.ts: qemu-riscv32 missing, the chmod/ln/mkfifo side-effect case is skipped");
