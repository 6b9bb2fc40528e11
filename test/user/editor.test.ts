// vi inside a booted box, driven like a person at the keyboard: it runs in raw mode (keys arrive
// one by one, no echo by the terminal), and a checkpoint taken in the middle of an edit — in
// insert mode, text half typed — restores into a new Machine where typing carries on and `:wq`
// writes the whole text. The original and the copy type the same keys and end identical.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { Session, breakMachine, expectSameFuture } from "../scenarios/helpers.js";

const ESC = "\x1b";

function boot(files: Record<string, string> = {}): Session {
  const enc = new TextEncoder();
  const m = Machine.boot({ ttys: 1, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, enc.encode(v)])) });
  const s = new Session(m, 0, 0);
  s.expect("$ ");
  return s;
}

/** A file's text as the guest's cat prints it (read inside the box, between two markers). */
export function guestFile(s: Session, path: string): string {
  s.type(`echo BE""GIN; cat ${path}; echo EN""D\n`);
  s.expect("BEGIN\r\n");
  const text = s.expect("END\r\n").slice(0, -"END\r\n".length).replace(/\r\n/g, "\n");
  s.expect("$ ");
  return text;
}

/** Type keys into vi and let it redraw (it is idle again once the keys are consumed). */
function keys(s: Session, text: string): void {
  s.type(text);
  s.m.runUntil(() => false, 30_000_000);
}

describe("vi", () => {
  it("inserts, moves, deletes, searches and writes", () => {
    const s = boot({ "/tmp/f": "alpha\nbeta\ngamma\n" });
    s.type("vi /tmp/f\n");
    s.expect('"/tmp/f" 3L, 17B');
    keys(s, "jx"); // beta -> eta
    keys(s, "ddu"); // dd deletes eta; u is not a command here (no-op)
    keys(s, "Ofirst line" + ESC); // a line above gamma
    keys(s, "/mm\r" + "x"); // cursor to "mm" of gamma: ga_ma
    keys(s, "G" + "A!" + ESC + "gg");
    keys(s, "1G" + "\x1b[C" + "\x1b[C" + "iX" + ESC); // arrows right twice, insert X: alXpha
    keys(s, ":wq\r");
    s.expect("$ ");
    expect(guestFile(s, "/tmp/f")).toBe("alXpha\nfirst line\ngama!\n");
  });

  it(":q refuses to drop changes, :q! does; the terminal is cooked again afterwards", () => {
    const s = boot({ "/tmp/g": "keep\n" });
    s.type("vi /tmp/g\n");
    s.expect('"/tmp/g"');
    keys(s, "dd:q\r");
    expect(s.pending()).toContain("No write since last change");
    keys(s, ":q!\r");
    s.expect("$ ");
    expect(guestFile(s, "/tmp/g")).toBe("keep\n");
    expect(s.command("stty -a | grep -c ' icanon '").replace(/\r\n/g, "\n")).toContain("\n1\n");
  });

  it("a checkpoint mid-edit restores: typing carries on and :wq writes it all, the same on both", () => {
    const s = boot();
    s.type("vi /tmp/script.sh\n");
    s.expect("[New File]");
    keys(s, "iecho one\recho tw");
    const t = breakMachine(s.m);
    for (const side of [t.a[0]!, t.b[0]!]) {
      keys(side, "o\recho three" + ESC); // still in insert mode at the checkpoint: "o" ends "two"
      side.type(":wq\n");
      side.expect("$ ");
      side.type("sh /tmp/script.sh\n");
      side.expect("three");
    }
    expectSameFuture(t);
    expect(guestFile(t.b[0]!, "/tmp/script.sh")).toBe("echo one\necho two\necho three\n");
  });
});

describe("more", () => {
  it("pages a file a screen at a time from the terminal's keys; q quits; a pipe is copied", () => {
    const text = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const s = boot({ "/tmp/long": text });
    s.type("more /tmp/long\n");
    const first = s.expect("--More--(");
    expect(first).toContain("line 23\r\n");
    expect(first).not.toContain("line 24");
    s.type(" ");
    expect(s.expect("--More--(")).toContain("line 46\r\n");
    s.type("\r");
    const one = s.expect("--More--(");
    expect(one).toContain("line 47\r\n");
    expect(one).not.toContain("line 48");
    s.type("q");
    s.expect("$ ");
    s.type("more /tmp/long | wc -l\n");
    expect(s.expect("$ ")).toContain("\r\n60\r\n");
  });
});

