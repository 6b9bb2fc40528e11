// Shared helpers for the line-discipline tests: byte/text conversion, raw
// mode as glibc's cfmakeraw sets it, and a tiny screen model that renders
// echo output (backspace moves left, characters overwrite).

import { C, I, L, O, V, ttyGetTermios, ttySetTermios, type TtyState } from "../../devices/tty/index.js";

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

/** cfmakeraw(3) as glibc defines it. */
export function makeRaw(s: TtyState, vmin = 1, vtime = 0): void {
  const tio = ttyGetTermios(s);
  tio.iflag &= ~(I.IGNBRK | I.BRKINT | I.PARMRK | I.ISTRIP | I.INLCR | I.IGNCR | I.ICRNL | I.IXON);
  tio.oflag &= ~O.OPOST;
  tio.lflag &= ~(L.ECHO | L.ECHONL | L.ICANON | L.ISIG | L.IEXTEN);
  tio.cflag &= ~(C.CSIZE | C.PARENB);
  tio.cflag |= C.CS8;
  tio.cc[V.VMIN] = vmin;
  tio.cc[V.VTIME] = vtime;
  ttySetTermios(s, tio);
}

/** Render terminal output onto one line: \b moves left, \r to column 0, \n starts a new line. */
export function screen(out: string): string[] {
  const lines: string[][] = [[]];
  let col = 0;
  for (const ch of out) {
    const line = lines[lines.length - 1]!;
    if (ch === "\b") col = Math.max(0, col - 1);
    else if (ch === "\r") col = 0;
    else if (ch === "\n") lines.push([]);
    else {
      while (line.length < col) line.push(" ");
      line[col] = ch;
      col++;
    }
  }
  return lines.map((l) => l.join("").trimEnd());
}
