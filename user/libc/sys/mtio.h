/* sys/mtio.h — magnetic tape ioctls (Linux values for 32-bit). */
#ifndef _SYS_MTIO_H
#define _SYS_MTIO_H
struct mtop { short mt_op; int mt_count; };
struct mtget { long mt_type, mt_resid, mt_dsreg, mt_gstat, mt_erreg; int mt_fileno, mt_blkno; };
#define MTIOCTOP 0x40086D01
#define MTIOCGET 0x801C6D02
/* cryobox: the volume on (or awaited by) the drive, NUL-terminated; "" = no reel. Elsewhere ENOTTY. */
struct mtvol { char mt_volume[32]; };
#define MTIOCVOL 0x80206D40
#define MTRESET 0
#define MTFSF 1
#define MTBSF 2
#define MTFSR 3
#define MTBSR 4
#define MTWEOF 5
#define MTREW 6
#define MTOFFL 7
#define MTNOP 8
#define MTEOM 12
#define GMT_EOF(x) ((x) & 0x80000000)
#define GMT_BOT(x) ((x) & 0x40000000)
#define GMT_EOT(x) ((x) & 0x20000000)
#define GMT_EOD(x) ((x) & 0x08000000)
#define GMT_WR_PROT(x) ((x) & 0x04000000)
#define GMT_ONLINE(x) ((x) & 0x01000000)
#define GMT_DR_OPEN(x) ((x) & 0x00040000)
#endif
