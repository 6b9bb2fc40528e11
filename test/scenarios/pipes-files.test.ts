// SCENARIOS.md 1, 2, 4 (kind W): pipes with bytes in flight and tmpfs files
// with open offsets, across a whole-system checkpoint restored into a new Machine.
import { describe, expect, it } from "vitest";
import { SECOND, bootToPrompt, breakMachine, expectSameFuture, fileText, procs, seqText, view } from "./helpers.js";

describe("SCENARIOS W: pipes and files", () => {
  it("1: writer blocked on a full pipe, reader asleep → every byte in order, the writer finishes", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type('seq 1 3000 | sh -c "sleep 1; cat" > /tmp/out\n');
    s.m.run(SECOND / 2);
    // the state the scenario asks for: seq blocked on a full pipe, the reader in sleep
    const v = view(s.m);
    const seqP = procs(s.m, "seq");
    expect(seqP).toHaveLength(1);
    expect(seqP[0]!.state).toBe("sleeping");
    expect(procs(s.m, "sleep")[0]?.state).toBe("sleeping");
    const pipe = v.pipes.find((p) => p.id === seqP[0]!.fds.find((f) => f.fd === 1)!.pipe);
    expect(pipe?.buffered).toBe(4096);
    expect(fileText(s.m, "/tmp/out")).toBe("");

    const t = breakMachine(s.m);
    for (const x of [...t.a, ...t.b]) x.expect("$ ", 10 * SECOND);
    expect(fileText(t.b[0]!.m, "/tmp/out")).toBe(seqText(3000)); // none lost, none duplicated, in order
    expect(procs(t.b[0]!.m, "seq")).toHaveLength(0); // the writer finished
    expectSameFuture(t);
  });

  it("2: a three-stage pipeline with bytes buffered in both pipes → same final output as an uninterrupted run", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.type('seq 1 4000 | sh -c "sleep 1; grep 7" | sh -c "sleep 2; cat" > /tmp/out; wc -l /tmp/out\n');
    s.m.run(SECOND + SECOND / 2);
    const v = view(s.m);
    const busy = v.pipes.filter((p) => p.buffered > 0);
    expect(busy).toHaveLength(2); // bytes in flight in both pipes
    expect(fileText(s.m, "/tmp/out")).toBe("");

    const t = breakMachine(s.m);
    const want = seqText(4000)
      .split("\n")
      .filter((l) => l.includes("7"))
      .map((l) => l + "\n")
      .join("");
    for (const x of [...t.a, ...t.b]) expect(x.expect("$ ", 10 * SECOND)).toContain(`${want.split("\n").length - 1} /tmp/out`);
    expect(fileText(t.b[0]!.m, "/tmp/out")).toBe(want);
    expect(fileText(t.a[0]!.m, "/tmp/out")).toBe(want);
    expectSameFuture(t);
  });

  it("4: files in /tmp, offsets of open files, O_APPEND → back byte for byte; appends land at the end", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("echo first line > /tmp/r; echo second line >> /tmp/r");
    s.command("exec 4< /tmp/r 5>> /tmp/log 6> /tmp/w");
    s.command("read -r x 0>&4; echo got $x");
    s.command("echo a >&5");
    s.command("echo XY >&6");
    const before = view(s.m).procs.find((p) => p.command.includes("sh") && p.fds.some((f) => f.fd === 5))!;
    const fd = (n: number) => before.fds.find((f) => f.fd === n)!;
    expect(fd(4).offset).toBe("first line\n".length);
    expect(fd(5).flags).toContain("O_APPEND");
    expect(fd(6).offset).toBe(3);

    const t = breakMachine(s.m);
    const b = t.b[0]!;
    expect(fileText(b.m, "/tmp/r")).toBe("first line\nsecond line\n");
    expect(fileText(b.m, "/tmp/w")).toBe("XY\n");
    const after = view(b.m).procs.find((p) => p.pid === before.pid)!;
    expect(after.fds).toEqual(before.fds);
    for (const x of [t.a[0]!, b]) {
      expect(x.command("read -r y 0>&4; echo got $y")).toContain("got second line\r\n");
      x.command("echo c >> /tmp/log"); // another writer appends meanwhile
      x.command("echo b >&5"); // O_APPEND: lands after c, not over it
      x.command("echo 0123456789 >> /tmp/w");
      x.command("echo Z >&6"); // no O_APPEND: at its own offset 3
    }
    expect(fileText(b.m, "/tmp/log")).toBe("a\nc\nb\n");
    expect(fileText(b.m, "/tmp/w")).toBe("XY\nZ\n23456789\n");
    expectSameFuture(t);
  });

  it("6 (W form): a tmpfs file unlinked while open → its contents, size and offset come back", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("seq 1 500 > /tmp/gone; exec 7< /tmp/gone; read -r first 0>&7; rm /tmp/gone");
    expect(fileText(s.m, "/tmp/gone")).toBeNull();
    const sh = view(s.m).procs.find((p) => p.fds.some((f) => f.fd === 7))!;
    expect(sh.fds.find((f) => f.fd === 7)!.offset).toBe(2);
    const t = breakMachine(s.m);
    expect(view(t.b[0]!.m).procs.find((p) => p.pid === sh.pid)!.fds.find((f) => f.fd === 7)).toEqual(sh.fds.find((f) => f.fd === 7));
    for (const x of [t.a[0]!, t.b[0]!]) {
      expect(x.command("cat 0>&7 | wc -c")).toMatch(new RegExp(`\\b${seqText(500).length - 2}\\r\\n`));
    }
    expectSameFuture(t);
  });
});
