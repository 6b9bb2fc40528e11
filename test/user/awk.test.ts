// awk (user/src/awk/): programs run in a booted box and by the host's awk (mawk or gawk, C locale)
// on the same files must print the same, with the same status; a fast-check property checks field
// splitting and arithmetic against a JavaScript model under `cryobox run`; malformed programs give
// one line and status 2.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Box, box } from "./box.js";
import { has, runGuest } from "./helpers.js";

const FILES: Record<string, string> = {
  "/tmp/t/people": "alice 30 paris\nbob 25 london\ncarol 35 paris\ndave 40 rome\n",
  "/tmp/t/colon": "a:b:c\n1:2:3\n\nx::z\n",
  "/tmp/t/para": "first para\nline two\n\n\nsecond para\n\nthird\n",
  "/tmp/t/nums": "3\n-1.5\n10\n2e2\n007\nabc\n",
};

/** Programs (shell-quoted command lines after `awk`) run in the box and on the host. */
const CASES: string[] = [
  "'{ print $1 }' people",
  "'{ print $2, $1 }' people",
  "'$2 > 28' people",
  "'/paris/ { n++ } END { print n }' people",
  "'{ s += $2 } END { print s, s / NR }' people",
  "-F: '{ print $2, NF }' colon",
  "-F '' '{ print NF }' colon 2>/dev/null || true",
  "'BEGIN { print 1 + 2, 7 / 2, 2 ^ 10, 10 % 3, -3, -2 ^ 2, 2 ^ 3 ^ 2 }'",
  "'{ a[$3] += $2 } END { for (k in a) print k, a[k] | \"sort\" }' people",
  "'BEGIN { x = \"abc\"; print length(x), substr(x, 2), substr(x, 2, 1), index(x, \"c\"), toupper(x), tolower(\"ABC\") }'",
  "'BEGIN { print substr(\"hello\", 0), substr(\"hello\", 2, 100), substr(\"hello\", 3) }'",
  "'{ gsub(/a/, \"A\"); print }' people",
  "'{ sub(/[0-9]+/, \"<&>\"); print }' people",
  "'{ n = gsub(/[aeiou]/, \"\\\\&\"); print n, $0 }' people",
  "'BEGIN { s = \"aaa\"; print gsub(/x*/, \"-\", s), s }'",
  "'BEGIN { n = split(\"a,b,,c\", arr, \",\"); print n, arr[1], arr[3], arr[4]; print split(\"  x  y \", w), w[2] }'",
  "'BEGIN { n = split(\"a1b22c333d\", p, /[0-9]+/); print n, p[1] p[2] p[3] p[4] }'",
  "'BEGIN { printf \"%5.2f|%-5s|%03d|%x|%o|%c|%c|%e|%G|%%\\n\", 3.14159, \"ab\", 7, 255, 8, 65, \"hi\", 12345.678, 0.00001 }'",
  "'BEGIN { printf \"%*d|%-*s|%.3s\\n\", 5, 42, 4, \"x\", \"abcdef\" }'",
  "'NR == 2, NR == 3' people",
  "'/bob/, /carol/ { print NR }' people",
  "'{ $2 = $2 * 2; print }' people",
  "'{ NF = 2; print; print NF }' people",
  "'BEGIN { OFS = \"-\" } { $1 = $1; print }' people",
  "'{ $5 = \"new\"; print; print NF }' people",
  "'function f(x) { return x * 2 } function g(a, k) { for (k in a) n++; return n } { print f($2); b[$1] } END { print g(b) }' people",
  "'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { print fact(10) }'",
  "'function fill(arr) { arr[\"x\"] = 1 } BEGIN { fill(z); print length(z), z[\"x\"] }'",
  "'BEGIN { while (i < 5) { i++; if (i == 2) continue; if (i == 4) break; print i }; do j++; while (j < 5); print j; for (k = 0; k < 3; k++) s = s k; print s }'",
  "'BEGIN { print match(\"foobar\", /o+b/), RSTART, RLENGTH; print match(\"x\", /y/), RSTART, RLENGTH }'",
  "'{ print $NF, $(NF - 1), $(1 + 1) }' people",
  "'BEGIN { print 1 == 1.0, \"a\" < \"b\", \"10\" < \"9\", 10 < 9, \"abc\" ~ /b/, \"abc\" ~ \"^b\" }'",
  "'$1 < 5' nums",
  "'{ print ($1 > 5) }' nums",
  "'{ print $1 + 0 }' nums",
  "'{ print ($2 < 30 ? \"young\" : \"old\") }' people",
  "'END { print NR, $0, NF }' people",
  "'!seen[$3]++' people",
  "-v x=5 -v 'y=a\\tb' 'BEGIN { print x + 1, y }'",
  "'{ print v, $1 }' v=1 people v=2 colon",
  "'BEGIN { \"echo hi\" | getline x; print x; while ((getline line < \"colon\") > 0) n++; print n }'",
  "'NR == 1 { getline; print \"after getline:\", $0, NR } NR == 3 { getline v; print v, $0, NR }' people",
  "'BEGIN { x[\"a\"]; x[\"b\"] = 1; delete x[\"a\"]; for (k in x) print k; if (!(\"a\" in x)) print \"gone\"; delete x; for (k in x) print \"left\", k }'",
  "'BEGIN { a[1, 2] = 3; for (k in a) { split(k, p, SUBSEP); print p[1], p[2] }; if ((1, 2) in a) print \"in\" }'",
  "'BEGIN { printf \"%d %s %d\\n\", \"3abc\", 1e6, -7.9; print 1e6, 0.1 + 0.2, 1 / 3, 123456789 }'",
  "'BEGIN { CONVFMT = \"%.2f\"; x = 3.14159; y = x \"\"; print y; OFMT = \"%.1f\"; print x, 17 }'",
  "'BEGIN { RS = \"\" } { print NR \": \" $1 \" (\" NF \")\" }' para",
  "'BEGIN { RS = \":\" } { print NR, $0 }' colon",
  "'{ print; next; print \"no\" }' colon",
  "'BEGIN { exit 3 } END { print \"end runs\" }'",
  "'{ exit } END { print NR }' people",
  "'NR == 2 { exit 4 }' people",
  "'BEGIN { if (u == 0 && u == \"\") print \"uninit\"; print length(u) }'",
  "'/^$/ { print \"empty at\", NR }' colon",
  "'{ for (i = NF; i > 0; i--) printf \"%s%s\", $i, (i > 1 ? OFS : ORS) }' people",
  "'{ print > \"out.txt\" } END { close(\"out.txt\"); while ((getline l < \"out.txt\") > 0) print \"read\", l }' colon",
  "'BEGIN { print \"x\" > \"o2\"; print \"y\" >> \"o2\"; close(\"o2\"); system(\"cat o2\") }'",
  "'BEGIN { print length(\"\"), length(12345), index(\"\", \"a\"), int(-3.7), int(\"4x\") }'",
  "'{ print FILENAME, FNR, NR }' colon people",
  "'BEGIN { s = \"The Quick\"; gsub(/[A-Z]/, \"(&)\", s); print s; t = \"a.b.c\"; gsub(\".\", \"-\", t); print t; u = \"a.b\"; gsub(/\\./, \"+\", u); print u }'",
  "'BEGIN { print (\"ab\" ~ /^(a|b)+$/), (\"abc\" ~ /^a.c$/), (\"x\" ~ /[[:alpha:]]/), (\"5\" ~ /[^0-9]/) }'",
  "'BEGIN { printf \"%.4f %.4f %.4f %.4f %.4f %.4f %.4f\\n\", sqrt(2), sin(1), cos(1), atan2(1, 2), exp(1), log(10), 2 ^ 0.5 }'",
  "'BEGIN { do { n++ } while (i++ < 3); print n, i; while (j++ < 3) m++; print m, j }'",
  "'BEGIN { x = 1; x += 2; x *= 3; x -= 1; x /= 2; x %= 3; x ^= 2; print x; print x++ + ++x, x-- , x }'",
  "'BEGIN { $0 = \"a b c\"; print NF, $2; $3 = \"\"; print NF \"|\" $0 \"|\" }'",
];

