// The everyday POSIX tools added for a "real Unix box" (docs/userland.md): printf, expr, stat,
// readlink, rmdir, which, id, whoami, hostname, chmod, ln, mkfifo, and the text tools tac, rev,
// nl, paste, comm, cksum, du, df, uptime, free, sync, and ls -l's `total`. Several ways: (1) in a booted box against GNU's tools on the host, same
// files, same command line, output and status equal; (2) the tools whose system calls the kernel
// lacks (chmod, ln, mkfifo, readlink of a link) under qemu-riscv32 against GNU, side effects
// included, and du/df/uptime/free there too; (3) cksum and tac against models on fast-check
// inputs; (4) box-only facts (ids, host name, what the kernel cannot do yet).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Box, box } from "./box.js";
import fc from "fast-check";
import { BIN, has, runGuest } from "./helpers.js";

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
  "expr length hello; expr substr hello 2 3; expr index hello lo; expr match abc 'a\\(.\\)'; expr + length; expr length hello '*' 2",
  "expr substr hello",
  "stat -c '%n %s %a %A %F %h' a empty",
  "stat -L -c '%s %F' b",
  "stat -c '%U %G %u %g' a",
  "stat -c '%b' empty",
  "readlink -f a; readlink -f sub/../b; readlink -f ./sub/./x",
  "readlink -f nosuch; readlink -f nosuch/x; readlink -e nosuch; readlink -m p/q/../r",
  "mkdir -p r/s/t; rmdir -p r/s/t; test -d r; echo $?",
  "mkdir -p u/v; rmdir u; rmdir nosuch; rmdir u/v u",
  "which nosuch-tool",
  "tac a; tac nonl; echo; tac empty b",
  "rev a nonl; echo; rev < b",
  "nl b; nl -ba b; nl -bn b",
  "nl -nln -w3 -s: b; nl -nrz -v5 -i2 b; nl -bp'^g' b",
  "paste s1 s2; paste -d, s1 b s2",
  "paste -s s1 s2; paste -s -d',;' s1; paste -d '\\n' s1 s2",
  "paste s1 - < s2",
  "comm s1 s2; comm -12 s1 s2; comm -3 s1 s2; comm -1 s1 s2",
  "comm b s1",
  "cksum a nonl empty bin; cksum < b; cksum nosuch",
  "mkdir -p emptydir; ls -l emptydir; ls -d emptydir s1 sub | cat",
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

const missing = [...new Set(CASES.map((c) => c.split(" ")[0]!))].filter((t) => !has(t));
if (missing.length) console.warn(`tools-posix.test.ts: host tools missing, their cases skipped: ${missing.join(" ")}`);

describe("the new tools in the box print what GNU prints", () => {
  for (const cmd of CASES) {
    it.skipIf(missing.includes(cmd.split(" ")[0]!))(cmd, async () => {
      await new Promise((r) => setImmediate(r)); // the worker's RPC gets its turn on a loaded host
      const got = b.sh(`{ ${cmd}; } 2>&1; echo "[$?]"`);
      expect(normalize(got.out)).toBe(normalize(gnu(cmd)));
    });
  }
});

/** POSIX cksum's CRC (polynomial 0x04C11DB7, MSB first, the length's bytes after the data). */
function posixCksum(data: Uint8Array): string {
  let crc = 0;
  const step = (b: number) => {
    crc ^= b << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    crc >>>= 0;
  };
  data.forEach(step);
  for (let l = data.length; l > 0; l = Math.floor(l / 256)) step(l & 0xff);
  return `${~crc >>> 0} ${data.length}\n`;
}

