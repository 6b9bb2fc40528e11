// The declared state of one terminal's line discipline (Linux N_TTY, reduced):
// the termios modes, the window size, the line being edited, the queue of
// input ready for read(), the queue of output waiting for the host, and the
// VMIN/VTIME timer as data. Everything a checkpoint must carry for a tty is
// here; the functions that act on it live in input.ts, read.ts, output.ts.

import { type Infer, t } from "../../state/index.js";
import { NCCS, saneTermios } from "./termios.js";

/** Longest canonical line (Linux N_TTY_BUF_SIZE − 1); further keys are dropped (bell with IMAXBEL). */
export const TTY_MAX_LINE = 4095;
/** Bound of the read queue: keystrokes beyond it are dropped, as when Linux's buffer is full. */
export const TTY_INPUT_MAX = 65536;
/** Bound of the output queue: ttyWrite accepts only what fits; 0 accepted means "block the writer". */
export const TTY_OUTPUT_MAX = 65536;
/** Virtual ticks per VTIME unit (0.1 s at kernel/param.ts's 100,000,000 ticks per second). */
export const TICKS_PER_DECISECOND = 10_000_000;

export const TtyState = t.struct({
  // termios (struct termios fields, Linux values)
  iflag: t.u32,
  oflag: t.u32,
  cflag: t.u32,
  lflag: t.u32,
  line: t.u8,
  cc: t.boundedBytes(NCCS),
  // struct winsize
  rows: t.u16,
  cols: t.u16,
  xpixel: t.u16,
  ypixel: t.u16,
  /** canonical mode: the line being edited (not yet readable) */
  editing: t.bytes,
  /** bytes ready for read(), in order */
  input: t.bytes,
  /**
   * canonical mode: ascending offsets into `input` where each completed line
   * ends (exclusive). A zero-length segment is an EOF (^D on an empty line):
   * the read that meets it returns 0.
   */
  lineEnds: t.array(t.uint),
  /** the next key is taken literally (after VLNEXT, ^V) */
  literalNext: t.bool,
  /** output stopped by VSTOP (^S) with IXON; VSTART (^Q) resumes */
  stopped: t.bool,
  /** bytes displayed by the guest, waiting for the host to take them */
  output: t.bytes,
  /** output cursor column (for tab expansion, ONOCR and erasing tabs) */
  column: t.uint,
  /** column where the line being edited began (to erase tabs exactly) */
  editColumn: t.uint,
  /** non-canonical VTIME timer: virtual time at which a blocked read gives up (0 = not armed) */
  vtimeDeadline: t.uint,
  /** bytes that were readable when the timer was (re)armed: new bytes restart the inter-byte timer */
  vtimeSeen: t.uint,
});
export type TtyState = Infer<typeof TtyState>;

/** A terminal in `stty sane` mode, 24×80, with empty queues. */
export function newTty(rows = 24, cols = 80): TtyState {
  const tio = saneTermios();
  return {
    iflag: tio.iflag,
    oflag: tio.oflag,
    cflag: tio.cflag,
    lflag: tio.lflag,
    line: tio.line,
    cc: tio.cc,
    rows,
    cols,
    xpixel: 0,
    ypixel: 0,
    editing: new Uint8Array(0),
    input: new Uint8Array(0),
    lineEnds: [],
    literalNext: false,
    stopped: false,
    output: new Uint8Array(0),
    column: 0,
    editColumn: 0,
    vtimeDeadline: 0,
    vtimeSeen: 0,
  };
}
