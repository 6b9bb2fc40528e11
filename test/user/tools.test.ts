// The single-process tools run in-process under `cryobox run` (no external tools needed) and are
// checked against small JavaScript models, with fast-check generating the inputs.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runGuest } from "./helpers.js";

const line = fc.stringMatching(/^[a-z .^$*]{0,12}$/);
const lines = fc.array(line, { maxLength: 12 });
const toText = (ls: string[]): string => ls.map((l) => `${l}\n`).join("");

/** The grep subset as a model: ^ $ . * over a fixed alphabet, via a JS RegExp. */
function grepModel(pat: string): RegExp {
  let src = "";
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === "^" && i === 0) src += "^";
    else if (c === "$" && i === pat.length - 1) src += "$";
    else if (c === ".") src += ".";
    else if (c === "*" && i > 0 && src.length > 0 && !(i === 1 && pat[0] === "^")) src += "*";
    else src += c.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  }
  return new RegExp(src);
}

describe("echo", () => {
  it("prints arguments separated by spaces; -n drops the newline; -e interprets escapes", () => {
    expect(runGuest("echo", ["a", "b c", ""]).stdout).toBe("a b c \n");
    expect(runGuest("echo", ["-n", "x"]).stdout).toBe("x");
    expect(runGuest("echo", ["-e", "1\\t2\\n3\\c", "gone"]).stdout).toBe("1\t2\n3");
    expect(runGuest("echo", ["--", "-x"]).stdout).toBe("-- -x\n");
  });
});

describe("wc", () => {
  it("counts lines, words and bytes like the model", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const bytes = new TextEncoder().encode(s).length;
        const words = s.split(/[ \t\n\v\f\r]+/).filter((w) => w.length > 0).length;
        const nl = s.split("\n").length - 1;
        const r = runGuest("wc", [], s);
        expect(r.status).toBe(0);
        expect(r.stdout.trim().split(/\s+/).map(Number)).toEqual([nl, words, bytes]);
        expect(runGuest("wc", ["-l"], s).stdout.trim()).toBe(String(nl));
      }),
      { numRuns: 25 },
    );
  });
});

describe("cat", () => {
  it("copies stdin to stdout unchanged", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), (s) => {
        expect(runGuest("cat", [], s).stdout).toBe(s);
      }),
      { numRuns: 15 },
    );
  });
  it("names a missing file and fails", () => {
    const r = runGuest("cat", ["/no/such"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cat: /no/such: No such file or directory");
  });
});

describe("head and tail", () => {
  it("head -n N and tail -n N take the first and last N lines", () => {
    fc.assert(
      fc.property(lines, fc.nat(15), (ls, n) => {
        const input = toText(ls);
        expect(runGuest("head", ["-n", String(n)], input).stdout).toBe(toText(ls.slice(0, n)));
        expect(runGuest("tail", [`-${n}`], input).stdout).toBe(toText(n === 0 ? [] : ls.slice(-n)));
      }),
      { numRuns: 20 },
    );
  });
});

describe("grep", () => {
  it("selects the lines the ^ $ . * model selects; -v and -c agree", () => {
    fc.assert(
      fc.property(lines, fc.stringMatching(/^\^?[a-c.]{0,2}\*?[a-c]?\$?$/), (ls, pat) => {
        const re = grepModel(pat);
        const want = ls.filter((l) => re.test(l));
        const r = runGuest("grep", [pat], toText(ls));
        expect(r.stdout).toBe(toText(want));
        expect(r.status).toBe(want.length > 0 ? 0 : 1);
        expect(runGuest("grep", ["-v", pat], toText(ls)).stdout).toBe(toText(ls.filter((l) => !re.test(l))));
        expect(runGuest("grep", ["-c", pat], toText(ls)).stdout).toBe(`${want.length}\n`);
      }),
      { numRuns: 25 },
    );
  });
  it("-n numbers lines", () => {
    expect(runGuest("grep", ["-n", "b"], "a\nb\nab\n").stdout).toBe("2:b\n3:ab\n");
  });
});

