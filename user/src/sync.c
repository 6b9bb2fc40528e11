/* sync — write cached data out: `sync` (everything) or `sync FILE...` (fsync each). */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"
#include "../libc/syscall.h"

int main(int argc, char **argv) {
  ARGS("sync", "[FILE...]");
  while (opt_next(argc, argv, "") != -1) {}
  if (opt_ind == argc) {
    long r = __syscall0(81); /* sync(2); libc's sync() cannot report that it is missing */
    if (r < 0) die(1, "%s", strerror((int)-r));
    return 0;
  }
  int rc = 0;
  for (int i = opt_ind; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0 || fsync(fd) < 0) { fprintf(stderr, "sync: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
    if (fd >= 0) close(fd);
  }
  return rc;
}
