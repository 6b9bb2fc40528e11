// Two terminal seams between the kernel and the line discipline: a new
// read(2) tells the discipline it is fresh (a VMIN=0/VTIME>0 read after an
// interrupted one waits its full VTIME again), and a window-size change from
// the guest (TIOCSWINSZ) or the host (a resize) takes one path, so a
// pixel-only change sends SIGWINCH as Linux does.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { ttyRead } from "../../kernel/tty.js";
import { resizeTty } from "../../kernel/tty-winsize.js";
import { ttyGetTermios, ttySetTermios } from "../../devices/tty/control.js";
import { L, V } from "../../devices/tty/termios.js";
import { SIGWINCH, sigbit } from "../../kernel/signals-def.js";
import { Session } from "../scenarios/helpers.js";
import type { ProcState } from "../../kernel/state.js";

function shellOnTty0(): { m: Machine; sh: ProcState } {
  const m = Machine.boot({ ttys: 1 });
  new Session(m).expect("$ ");
  const tty = m.kernel.state.ttys[0]!;
  const sh = [...m.kernel.state.procs.values()].find((p) => p.pgid === tty.fgPgrp)!;
  return { m, sh };
}

describe("tty seams", () => {
  it("a VMIN=0/VTIME=5 read after an interrupted read waits again instead of returning 0 at once", () => {
    const { m, sh } = shellOnTty0();
    const k = m.kernel;
    const ld = k.state.ttys[0]!.ld;
    const tio = ttyGetTermios(ld);
    tio.lflag &= ~L.ICANON;
    tio.cc[V.VMIN] = 0;
    tio.cc[V.VTIME] = 5; // 0.5 s
    ttySetTermios(ld, tio);
    sh.inSyscall = false;
    const first = ttyRead(k, sh, 0, 16, false);
    expect(typeof first === "object" && "block" in first).toBe(true);
    // The read is interrupted (a signal: inSyscall false again) and a whole second passes.
    sh.inSyscall = false;
    k.state.clock += 100_000_000;
    const again = ttyRead(k, sh, 0, 16, false);
    expect(again instanceof Uint8Array, "a new read returned at once on the old VTIME timer").toBe(false);
    // A re-run after a wake-up (inSyscall) is not fresh: past its deadline it returns 0 bytes.
    sh.inSyscall = true;
    k.state.clock += 100_000_000;
    const rerun = ttyRead(k, sh, 0, 16, false);
    expect(rerun instanceof Uint8Array && rerun.length === 0).toBe(true);
  });

  it("a resize changing only the pixel size sends SIGWINCH to the foreground group; an unchanged one does not", () => {
    const { m, sh } = shellOnTty0();
    const k = m.kernel;
    const ld = k.state.ttys[0]!.ld;
    sh.sigPending = 0;
    sh.sigActions[SIGWINCH]!.handler = 0x1000; // caught (SIGWINCH is ignored by default and would be dropped)
    expect(resizeTty(k, 0, { rows: ld.rows, cols: ld.cols, xpixel: ld.xpixel, ypixel: ld.ypixel })).toBe(false);
    expect(sh.sigPending & sigbit(SIGWINCH)).toBe(0);
    expect(resizeTty(k, 0, { rows: ld.rows, cols: ld.cols, xpixel: 640, ypixel: 480 })).toBe(true);
    expect(sh.sigPending & sigbit(SIGWINCH)).not.toBe(0);
  });
});
