/* cksum — the POSIX checksum (CRC-32 with polynomial 0x04C11DB7 over the bytes and then the
 * length, complemented) and the byte count of each FILE or stdin: `CRC SIZE [NAME]`, as GNU's
 * cksum. */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

static unsigned table[256];

static void make_table(void) {
  for (unsigned i = 0; i < 256; i++) {
    unsigned c = i << 24;
    for (int k = 0; k < 8; k++) c = c & 0x80000000u ? (c << 1) ^ 0x04C11DB7u : c << 1;
    table[i] = c;
  }
}

static int sum_fd(int fd, const char *name, int named) {
  unsigned crc = 0;
  unsigned long long len = 0;
  static unsigned char buf[8192];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { fprintf(stderr, "cksum: %s: %s\n", name, strerror(errno)); return 1; }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; i++) crc = (crc << 8) ^ table[(crc >> 24) ^ buf[i]];
    len += (unsigned long long)n;
  }
  for (unsigned long long l = len; l; l >>= 8) crc = (crc << 8) ^ table[(crc >> 24) ^ (l & 0xff)];
  crc = ~crc;
  if (named) printf("%u %llu %s\n", crc, len, name);
  else printf("%u %llu\n", crc, len);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("cksum", "[FILE...]");
  while (opt_next(argc, argv, "") != -1) {}
  make_table();
  if (opt_ind == argc) return sum_fd(0, "standard input", 0);
  int rc = 0;
  for (int i = opt_ind; i < argc; i++) {
    int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { fprintf(stderr, "cksum: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= sum_fd(fd, argv[i], 1);
    if (fd) close(fd);
  }
  return rc;
}