let b: Box;
let hostDir = "";
const hostAwk = has("awk");
if (!hostAwk) console.warn("awk.test.ts: no awk on the host; the comparisons are skipped");

beforeAll(() => {
  b = box(FILES);
  hostDir = mkdtempSync(join(tmpdir(), "cryobox-awk-"));
  for (const [p, v] of Object.entries(FILES)) {
    const at = join(hostDir, p.slice("/tmp/t/".length));
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, v);
  }
  b.sh("cd /tmp/t");
});
afterAll(() => rmSync(hostDir, { recursive: true, force: true }));

describe.skipIf(!hostAwk)("awk in the box prints what the host's awk prints", () => {
  for (const args of CASES) {
    it(args, async () => {
      await new Promise((r) => setImmediate(r)); // the worker's RPC gets its turn on a loaded host
      const cmd = `awk ${args}; echo "[$?]"; rm -f out.txt o2`;
      const host = spawnSync("sh", ["-c", cmd], { cwd: hostDir, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
      const got = b.sh(cmd);
      expect(got.out).toBe(host.stdout);
    });
  }
});

describe("awk against a model", () => {
  it("fields by the default FS and their sum (fast-check)", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,5}$/);
    const blank = fc.constantFrom(" ", "  ", "\t", " \t ");
    const line = fc.tuple(fc.option(blank, { nil: "" }), fc.array(fc.tuple(word, blank), { maxLength: 5 }), fc.option(blank, { nil: "" }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = lines.map(([lead, ws, trail]) => lead + ws.map(([w, s]) => w + s).join("") + trail).join("\n") + "\n";
        const rows = text.split("\n").slice(0, -1).map((l) => l.split(/[ \t]+/).filter(Boolean));
        const raw = text.split("\n").slice(0, -1);
        // $NF with no fields is $0, the line itself
        const expected = rows.map((f, i) => `${f.length} ${f.length ? f[f.length - 1] : raw[i]} ${f.reduce((s, w) => s + (/^\d+$/.test(w) ? Number(w) : 0), 0)}\n`).join("");
        const r = runGuest("awk", ["{ s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print NF, $NF, s }"], text);
        expect(r.stdout).toBe(expected);
      }),
      { numRuns: 20 },
    );
  });
});

