// Linux magnetic-tape ioctl ABI (include/uapi/linux/mtio.h) for riscv32:
// request numbers, MTIOCTOP operation codes, struct mtop / mtget / mtpos
// layouts and the mt_gstat bits. 32-bit longs, little-endian.

/** _IOC(dir, type, nr, size) = dir << 30 | size << 16 | type << 8 | nr (asm-generic). */
const ioc = (dir: number, type: number, nr: number, size: number): number => ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
const M = 0x6d; // 'm'

/** sizeof(struct mtop) = short + pad + int; sizeof(struct mtget) = 7 × 4; sizeof(struct mtpos) = 4. */
export const MTOP_SIZE = 8;
export const MTGET_SIZE = 28;
export const MTPOS_SIZE = 4;

/** MTIOCTOP = _IOW('m', 1, struct mtop) = 0x40086d01; MTIOCGET = _IOR('m', 2, struct mtget) = 0x801c6d02; MTIOCPOS = _IOR('m', 3, struct mtpos) = 0x80046d03. */
export const MTIOCTOP = ioc(1, M, 1, MTOP_SIZE);
export const MTIOCGET = ioc(2, M, 2, MTGET_SIZE);
export const MTIOCPOS = ioc(2, M, 3, MTPOS_SIZE);

/** mt_op values. */
export const MtOp = {
  MTRESET: 0, MTFSF: 1, MTBSF: 2, MTFSR: 3, MTBSR: 4, MTWEOF: 5, MTREW: 6, MTOFFL: 7, MTNOP: 8,
  MTRETEN: 9, MTBSFM: 10, MTFSFM: 11, MTEOM: 12, MTERASE: 13, MTSETBLK: 20, MTLOAD: 30,
  MTUNLOAD: 31, MTWEOFI: 35,
} as const;

/** mt_gstat bits. */
export const GMT = {
  EOF: 0x80000000, BOT: 0x40000000, EOT: 0x20000000, SM: 0x10000000, EOD: 0x08000000,
  WR_PROT: 0x04000000, ONLINE: 0x01000000, D_6250: 0x00800000, D_1600: 0x00400000,
  D_800: 0x00200000, DR_OPEN: 0x00040000, IM_REP_EN: 0x00010000,
} as const;

/** mt_type reported: a SCSI-2 drive (what Linux st reports). */
export const MT_ISSCSI2 = 0x72;

/** Parse a struct mtop; null if too short. */
export function mtopFromBytes(bytes: Uint8Array): { op: number; count: number } | null {
  if (bytes.length < MTOP_SIZE) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { op: dv.getInt16(0, true), count: dv.getInt32(4, true) };
}

/** struct mtop bytes (for guests' tests and tools). */
export function mtopToBytes(op: number, count: number): Uint8Array {
  const out = new Uint8Array(MTOP_SIZE);
  const dv = new DataView(out.buffer);
  dv.setInt16(0, op, true);
  dv.setInt32(4, count, true);
  return out;
}

/** The fields of struct mtget. */
export interface MtGet {
  type: number;
  resid: number;
  dsreg: number;
  gstat: number;
  erreg: number;
  fileno: number;
  blkno: number;
}

/** struct mtget bytes (28). */
export function mtgetToBytes(g: MtGet): Uint8Array {
  const out = new Uint8Array(MTGET_SIZE);
  const dv = new DataView(out.buffer);
  [g.type, g.resid, g.dsreg, g.gstat, g.erreg, g.fileno, g.blkno].forEach((v, i) => dv.setInt32(i * 4, v | 0, true));
  return out;
}

/** Parse struct mtget bytes (tests, tools); null if too short. */
export function mtgetFromBytes(bytes: Uint8Array): MtGet | null {
  if (bytes.length < MTGET_SIZE) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = (i: number): number => dv.getInt32(i * 4, true);
  return { type: f(0), resid: f(1), dsreg: f(2), gstat: f(3) >>> 0, erreg: f(4), fileno: f(5), blkno: f(6) };
}

/** struct mtpos bytes (MTIOCPOS: the block number). */
export function mtposToBytes(blkno: number): Uint8Array {
  const out = new Uint8Array(MTPOS_SIZE);
  new DataView(out.buffer).setInt32(0, blkno | 0, true);
  return out;
}

/** cryobox's own request: the volume on (or awaited by) the drive, NUL-terminated in 32 bytes ("" = no reel). */
export const MTVOL_SIZE = 32;
/** MTIOCVOL = _IOR('m', 0x40, char[32]) = 0x80206d40; another system answers ENOTTY. */
export const MTIOCVOL = ioc(2, M, 0x40, MTVOL_SIZE);

/** The MTIOCVOL reply bytes. */
export function mtvolToBytes(volume: string): Uint8Array {
  const out = new Uint8Array(MTVOL_SIZE);
  const b = new TextEncoder().encode(volume).subarray(0, MTVOL_SIZE - 1);
  out.set(b);
  return out;
}
