/* tlabel — write a VOL1 label on a fresh tape: tlabel [-f DEVICE] [-F] VOLSER [OWNER]
 * (default device $TAPE or /dev/nrmt0). The label is the reel's first record: 80 bytes,
 * "VOL1", the volume serial (1-6 of A-Z 0-9), owner and implementation fields (ANSI X3.27 layout),
 * then a tape mark, so data written next on the no-rewind device is file 1. cryobox reads the
 * serial as the reel's volume identity (mt status, checkpoint/restart). A reel that already holds
 * data is refused unless -F (which rewinds and overwrites it all). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include "args.h"

static int usage(void) {
  fprintf(stderr, "usage: tlabel [-f DEVICE] [-F] VOLSER [OWNER]   (VOLSER: 1 to 6 of A-Z 0-9)\n");
  return 2;
}

static void field(char *label, int at, int len, const char *text) {
  int n = (int)strlen(text);
  for (int i = 0; i < len; i++) label[at + i] = i < n ? text[i] : ' ';
}

int main(int argc, char **argv) {
  ARGS("tlabel", "[-f DEVICE] [-F] VOLSER [OWNER]");
  const char *dev = getenv("TAPE");
  if (!dev) dev = "/dev/nrmt0";
  int force = 0, i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "-f") && i + 1 < argc) dev = argv[++i];
    else if (!strcmp(argv[i], "-F")) force = 1;
    else return usage();
  }
  if (i >= argc || argc - i > 2) return usage();
  const char *vol = argv[i], *owner = i + 1 < argc ? argv[i + 1] : "";
  int n = (int)strlen(vol);
  if (n < 1 || n > 6 || strlen(owner) > 14) return usage();
  for (int k = 0; k < n; k++)
    if (!((vol[k] >= 'A' && vol[k] <= 'Z') || (vol[k] >= '0' && vol[k] <= '9'))) return usage();

  int fd = open(dev, O_RDWR);
  if (fd < 0) { fprintf(stderr, "tlabel: %s: %s\n", dev, strerror(errno)); return 1; }
  struct mtop op = {MTREW, 1};
  if (force && ioctl(fd, MTIOCTOP, &op) < 0) { fprintf(stderr, "tlabel: %s: rewind: %s\n", dev, strerror(errno)); return 1; }
  struct mtget g;
  memset(&g, 0, sizeof g);
  if (ioctl(fd, MTIOCGET, &g) < 0) { fprintf(stderr, "tlabel: %s: %s\n", dev, strerror(errno)); return 1; }
  unsigned long s = (unsigned long)g.mt_gstat;
  if (!GMT_ONLINE(s)) { fprintf(stderr, "tlabel: %s: no reel mounted\n", dev); return 1; }
  if (!(GMT_BOT(s) && GMT_EOD(s)) && !force) {
    fprintf(stderr, "tlabel: %s: the reel is not fresh (it holds data or is not at its start); -F overwrites it\n", dev);
    return 1;
  }
  char label[80];
  memset(label, ' ', sizeof label);
  memcpy(label, "VOL1", 4);
  field(label, 4, 6, vol);
  field(label, 24, 13, "CRYOBOX");
  field(label, 37, 14, owner);
  label[79] = '4';
  if (write(fd, label, sizeof label) != (long)sizeof label) { fprintf(stderr, "tlabel: %s: %s\n", dev, strerror(errno)); return 1; }
  struct mtop mark = {MTWEOF, 1};
  if (ioctl(fd, MTIOCTOP, &mark) < 0) { fprintf(stderr, "tlabel: %s: %s\n", dev, strerror(errno)); return 1; }
  close(fd);
  printf("tlabel: %s: labelled %s\n", dev, vol);
  return 0;
}