describe("primes", () => {
  it("prints exactly the primes up to the limit", () => {
    const want: number[] = [];
    for (let n = 2; n <= 2000; n++) if (want.every((p) => p * p > n || n % p !== 0)) want.push(n);
    const r = runGuest("primes", ["2000"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(want.map((p) => `${p}\n`).join(""));
  });
});

describe("true, false, yes", () => {
  it("exit statuses and yes output", () => {
    expect(runGuest("true", []).status).toBe(0);
    expect(runGuest("false", []).status).toBe(1);
    const y = runGuest("yes", ["hi"], "", 150_000);
    expect(y.status).toBe(124); // stopped by --max-instructions: it runs forever
    expect(y.stdout.split("\n").slice(0, 3)).toEqual(["hi", "hi", "hi"]);
  });
});

describe("sort, uniq, seq", () => {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  it("sort orders bytewise, -r reverses, -u drops duplicates; uniq -c counts runs", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c0-9 ]{0,4}$/), { maxLength: 15 }), (ls) => {
        const sorted = [...ls].sort(cmp);
        expect(runGuest("sort", [], toText(ls)).stdout).toBe(toText(sorted));
        expect(runGuest("sort", ["-r"], toText(ls)).stdout).toBe(toText([...sorted].reverse()));
        expect(runGuest("sort", ["-u"], toText(ls)).stdout).toBe(toText(sorted.filter((l, i) => i === 0 || l !== sorted[i - 1])));
        const runs: [string, number][] = [];
        for (const l of ls) {
          const last = runs[runs.length - 1];
          if (last && last[0] === l) last[1]++;
          else runs.push([l, 1]);
        }
        expect(runGuest("uniq", ["-c"], toText(ls)).stdout).toBe(runs.map(([l, n]) => `${String(n).padStart(7)} ${l}\n`).join(""));
      }),
      { numRuns: 20 },
    );
  });
  it("sort -n orders by leading number", () => {
    expect(runGuest("sort", ["-n"], "10\n9\n-3\n100\n").stdout).toBe("-3\n9\n10\n100\n");
  });
  it("seq counts up and down", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -5, max: 5 }).filter((s) => s !== 0), fc.integer({ min: -20, max: 20 }), (a, s, b) => {
        const want: number[] = [];
        for (let v = a; s > 0 ? v <= b : v >= b; v += s) want.push(v);
        expect(runGuest("seq", [String(a), String(s), String(b)]).stdout).toBe(want.map((v) => `${v}\n`).join(""));
      }),
      { numRuns: 20 },
    );
  });
});

describe("uname and date", () => {
  it("print the system name and a UTC date", () => {
    expect(runGuest("uname", ["-s"]).stdout).toMatch(/^\S+\n$/);
    expect(runGuest("uname", ["-a"]).stdout.split(" ").length).toBeGreaterThanOrEqual(5);
    expect(runGuest("date", []).stdout).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
    expect(runGuest("date", ["+%s"]).stdout).toMatch(/^\d+\n$/);
  });
});

describe("test and [", () => {
  const t = (...args: string[]) => runGuest("test", args).status;
  it("evaluate strings, numbers, files and connectives", () => {
    expect(t("abc", "=", "abc")).toBe(0);
    expect(t("abc", "!=", "abc")).toBe(1);
    expect(t("-n", "")).toBe(1);
    expect(t("-z", "")).toBe(0);
    expect(t("!", "-z", "")).toBe(1);
    expect(t("x")).toBe(0);
    expect(t()).toBe(1);
    expect(t("1", "-eq", "2", "-o", "a", "=", "a")).toBe(0);
    expect(t("1", "-eq", "1", "-a", "a", "=", "b")).toBe(1);
    expect(t("1", "-lt")).toBe(2);
    expect(runGuest("[", ["1", "-lt", "2", "]"]).status).toBe(0);
    expect(runGuest("[", ["1", "-lt", "2"]).status).toBe(2);
  });
  it("compares numbers like the model", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (a, b) => {
        const ops: [string, boolean][] = [["-eq", a === b], ["-ne", a !== b], ["-lt", a < b], ["-le", a <= b], ["-gt", a > b], ["-ge", a >= b]];
        for (const [op, want] of ops) expect(t(String(a), op, String(b))).toBe(want ? 0 : 1);
      }),
      { numRuns: 10 },
    );
  });
});
