/* statblocks.h — what libc's struct stat leaves out and du and stat need: the 512-byte blocks a
 * file occupies (statx's stx_blocks) and its device numbers, read with a direct statx call.
 * Header-only. */
#ifndef STATBLOCKS_H
#define STATBLOCKS_H
#include <string.h>
#include <fcntl.h>
#include <errno.h>
#include "../libc/syscall.h"

typedef struct { unsigned long long blocks, ino; unsigned mode, nlink, dev_major, dev_minor; } StatBlocks;

/* statx of path (follow: through a final symbolic link); 0, or -1 with errno set. */
static __attribute__((unused)) int stat_blocks(const char *path, int follow, StatBlocks *out) {
  unsigned char b[256];
  long r = __syscall5(291 /* statx */, AT_FDCWD, path, follow ? 0 : 0x100 /* AT_SYMLINK_NOFOLLOW */, 0x7ff, b);
  if (r < 0) { errno = (int)-r; return -1; }
  unsigned short mode;
  memcpy(&out->nlink, b + 16, 4);
  memcpy(&mode, b + 28, 2);
  out->mode = mode;
  memcpy(&out->ino, b + 32, 8);
  memcpy(&out->blocks, b + 48, 8);
  memcpy(&out->dev_major, b + 136, 4);
  memcpy(&out->dev_minor, b + 140, 4);
  return 0;
}
#endif
