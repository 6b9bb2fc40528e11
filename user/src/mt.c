/* mt — magnetic tape control: mt [-f DEVICE] rewind|fsf N|bsf N|fsr N|bsr N|weof N|eom|offline|
 * status (default device $TAPE or /dev/nrmt0). status shows the volume (cryobox's MTIOCVOL: the
 * VOL1 serial or the reel's name; "waiting" when the drive waits for it after a restart), the
 * file/block numbers and the drive flags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include "args.h"

static const struct { const char *name; int op; int needs_write; } ops[] = {
  {"rewind", MTREW, 0}, {"fsf", MTFSF, 0}, {"bsf", MTBSF, 0}, {"fsr", MTFSR, 0}, {"bsr", MTBSR, 0},
  {"weof", MTWEOF, 1}, {"eof", MTWEOF, 1}, {"offline", MTOFFL, 0}, {"rewoffl", MTOFFL, 0},
  {"eom", MTEOM, 0}, {"nop", MTNOP, 0}, {"reset", MTRESET, 0},
};

static int status(int fd, const char *dev) {
  struct mtget g;
  memset(&g, 0, sizeof g);
  if (ioctl(fd, MTIOCGET, &g) < 0) { fprintf(stderr, "mt: %s: %s\n", dev, strerror(errno)); return 1; }
  printf("drive type = %ld\n", g.mt_type);
  struct mtvol v;
  memset(&v, 0, sizeof v);
  if (ioctl(fd, MTIOCVOL, &v) == 0) {
    v.mt_volume[sizeof v.mt_volume - 1] = 0;
    if (!v.mt_volume[0]) printf("Volume: none (no reel)\n");
    else printf("Volume: %s%s\n", v.mt_volume, GMT_ONLINE((unsigned long)g.mt_gstat) ? "" : " (not mounted: the drive waits for it)");
  }
  printf("File number=%d, block number=%d.\n", g.mt_fileno, g.mt_blkno);
  printf("General status bits on (%08lx):\n", (unsigned long)g.mt_gstat);
  unsigned long s = (unsigned long)g.mt_gstat;
  if (GMT_EOF(s)) printf(" EOF");
  if (GMT_BOT(s)) printf(" BOT");
  if (GMT_EOT(s)) printf(" EOT");
  if (GMT_EOD(s)) printf(" EOD");
  if (GMT_WR_PROT(s)) printf(" WR_PROT");
  if (GMT_ONLINE(s)) printf(" ONLINE");
  if (GMT_DR_OPEN(s)) printf(" DR_OPEN");
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  ARGS("mt", "[-f DEVICE] rewind|fsf N|bsf N|fsr N|bsr N|weof N|eom|offline|status");
  const char *dev = getenv("TAPE");
  if (!dev) dev = "/dev/nrmt0";
  int i = 1;
  if (i + 1 < argc && (!strcmp(argv[i], "-f") || !strcmp(argv[i], "-t"))) { dev = argv[i + 1]; i += 2; }
  if (i >= argc) {
    usage_exit();
  }
  const char *cmd = argv[i++];
  int count = i < argc ? (int)number_arg(argv[i], "count") : 1;
  int k = 0, n = (int)(sizeof ops / sizeof ops[0]);
  while (k < n && strcmp(ops[k].name, cmd)) k++;
  int is_status = !strcmp(cmd, "status");
  if (k == n && !is_status) bad_usage("unknown command '%s'", cmd);
  int fd = open(dev, (!is_status && ops[k].needs_write) ? O_WRONLY : O_RDONLY);
  if (fd < 0) { fprintf(stderr, "mt: %s: %s\n", dev, strerror(errno)); return 1; }
  if (is_status) return status(fd, dev);
  struct mtop op = {(short)ops[k].op, count};
  if (ioctl(fd, MTIOCTOP, &op) < 0) { fprintf(stderr, "mt: %s: %s: %s\n", dev, cmd, strerror(errno)); return 2; }
  close(fd);
  return 0;
}
