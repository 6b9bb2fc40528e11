// The server side of the telnet protocol (RFC 854/857/858/1073), as a small
// state machine over bytes: it strips negotiation from what a client sends,
// reports window sizes (NAWS), and tells whether the peer speaks telnet at
// all (plain `nc` never sends IAC, and its bytes pass through untouched).
// Bounded: a subnegotiation longer than SB_MAX is dropped whole, so garbage
// or a hostile client cannot make it hold more than a few bytes.

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_NAWS = 31;

/** Longest subnegotiation kept (NAWS needs 5 bytes: option + 4). */
const SB_MAX = 32;

/** What the server says first: it echoes, suppresses go-ahead (character mode), and asks for the window size. */
export const TELNET_GREETING = new Uint8Array([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS]);

export interface TelnetEvents {
  /** data bytes for the terminal, negotiation removed */
  data: Uint8Array;
  /** window sizes the client reported, in order (cols, rows ≥ 1) */
  sizes: { cols: number; rows: number }[];
}

type Mode = "data" | "iac" | "opt" | "sb" | "sbIac" | "cr";

export class TelnetParser {
  private mode: Mode = "data";
  private sb: number[] = [];
  private sbOverflow = false;
  /** Has the client sent any telnet command (then CR LF and CR NUL mean one Enter)? */
  telnet = false;

  /** Feed bytes from the client. */
  feed(bytes: Uint8Array): TelnetEvents {
    const out: number[] = [];
    const sizes: { cols: number; rows: number }[] = [];
    for (const b of bytes) {
      switch (this.mode) {
        case "cr":
          this.mode = "data";
          // Telnet NVT: Enter is CR LF or CR NUL; the terminal's ICRNL makes the CR a newline.
          if (b === 0 || b === 10) break;
          this.dataByte(b, out);
          break;
        case "data":
          this.dataByte(b, out);
          break;
        case "iac":
          this.telnet = true;
          if (b === IAC) {
            out.push(IAC); // an escaped 255 is data
            this.mode = "data";
          } else if (b === WILL || b === WONT || b === DO || b === DONT) this.mode = "opt";
          else if (b === SB) {
            this.sb = [];
            this.sbOverflow = false;
            this.mode = "sb";
          } else this.mode = "data"; // NOP, GA, AYT, … carry nothing for us
          break;
        case "opt":
          this.mode = "data"; // the client's answers to our offers need no reply: we asked first
          break;
        case "sb":
          if (b === IAC) this.mode = "sbIac";
          else this.sbByte(b);
          break;
        case "sbIac":
          if (b === SE) {
            this.endSb(sizes);
            this.mode = "data";
          } else if (b === IAC) {
            this.sbByte(IAC);
            this.mode = "sb";
          } else this.mode = "sb"; // malformed: ignore the stray IAC
          break;
      }
    }
    return { data: Uint8Array.from(out), sizes };
  }

  private dataByte(b: number, out: number[]): void {
    if (b === IAC) {
      this.mode = "iac";
      return;
    }
    out.push(b);
    if (b === 13 && this.telnet) this.mode = "cr";
  }

  private sbByte(b: number): void {
    if (this.sb.length >= SB_MAX) this.sbOverflow = true;
    else this.sb.push(b);
  }

  private endSb(sizes: { cols: number; rows: number }[]): void {
    const sb = this.sb;
    this.sb = [];
    if (this.sbOverflow || sb[0] !== OPT_NAWS || sb.length !== 5) return; // oversized or not NAWS: dropped
    const cols = (sb[1]! << 8) | sb[2]!;
    const rows = (sb[3]! << 8) | sb[4]!;
    if (cols >= 1 && rows >= 1) sizes.push({ cols, rows });
  }
}

/** Terminal output for a telnet client: a data byte 255 is sent twice. */
export function telnetEscape(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Uint8Array.from(out);
}
