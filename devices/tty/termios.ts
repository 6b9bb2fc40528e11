// Linux termios for riscv32 (asm-generic termbits.h): flag bits, c_cc
// indices, ioctl request numbers, the `stty sane` defaults, and the byte
// layouts of `struct termios` (TCGETS/TCSETS*), `struct termios2`
// (TCGETS2/TCSETS2*) and `struct winsize` (TIOCGWINSZ/TIOCSWINSZ). The numbers
// are Linux's so that an unmodified static binary sees a Linux terminal.

/** c_iflag bits. */
export const I = {
  IGNBRK: 0o1, BRKINT: 0o2, IGNPAR: 0o4, PARMRK: 0o10, INPCK: 0o20, ISTRIP: 0o40,
  INLCR: 0o100, IGNCR: 0o200, ICRNL: 0o400, IUCLC: 0o1000, IXON: 0o2000, IXANY: 0o4000,
  IXOFF: 0o10000, IMAXBEL: 0o20000, IUTF8: 0o40000,
} as const;

/** c_oflag bits. */
export const O = {
  OPOST: 0o1, OLCUC: 0o2, ONLCR: 0o4, OCRNL: 0o10, ONOCR: 0o20, ONLRET: 0o40,
  OFILL: 0o100, OFDEL: 0o200, TABDLY: 0o14000, XTABS: 0o14000,
} as const;

/** c_cflag bits. */
export const C = {
  CBAUD: 0o10017, B38400: 0o17, CSIZE: 0o60, CS8: 0o60, CSTOPB: 0o100, CREAD: 0o200,
  PARENB: 0o400, PARODD: 0o1000, HUPCL: 0o2000, CLOCAL: 0o4000,
} as const;

/** c_lflag bits. */
export const L = {
  ISIG: 0o1, ICANON: 0o2, XCASE: 0o4, ECHO: 0o10, ECHOE: 0o20, ECHOK: 0o40, ECHONL: 0o100,
  NOFLSH: 0o200, TOSTOP: 0o400, ECHOCTL: 0o1000, ECHOPRT: 0o2000, ECHOKE: 0o4000,
  FLUSHO: 0o10000, PENDIN: 0o40000, IEXTEN: 0o100000, EXTPROC: 0o200000,
} as const;

/** c_cc indices (asm-generic; riscv uses these). NCCS is 19. */
export const V = {
  VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 5, VMIN: 6, VSWTC: 7, VSTART: 8,
  VSTOP: 9, VSUSP: 10, VEOL: 11, VREPRINT: 12, VDISCARD: 13, VWERASE: 14, VLNEXT: 15, VEOL2: 16,
} as const;
export const NCCS = 19;
/** A c_cc value of 0 disables that special character (_POSIX_VDISABLE on Linux). */
export const VDISABLE = 0;

/** ioctl request numbers (asm-generic ioctls.h; 'T' requests are not _IOC-encoded). */
export const TtyIoctl = {
  TCGETS: 0x5401, TCSETS: 0x5402, TCSETSW: 0x5403, TCSETSF: 0x5404,
  TCFLSH: 0x540b, TIOCSCTTY: 0x540e, TIOCGPGRP: 0x540f, TIOCSPGRP: 0x5410,
  TIOCOUTQ: 0x5411, TIOCGWINSZ: 0x5413, TIOCSWINSZ: 0x5414, FIONREAD: 0x541b,
  TIOCNOTTY: 0x5422, TIOCGSID: 0x5429,
  /** _IOR('T', 0x2A, struct termios2) with sizeof = 44 */
  TCGETS2: 0x802c542a,
  /** _IOW('T', 0x2B..0x2D, struct termios2) */
  TCSETS2: 0x402c542b, TCSETSW2: 0x402c542c, TCSETSF2: 0x402c542d,
} as const;

/** TCFLSH arguments. */
export const TCIFLUSH = 0;
export const TCOFLUSH = 1;
export const TCIOFLUSH = 2;

/** Signal numbers the line discipline asks the kernel to send (Linux numbers). */
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGTSTP = 20;

/** The mode part of a terminal: exactly what TCGETS/TCSETS move. */
export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  /** NCCS (19) bytes */
  cc: Uint8Array;
}

