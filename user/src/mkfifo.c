/* mkfifo — make named pipes: `mkfifo [-m MODE] NAME...` (MODE as chmod's, from a=rw; the umask
 * applies without -m). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include "args.h"
#include "modes.h"

int main(int argc, char **argv) {
  ARGS("mkfifo", "[-m MODE] NAME...");
  int c, rc = 0;
  const char *mode = 0;
  while ((c = opt_next(argc, argv, "m:")) != -1) mode = opt_arg;
  if (opt_ind >= argc) bad_usage("missing operand");
  unsigned m = 0666;
  if (mode && !apply_mode(mode, 0666, 0, 0, &m)) bad_usage("invalid mode: '%s'", mode);
  for (int i = opt_ind; i < argc; i++) {
    if (mkfifo(argv[i], m) < 0) { fprintf(stderr, "mkfifo: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    if (mode && chmod(argv[i], m) < 0) { fprintf(stderr, "mkfifo: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
  }
  return rc;
}
