/* touch — create each FILE if it does not exist (times are not changed: no utimensat here);
 * -c: do not create. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("touch", "[-c] FILE...");
  int rc = 0, nocreate = 0, c;
  while ((c = opt_next(argc, argv, "c")) != -1) nocreate = 1;
  if (opt_ind >= argc) bad_usage("missing file operand");
  for (int i = opt_ind; i < argc; i++) {
    int fd = open(argv[i], O_WRONLY | (nocreate ? 0 : O_CREAT), 0666);
    if (fd < 0 && errno == EISDIR) continue; /* a directory exists: nothing to do */
    if (fd < 0 && nocreate && errno == ENOENT) continue;
    if (fd < 0) { fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    close(fd);
  }
  return rc;
}