describe("awk's own cases (no portable host twin)", () => {
  it("POSIX intervals, cmd | getline counting NR, substr's rounding", () => {
    // mawk 1.3.4 (a common host awk) predates intervals and leaves NR alone after cmd | getline;
    // POSIX wants both, as gawk does
    expect(runGuest("awk", ['BEGIN { print ("aa" ~ /^a{2}$/), ("aaa" ~ /^a{2}$/), ("ab" ~ /^(ab){1,3}$/), ("abababab" ~ /^(ab){1,3}$/), ("x" ~ /^x{0,}$/) }']).stdout).toBe("1 0 1 0 1\n");
    expect(b.sh(`awk 'BEGIN { "echo a; echo b" | getline x; "echo a; echo b" | getline y; print x, y, NR }'`).out).toBe("a b 2\n"); // needs /bin/sh: in the box
    expect(runGuest("awk", ['BEGIN { print substr("hello", 1.5, 2.3), substr("hello", -1, 3) "|" }']).stdout).toBe("el h|\n");
  });
});

describe("awk with many array elements", () => {
  it("10,000 keys fit in runGuest's default budget of 200 M instructions (with libc's first-fit malloc alone it was quadratic: 16 G for 20,000)", () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `${i + 1}\n`).join("");
    const r = runGuest("awk", ["{ a[$1] = $1 } END { for (k in a) { n++; s += a[k] }; print n, s, length(a) }"], lines);
    expect(r.stdout).toBe("10000 50005000 10000\n");
    expect(r.status).toBe(0);
  });
});

describe("awk's errors", () => {
  it("a malformed program or regex is one line and status 2; a missing file is named", () => {
    for (const [prog, msg] of [
      ["{ print ", /^awk: syntax error at the end of the program\n$/],
      ["BEGIN { x = 1 +* 2 }", /^awk: syntax error at '\*' \(line 1\)\n$/],
      ["/a(/", /^awk: bad regular expression: \/a\(\/\n$/],
      ["BEGIN { print 1 / 0 }", /^awk: division by zero\n$/],
    ] as const) {
      const r = runGuest("awk", [prog], "");
      expect(r.stderr, prog).toMatch(msg);
      expect(r.status, prog).toBe(2);
    }
    const r = runGuest("awk", ["{ print }", "/nonexistent"], "");
    expect(r.stderr).toContain("awk: /nonexistent: cannot open");
    expect(r.status).toBe(2);
    expect(runGuest("awk", ["--help"]).stdout).toMatch(/^usage: awk /);
  });
});
