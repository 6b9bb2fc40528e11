// Forged states the kernel could never have built (issue #7, "accepted states
// the kernel later breaks" and "memory amplification"): each was restored
// before and then either raised a host exception in the machine's next
// checkpoint, or handed out pid 0, or made the host allocate far more than a
// real machine holds. Now each is refused with one line naming the field — or,
// for id counters at their limit, restored and carried on (the allocators wrap).

import { beforeAll, describe, expect, it } from "vitest";
import type { KernelState } from "../../kernel/state.js";
import { NPROC } from "../../kernel/param.js";
import { fileContents } from "../../kernel/file-blocks.js";
import { MAX_REALTIME_SECONDS } from "../../kernel/realtime.js";
import { cat, exitProc, forge, init, procs, refusal, sampleMachine, sh, sleeper, survives } from "./snapshot-forge.js";
import { noChan } from "../../kernel/wait-channel.js";

let good: Uint8Array;

beforeAll(() => {
  good = sampleMachine().checkpoint();
});

const refused: [string, (s: KernelState) => void, string][] = [
  ["a clock near 2^53", (s) => (s.clock = 2 ** 53 - 10), "$.clock"],
  ["an instruction count near 2^53", (s) => (sh(s).hart.instret = 2 ** 53 - 10), ".hart.instret"],
  ["a deadline near 2^53", (s) => (sleeper(s).deadline = 2 ** 53 - 10), ".deadline"],
  ["a wall clock beyond year 9999", (s) => (s.realtimeSeconds = 2 ** 50), "$.realtimeSeconds"],
  ["a wall clock just past the latest settable time", (s) => (s.realtimeSeconds = MAX_REALTIME_SECONDS + 1), "$.realtimeSeconds"],
  ["wall-clock ticks of a whole second", (s) => (s.realtimeTicks = 100_000_000), "$.realtimeTicks"],
  ["nextPid 0 (pid 0 would be handed out)", (s) => (s.nextPid = 0), "$.nextPid"],
  ["nextPid beyond the highest pid", (s) => (s.nextPid = 40_000), "$.nextPid"],
  ["a parent cycle through init", (s) => (init(s).ppid = sh(s).pid), "$.procs[1].ppid"],
  ["a parent cycle away from init", (s) => ((cat(s).ppid = sleeper(s).pid), (sleeper(s).ppid = cat(s).pid)), "cycle"],
  ["no init", (s) => {
    const i = init(s);
    exitProc(s, i);
    s.procs.delete(1);
    for (const p of procs(s)) if (p.ppid === 1) p.ppid = 0;
  }, "no init"],
  ["an exited init on a machine that has not panicked", (s) => exitProc(s, init(s)), "$.procs[1].state"],
  ["a zombie with live children", (s) => {
    exitProc(s, sleeper(s));
    cat(s).ppid = sleeper(s).pid;
  }, ".ppid"],
  ["a process other than init without a parent", (s) => (cat(s).ppid = 0), ".ppid"],
  ["an exited process still holding memory", (s) => {
    const z = sleeper(s);
    const mem = z.mem;
    exitProc(s, z);
    z.mem = mem;
  }, ".mem"],
  ["a page outside every region", (s) => sh(s).mem.pages.set(0xfff00, new Uint8Array(4096)), ".mem.pages"],
  ["a pid above the highest pid", (s) => {
    const c = cat(s);
    s.procs.delete(c.pid);
    s.runQueue = s.runQueue.map((q) => (q === c.pid ? 99_999 : q));
    c.pid = 99_999;
    s.procs.set(c.pid, c);
  }, ".pid"],
  ["a 5 MB terminal output queue", (s) => (s.ttys[1]!.ld.output = new Uint8Array(5 << 20)), ".ld.output"],
  ["a multi-MB argv string", (s) => (sh(s).argv = ["sh", "x".repeat(3 << 20)]), ".argv"],
  ["more arguments than exec takes", (s) => (sh(s).argv = Array.from({ length: 5000 }, () => "a")), ".argv"],
  ["a command name longer than exec keeps", (s) => (sh(s).comm = "c".repeat(100)), ".comm"],
  ["more line ends than a terminal's read queue holds", (s) => (s.ttys[1]!.ld.lineEnds = new Array(70_000).fill(0)), ".lineEnds"],
  ["thousands of terminals", (s) => (s.ttys = Array.from({ length: 1000 }, () => structuredClone(s.ttys[1]!))), "ttys"],
];

describe("states the kernel could not have built are refused, naming the field", () => {
  it("the unforged sample restores (the edits below are what is refused)", () => {
    expect(refusal(forge(good, () => {}))).toBe("(restored)");
  });
  for (const [name, edit, field] of refused) {
    it(name, () => {
      const msg = refusal(forge(good, (s, c) => {
        edit(s);
        c.ttys = s.ttys.length;
      }));
      expect(msg).toContain(field);
    });
  }
});

describe("more processes than NPROC are refused before they are built", () => {
  it("a process table larger than NPROC", () => {
    const bytes = forge(good, (s) => {
      const c = cat(s);
      for (let pid = 2000; pid < 2000 + NPROC; pid++) s.procs.set(pid, { ...structuredClone({ ...c, mem: { regions: [], pages: new Map() } }), pid, ppid: 1, state: "zombie", chan: noChan(), fds: c.fds.map(() => ({ file: -1, cloexec: false })) });
    });
    expect(refusal(bytes)).toMatch(/\$\.procs.*(exceeds|more than)/);
  });
});

describe("id counters at their limit wrap instead of breaking the next checkpoint", () => {
  const cases: [string, (s: KernelState) => void][] = [
    ["nextPipe at 2^32 − 1", (s) => (s.nextPipe = 2 ** 32 - 1)],
    ["nextIno at 2^32 − 1", (s) => (s.nextIno = 2 ** 32 - 1)],
    ["nextIno below inodes in use", (s) => (s.nextIno = 1)],
    ["nextPid at the highest pid", (s) => (s.nextPid = 32767)],
    ["nextFile at its highest", (s) => (s.nextFile = 0x7ffffffe)],
    ["a wall clock at the latest settable time", (s) => ((s.realtimeSeconds = MAX_REALTIME_SECONDS), (s.realtimeTicks = 99_999_999))],
  ];
  for (const [name, edit] of cases) {
    it(name, () => {
      const m = survives(forge(good, edit), "\n echo x | cat > /tmp/y; mkdir /tmp/d; echo z > /tmp/d/z; ls /tmp\n");
      const files = [...m.kernel.state.inodes.values()];
      // The new files and directory exist and nothing old was overwritten: /tmp/f still says "hi".
      expect(files.some((n) => n.type === "file" && new TextDecoder().decode(fileContents(n)) === "x\n")).toBe(true);
      expect(files.some((n) => n.type === "file" && new TextDecoder().decode(fileContents(n)) === "z\n")).toBe(true);
      expect(files.some((n) => n.type === "file" && new TextDecoder().decode(fileContents(n)) === "hi\n")).toBe(true);
    });
  }
});

describe("the wall clock cannot be set beyond what restore accepts", () => {
  it("setRealtime refuses a time after 9999 and accepts the last second of it", () => {
    const m = sampleMachine();
    expect(() => m.setRealtime((MAX_REALTIME_SECONDS + 1) * 1000)).toThrow(RangeError);
    m.setRealtime(MAX_REALTIME_SECONDS * 1000);
    expect(refusal(m.checkpoint())).toBe("(restored)");
  });
});
