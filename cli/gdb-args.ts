// `cryobox boot --gdb PORT`: hand the next program started on tty0 to gdb,
// stopped before its first instruction (machine/exec-catch.ts), served on
// 127.0.0.1:PORT by the console's `gdb PORT PID` (machine/host-gdb.ts). Only
// the loopback address: a gdb stub reads and writes the box's memory, so it is
// not offered to the network. Interactive sessions only (it needs the event loop).

export const GDB_USAGE = `  --gdb PORT           interactive: the next program started on tty0 stops before its first instruction
                       and is served to gdb on 127.0.0.1:PORT (in gdb: target remote :PORT); docs/debugging.md
`;

/** Parse the PORT of --gdb; throws a one-line Error. */
export function parseGdbPort(text: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new Error(`--gdb wants a TCP port from 1 to 65535, not '${text}'`);
  return port;
}