describe("cksum and tac against models", () => {
  it("cksum of any input is the POSIX CRC and length (fast-check)", () => {
    expect(posixCksum(new TextEncoder().encode("abc\n"))).toBe("1112837078 4\n"); // the model itself, against GNU's cksum
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(runGuest("cksum", [], s).stdout).toBe(posixCksum(new TextEncoder().encode(s)));
      }),
      { numRuns: 25 },
    );
  });
  it("tac prints the records in reverse order, a last one without newline included (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "\n", "xy"), { maxLength: 30 }), (parts) => {
        const s = parts.join("");
        const recs = s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
        expect(runGuest("tac", [], s).stdout).toBe(recs.reverse().join(""));
      }),
      { numRuns: 25 },
    );
  });
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
  it("mkfifo makes a named pipe that carries data between two processes; a second mkfifo of the name fails", () => {
    // (chmod, ln and readlink have their calls now: their box test is "chmod, ln and readlink in the box" below)
    expect(b.sh("mkfifo p; stat -c '%F %a' p; mkfifo -m 600 p2; stat -c '%F %a' p2").out).toBe("fifo 644\nfifo 600\n");
    const again = b.sh("mkfifo p");
    expect([again.out, again.status]).toEqual(["mkfifo: p: File exists\n", 1]);
    expect(b.sh("sh -c 'cat p > got & echo through the fifo > p; wait'; cat got").out).toBe("through the fifo\n");
    expect(b.sh("rm p p2 got; echo $?").out).toBe("0\n");
    expect(b.sh("chmod 999 a").status).toBe(2); // a bad mode is a usage error before any call
  });
  it("df, free and sync: the kernel's own figures (statfs64, /proc/meminfo) and calls", () => {
    // tmpfs's limit (64 MiB by default) and the blocks its files hold; /proc has no blocks, so df leaves it out (GNU)
    expect(b.sh("df").out).toMatch(/^Filesystem +1K-blocks +Used +Available +Use% +Mounted on\ntmpfs +65536 +\d+ +\d+ +\d+% \/\n$/);
    expect(b.sh("df -h /tmp").out).toMatch(/^Filesystem +Size +Used +Avail +Use% +Mounted on\ntmpfs +64M +[\d.]+[KM] +[\d.]+M +\d+% \/\n$/);
    const before = Number(/tmpfs +\d+ +(\d+)/.exec(b.sh("df /tmp").out)![1]);
    b.sh("dd if=/dev/zero of=big bs=1024 count=400 2>/dev/null");
    expect(Number(/tmpfs +\d+ +(\d+)/.exec(b.sh("df /tmp").out)![1]) - before).toBe(400); // 100 blocks of 4 KiB
    b.sh("rm big");
    // the machine's memory limit (256 MiB by default); no swap, buffers or cache
    const free = b.sh("free").out.split("\n");
    expect(free[0]).toMatch(/^ +total +used +free +shared +buff\/cache +available$/);
    expect(free[1]).toMatch(/^Mem: +262144 +\d+ +\d+ +0 +0 +\d+$/);
    expect(free[2]).toMatch(/^Swap: +0 +0 +0$/);
    expect(b.sh("grep -c kB /proc/meminfo; sed -n 1p /proc/mounts").out).toBe("7\ntmpfs / tmpfs rw 0 0\n");
    expect(b.sh("sync; echo $?").out).toBe("0\n"); // nothing is cached inside the machine
    expect(b.sh("sync a; echo $?").out).toBe("0\n"); // fsync of one file
  });
  it("uptime counts virtual time since boot and the login shells", () => {
    expect(b.sh("uptime").out).toMatch(/^ \d\d:\d\d:\d\d up 0 min, {2}1 user, {2}load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
    b.sh("sleep 40");
    b.sh("sleep 40");
    expect(b.sh("uptime").out).toMatch(/ up 1 min, {2}1 user, {2}load average: 0\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/); // 80 s mostly asleep: the 1-minute load is under 1
    expect(b.sh("cat /proc/uptime").out).toMatch(/^8\d\.\d\d 0\.00\n$/);
  });
  it("du adds up the blocks stat reports (the box: one 512-byte block per started 512 bytes)", () => {
    b.sh("mkdir -p du/d; echo hi > du/one; seq 1 400 > du/d/big"); // 3 bytes: 1 block; 1492 bytes: 3 blocks
    expect(b.sh("stat -c '%s %b' du/one du/d/big").out).toBe("3 1\n1492 3\n");
    expect(b.sh("du du | sort").out).toBe("2\tdu\n2\tdu/d\n"); // 4 blocks = 2 KiB; d alone 1.5 → 2
    expect(b.sh("du -a du | sort; du -s du; du -sh du/d; du -c du/one du/d").out).toBe(
      // the total adds blocks, then rounds: 1 + 3 blocks = 2 KiB, not 1 + 2
      "1\tdu/one\n2\tdu\n2\tdu/d\n2\tdu/d/big\n2\tdu\n1.5K\tdu/d\n1\tdu/one\n2\tdu/d\n2\ttotal\n",
    );
    expect(b.sh("du nosuch").out).toBe("du: nosuch: No such file or directory\n");
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

describe("chmod, ln and readlink in the box do what GNU's do", () => {
  it("the side-effect script without its mkfifo lines prints what GNU's tools print on the host", () => {
    // (without the mkfifo lines, and the rmdir -p line: it runs ls on a missing name, where GNU's ls exits 2 and the box's 1)
    const lines = SIDE.split("\n").filter((l) => l !== "" && !l.includes("mkfifo") && !l.includes("ls -d"));
    expect(lines.some((l) => l.startsWith("ln -s"))).toBe(true);
    b.sh("mkdir /tmp/side; cd /tmp/side");
    let ours = "";
    for (const l of lines) ours += b.sh(`{ ${l}; } 2>/dev/null`).out;
    b.sh("cd /tmp/t");
    const root = mkdtempSync(join(tmpdir(), "cryobox-side-box-"));
    try {
      const r = spawnSync("sh", ["-c", lines.join("\n")], { cwd: root, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
      expect(ours).toContain("symbolic link\n");
      expect(ours).toContain("4755 -rwsr-xr-x\n");
      expect(ours).toBe(r.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("ls -l shows a link's type; readlink and stat -L follow what ln made", () => {
    expect(b.sh("echo hi > lt; ln -s lt ls1; ln lt lh; ls -l ls1 | cut -c1; stat -c '%h %F' lt lh; stat -L -c %F ls1; cat ls1; readlink ls1").out).toBe(
      "l\n2 regular file\n2 regular file\nregular file\nhi\nlt\n",
    );
    // ls -l names the target as GNU's does; a loop is reported with Linux's words (libc strerror)
    expect(b.sh("ls -l ls1 | sed 's/.*:[0-9][0-9] //'; ln -s loop loop; cat loop; ls -l loop | sed 's/.*:[0-9][0-9] //'").out).toBe(
      "ls1 -> lt\ncat: loop: Too many levels of symbolic links\nloop -> loop\n",
    );
    expect(b.sh("rm ls1 lh lt loop; echo $?").out).toBe("0\n");
  });
});

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
describe.skipIf(!has("qemu-riscv32") || !has("free") || !has("df"))("du, df, uptime and free under qemu-riscv32 (Linux's calls) against GNU and procps", () => {
  const q = (args: string, cwd: string) => spawnSync("sh", ["-c", args], { cwd, encoding: "utf8", env: { ...process.env, LC_ALL: "C", RV: BIN } }).stdout;
  it("du prints GNU's numbers for a tree on the host", () => {
    const d = mkdtempSync(join(tmpdir(), "cryobox-du-"));
    try {
      mkdirSync(join(d, "t/sub/deep"), { recursive: true });
      writeFileSync(join(d, "t/a"), "x".repeat(5000));
      writeFileSync(join(d, "t/sub/b"), "y".repeat(100));
      writeFileSync(join(d, "t/sub/deep/c"), "");
      writeFileSync(join(d, "t/big"), "z".repeat(3 << 20));
      for (const args of ["t", "-s t", "-sh t", "-a t", "-c t t/a", "-k t/big", "-h t/big t/a t/sub/deep/c"]) {
        const ours = q(`qemu-riscv32 $RV/du ${args} | sort -k2`, d);
        expect(ours, `du ${args}`).toBe(q(`du ${args} | sort -k2`, d));
        expect(ours).not.toBe("");
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
  it("df names the file system and mount point GNU names; uptime and free have procps's shape", () => {
    const cols = (t: string) => t.split("\n").map((l) => l.split(/ +/).filter((_, i, a) => i === 0 || i === a.length - 1).join(" "));
    expect(cols(q("qemu-riscv32 $RV/df / .", "/tmp"))).toEqual(cols(q("df / .", "/tmp")));
    expect(q("qemu-riscv32 $RV/df -h /", "/tmp")).toMatch(/^Filesystem +Size +Used +Avail Use% Mounted on\n\S+ +[\d.]+[KMGT]? +[\d.]+[KMGT]? +[\d.]+[KMGT]? +\d+% \/\n$/);
    expect(q("qemu-riscv32 $RV/uptime", "/tmp")).toMatch(/^ \d\d:\d\d:\d\d up .*, +\d+ users?, {2}load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
    const free = q("qemu-riscv32 $RV/free", "/tmp").split("\n");
    expect(free[0]).toBe(q("free", "/tmp").split("\n")[0]);
    expect(free[1]).toMatch(/^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/);
    expect(free[1]!.split(/ +/)[1]).toBe(q("free", "/tmp").split("\n")[1]!.split(/ +/)[1]); // the same total
  });
});
if (!has("qemu-riscv32")) console.warn("tools-posix.test.ts: qemu-riscv32 missing, the chmod/ln/mkfifo side-effect and du/df cases are skipped");
else if (!has("free") || !has("df")) console.warn("tools-posix.test.ts: no free or df on the host (procps, coreutils), the du/df/uptime/free case is skipped");
