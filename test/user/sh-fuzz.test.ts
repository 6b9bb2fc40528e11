// Robustness of the shell's lexer, parser and expander: any `sh -c TEXT` built from shell
// punctuation ends normally (no crash signal, no endless loop) under `cryobox run` (the full
// kernel: commands fork; without a /bin they end with 127, not found, which keeps each run short).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runGuest } from "./helpers.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const piece = fc.constantFrom(
  " ", "a", "b=", "$", "$?", "${", "}", "'", '"', "\\", "|", "||", "&", "&&", ";", "\n", "<", ">", ">>",
  "2>&1", "2>", "#", "*", "?", "~", "cd", "export", "exit", "pwd", "jobs", "fg", "kill", "%1", "-",
  // compound commands (no while/until: `while :; do :; done` legitimately runs for ever)
  "for ", "i", " in ", "do ", "done", "if ", "then ", "elif ", "else ", "fi", "break", "continue",
);

describe("sh -c on random input", () => {
  it("never crashes and always terminates", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const script = parts.join("");
        const r = runGuest("sh", ["-c", script], "", 20_000_000);
        // 124: did not terminate. A crash is a fault signal; `kill` may legitimately signal the shell's own group.
        const crash = [4, 5, 6, 7, 8, 11].map((n) => 128 + n);
        expect(r.status === 124 || crash.includes(r.status), `${JSON.stringify(script)}: status ${r.status}: ${r.stderr}`).toBe(false);
        expect(r.stderr).not.toMatch(/killed by SIG(ILL|TRAP|ABRT|BUS|FPE|SEGV)/);
      }),
      { numRuns: LONG ? 2000 : 60 },
    );
  });

  it("inputs beyond the limits are refused with a message, inside them they work", () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    expect(runGuest("sh", ["-c", `pwd ${words(250)}; exit 7`]).status).toBe(7);
    const tooMany = runGuest("sh", ["-c", `pwd ${words(300)}; exit 7`]);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain("sh: syntax error near word (too many words in a command)");
    const pipes = runGuest("sh", ["-c", Array.from({ length: 40 }, () => "pwd").join(" | ")]);
    expect(pipes.status).toBe(2);
    expect(pipes.stderr).toContain("too many commands in a pipeline");
    const lists = Array.from({ length: 30 }, () => "cd /").join(" && ");
    expect(runGuest("sh", ["-c", `${lists}; exit 5`]).status).toBe(5);
    const stmts = Array.from({ length: 500 }, () => "cd /").join("; ");
    expect(runGuest("sh", ["-c", `${stmts}; exit 6`]).status).toBe(6);
  });
});
