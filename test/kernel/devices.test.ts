// The kernel's device glue driven by hand-made system calls: tape records,
// tape marks, rewind-on-close, MTIOCTOP/MTIOCGET, an unmounted drive; terminal
// reads through the line discipline, ^C to the foreground group, job control.

import { describe, expect, it } from "vitest";
import { MemoryReel, buildTapFile, reelIdentity } from "../../devices/tape/index.js";
import { CONFIG, bootKtest, call, park, prepareForCalls, SCRATCH, text } from "./helpers.js";
import { Kernel, KernelState } from "../../kernel/kernel.js";
import { clone } from "../../state/index.js";
import type { ProcState } from "../../kernel/state.js";

const enc = (s: string) => new TextEncoder().encode(s);

function idleInit(): { k: Kernel; p: ProcState } {
  const k = bootKtest();
  k.run(20_000_000_000);
  const p = k.state.procs.get(1)!;
  prepareForCalls(k, p);
  return { k, p };
}

function readBack(k: Kernel, p: ProcState, fd: number, n: number): string | number {
  const r = call(k, p, 63, fd, SCRATCH, n);
  if (typeof r !== "number" || r < 0) return r as number;
  return text(k.mem(p).copyIn(SCRATCH, r)!);
}

describe("tape glue", () => {
  it("reads records and marks, rewinds on close of rmt0 but not nrmt0", () => {
    const { k, p } = idleInit();
    const reel = new MemoryReel(buildTapFile([
      { kind: "data", bytes: enc("block-one") }, { kind: "data", bytes: enc("block-two") }, { kind: "mark" },
      { kind: "data", bytes: enc("file-two") },
    ]));
    k.attachReel(0, reel, reelIdentity("mem:vol1", reel), false);
    const fd = call(k, p, 56, -100, "/dev/nrmt0", 0, 0) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(readBack(k, p, fd, 100)).toBe("block-one");
    expect(readBack(k, p, fd, 4)).toBe("bloc"); // truncated record, the rest skipped
    expect(readBack(k, p, fd, 100)).toBe(""); // tape mark
    expect(call(k, p, 57, fd)).toBe(0);
    const fd2 = call(k, p, 56, -100, "/dev/rmt0", 0, 0) as number;
    expect(readBack(k, p, fd2, 100)).toBe("file-two"); // nrmt0 did not rewind
    // MTIOCGET: file number 1
    expect(call(k, p, 29, fd2, 0x801c6d02, SCRATCH)).toBe(0);
    expect(k.mem(p).load32(SCRATCH + 20)).toBe(1);
    expect(call(k, p, 57, fd2)).toBe(0);
    const fd3 = call(k, p, 56, -100, "/dev/rmt0", 0, 0) as number;
    expect(readBack(k, p, fd3, 100)).toBe("block-one"); // rmt0 rewound on close
    // MTIOCTOP MTFSF 1 then read the second file
    const mtop = new Uint8Array(8);
    new DataView(mtop.buffer).setInt16(0, 1, true);
    new DataView(mtop.buffer).setInt32(4, 1, true);
    k.mem(p).poke(SCRATCH, mtop);
    expect(call(k, p, 29, fd3, 0x40086d01, SCRATCH)).toBe(0);
    expect(readBack(k, p, fd3, 100)).toBe("file-two");
    expect(call(k, p, 56, -100, "/dev/nrmt0", 0, 0)).toBe(-16); // EBUSY: one opener at a time
    call(k, p, 57, fd3);
  });

  it("after a restore, re-attaching the same reel keeps the position (SCENARIOS 7)", () => {
    const { k, p } = idleInit();
    const reel = new MemoryReel(buildTapFile([{ kind: "data", bytes: enc("b56") }, { kind: "data", bytes: enc("b57") }]));
    const id = reelIdentity("mem:vol", reel);
    k.attachReel(0, reel, id, false);
    const fd = call(k, p, 56, -100, "/dev/nrmt0", 0, 0) as number;
    expect(readBack(k, p, fd, 100)).toBe("b56");
    const r = Kernel.fromState(CONFIG, clone(KernelState, k.state));
    const q = r.state.procs.get(1)!;
    expect(call(r, q, 63, fd, SCRATCH, 100)).toBe("blocked"); // waits for its volume (SCENARIOS 10), no error
    expect(q.chan).toEqual({ kind: "tape", unit: 0 });
    r.attachReel(0, reel, id, false);
    expect(q.state).toBe("runnable"); // the mount woke it
    expect(readBack(r, q, fd, 100)).toBe("b57");
  });

  it("an unmounted drive gives ENOMEDIUM, never a hang", () => {
    const { k, p } = idleInit();
    const fd = call(k, p, 56, -100, "/dev/rmt0", 2, 0) as number;
    expect(call(k, p, 63, fd, SCRATCH, 10)).toBe(-123);
    expect(call(k, p, 64, fd, SCRATCH, 10)).toBe(-123);
  });

  it("writes records and a tape mark at close", () => {
    const { k, p } = idleInit();
    const reel = new MemoryReel();
    k.attachReel(0, reel, reelIdentity("mem:blank", reel), true);
    const fd = call(k, p, 56, -100, "/dev/rmt0", 1, 0) as number;
    k.mem(p).poke(SCRATCH, enc("hello tape"));
    expect(call(k, p, 64, fd, SCRATCH, 10)).toBe(10);
    expect(call(k, p, 57, fd)).toBe(0);
    const fd2 = call(k, p, 56, -100, "/dev/rmt0", 0, 0) as number;
    expect(readBack(k, p, fd2, 100)).toBe("hello tape");
    expect(readBack(k, p, fd2, 100)).toBe("");
  });
});