/** Linux `stty sane` / tty_std_termios, as the userland expects (docs/syscalls-used.md). */
export function saneTermios(): Termios {
  const cc = new Uint8Array(NCCS);
  cc[V.VINTR] = 0x03; // ^C
  cc[V.VQUIT] = 0x1c; // ^\
  cc[V.VERASE] = 0x7f; // DEL
  cc[V.VKILL] = 0x15; // ^U
  cc[V.VEOF] = 0x04; // ^D
  cc[V.VTIME] = 0;
  cc[V.VMIN] = 1;
  cc[V.VSTART] = 0x11; // ^Q
  cc[V.VSTOP] = 0x13; // ^S
  cc[V.VSUSP] = 0x1a; // ^Z
  cc[V.VREPRINT] = 0x12; // ^R
  cc[V.VDISCARD] = 0x0f; // ^O
  cc[V.VWERASE] = 0x17; // ^W
  cc[V.VLNEXT] = 0x16; // ^V
  return {
    iflag: I.ICRNL | I.IXON | I.BRKINT | I.IMAXBEL | I.IUTF8,
    oflag: O.OPOST | O.ONLCR,
    cflag: C.CS8 | C.CREAD | C.B38400,
    lflag: L.ISIG | L.ICANON | L.ECHO | L.ECHOE | L.ECHOK | L.ECHOCTL | L.ECHOKE | L.IEXTEN,
    line: 0,
    cc,
  };
}

/** sizeof(struct termios) on riscv32: 4×u32 + c_line + c_cc[19]. */
export const TERMIOS_SIZE = 36;
/** sizeof(struct termios2): struct termios + c_ispeed + c_ospeed. */
export const TERMIOS2_SIZE = 44;
/** sizeof(struct winsize): 4×u16. */
export const WINSIZE_SIZE = 8;
/** The speed reported in termios2 (B38400 in c_cflag). */
export const NOMINAL_SPEED = 38400;

/** `struct termios` (36 bytes) or, with `termios2`, `struct termios2` (44 bytes), little-endian. */
export function termiosToBytes(tio: Termios, termios2 = false): Uint8Array {
  const out = new Uint8Array(termios2 ? TERMIOS2_SIZE : TERMIOS_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, tio.iflag >>> 0, true);
  dv.setUint32(4, tio.oflag >>> 0, true);
  dv.setUint32(8, tio.cflag >>> 0, true);
  dv.setUint32(12, tio.lflag >>> 0, true);
  out[16] = tio.line & 0xff;
  out.set(tio.cc.subarray(0, NCCS), 17);
  if (termios2) {
    dv.setUint32(36, NOMINAL_SPEED, true);
    dv.setUint32(40, NOMINAL_SPEED, true);
  }
  return out;
}

/** Parse a `struct termios` (or termios2: the speeds are ignored); null if too short. */
export function termiosFromBytes(bytes: Uint8Array): Termios | null {
  if (bytes.length < TERMIOS_SIZE) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    iflag: dv.getUint32(0, true),
    oflag: dv.getUint32(4, true),
    cflag: dv.getUint32(8, true),
    lflag: dv.getUint32(12, true),
    line: bytes[16]!,
    cc: bytes.slice(17, 17 + NCCS),
  };
}

/** Terminal window size (struct winsize). */
export interface Winsize {
  rows: number;
  cols: number;
  xpixel: number;
  ypixel: number;
}

/** `struct winsize` bytes (8, little-endian). */
export function winsizeToBytes(ws: Winsize): Uint8Array {
  const out = new Uint8Array(WINSIZE_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, ws.rows & 0xffff, true);
  dv.setUint16(2, ws.cols & 0xffff, true);
  dv.setUint16(4, ws.xpixel & 0xffff, true);
  dv.setUint16(6, ws.ypixel & 0xffff, true);
  return out;
}

/** Parse a `struct winsize`; null if too short. */
export function winsizeFromBytes(bytes: Uint8Array): Winsize | null {
  if (bytes.length < WINSIZE_SIZE) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { rows: dv.getUint16(0, true), cols: dv.getUint16(2, true), xpixel: dv.getUint16(4, true), ypixel: dv.getUint16(6, true) };
}