describe("terminal glue", () => {
  it("canonical read gets a whole line; echo appears on the output", () => {
    const { k, p } = idleInit();
    k.ttyTakeOutput(0);
    k.ttyInput(0, enc("abc\r"));
    // init (ktest) is blocked reading fd 0 = /dev/console; it consumes the line and reads again
    k.run(1_000_000);
    expect(text(k.ttyTakeOutput(0))).toBe("abc\r\n");
    expect(p.state).toBe("sleeping");
    expect(p.chan).toEqual({ kind: "tty", n: 0, end: "in" });
  });

  it("^C signals the foreground group; background reads get SIGTTIN", () => {
    const { k, p } = idleInit();
    // make pid 1 a session leader holding tty1 as its controlling terminal
    p.sid = 1;
    p.pgid = 1;
    const fd = call(k, p, 56, -100, "/dev/tty1", 2, 0) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(p.ctty).toBe(1);
    expect(k.state.ttys[1]!.fgPgrp).toBe(1);
    // a child in its own (background) group
    const child = call(k, p, 220, 17, 0, 0, 0, 0) as number;
    expect(child).toBeGreaterThan(1);
    const c = k.state.procs.get(child)!;
    expect(call(k, p, 154, child, child)).toBe(0);
    prepareForCalls(k, c);
    expect(call(k, c, 63, fd, SCRATCH, 10)).toBe("blocked");
    // SIGTTIN was posted to the child's group: delivering it stops the child
    expect(c.sigPending & (1 << 20)).not.toBe(0);
    park(p);
    k.run(100_000);
    expect(c.state).toBe("stopped");
    expect(c.stopSig).toBe(21);
    // foreground it, continue it: its read now waits for input
    k.mem(p).poke(SCRATCH + 0x100, new Uint8Array([child, 0, 0, 0]));
    prepareForCalls(k, p);
    expect(call(k, p, 29, fd, 0x5410, SCRATCH + 0x100)).toBe(0);
    expect(call(k, p, 129, child, 18)).toBe(0);
    park(p);
    k.run(100_000);
    expect(c.state).toBe("sleeping");
    expect(c.chan).toEqual({ kind: "tty", n: 1, end: "in" });
    // ^C goes to the foreground group (the child): default action kills it
    k.ttyInput(1, new Uint8Array([3]));
    k.run(100_000);
    expect(c.state).toBe("zombie");
    expect(c.exitStatus).toBe(2);
  });

  it("TOSTOP: a background writer gets SIGTTOU; tcsetpgrp from the background too unless ignored", () => {
    const { k, p } = idleInit();
    p.sid = 1;
    p.pgid = 1;
    const fd = call(k, p, 56, -100, "/dev/tty1", 2, 0) as number;
    const child = call(k, p, 220, 17, 0, 0, 0, 0) as number;
    expect(call(k, p, 154, child, child)).toBe(0);
    const c = k.state.procs.get(child)!;
    prepareForCalls(k, c);
    k.mem(c).poke(SCRATCH, enc("out"));
    expect(call(k, c, 64, fd, SCRATCH, 3)).toBe(3); // no TOSTOP: background output is allowed
    k.state.ttys[1]!.ld.lflag |= 0o400; // TOSTOP
    expect(call(k, c, 64, fd, SCRATCH, 3)).toBe("blocked");
    expect(c.sigPending & (1 << 21)).not.toBe(0); // SIGTTOU
    c.sigPending = 0;
    prepareForCalls(k, c);
    k.mem(c).poke(SCRATCH + 64, new Uint8Array([child, 0, 0, 0]));
    expect(call(k, c, 29, fd, 0x5410, SCRATCH + 64)).toBe("blocked"); // TIOCSPGRP from the background
    c.sigPending = 0;
    prepareForCalls(k, c);
    k.mem(c).poke(SCRATCH + 128, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // SIG_IGN
    expect(call(k, c, 134, 22, SCRATCH + 128, 0, 8)).toBe(0);
    expect(call(k, c, 29, fd, 0x5410, SCRATCH + 64)).toBe(0); // ignored SIGTTOU: allowed
    expect(k.state.ttys[1]!.fgPgrp).toBe(child);
  });
});

describe("kernel panic is data", () => {
  it("no /bin/init", () => {
    const k = Kernel.boot(CONFIG, []);
    expect(k.state.panic).toMatch(/no \/bin\/init/);
    expect(k.run(1000)).toMatchObject({ idle: true, ticks: 0 });
    expect(text(k.ttyTakeOutput(0))).toContain("kernel panic");
  });
  it("an /bin/init that is not an executable", () => {
    const k = Kernel.boot(CONFIG, [{ path: "/bin/init", mode: 0o755, data: enc("#!/bin/sh\n") }]);
    expect(k.state.panic).toMatch(/cannot execute/);
  });
  it("init exiting stops the machine", () => {
    const { k, p } = idleInit();
    call(k, p, 93, 3);
    expect(k.state.panic).toMatch(/init exited/);
    expect(k.run(1_000_000).idle).toBe(true);
    expect(text(k.ttyTakeOutput(0))).toContain("kernel panic: init exited");
  });
});
