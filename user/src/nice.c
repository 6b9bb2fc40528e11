/* nice — run COMMAND with a niceness adjustment: nice [-n N] COMMAND [ARG...], or print the
 * niceness (0) with no command. The machine's scheduler has no priorities (every runnable process
 * gets its turn in order, which keeps runs deterministic), so the adjustment is checked and
 * accepted but changes nothing; docs/userland.md says so. */
#include <unistd.h>
#include <errno.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("nice", "[-n N] [COMMAND [ARG...]]");
  long adj = 10;
  /* the old form -N is accepted as well as -n N */
  if (opt_ind < argc && argv[opt_ind][0] == '-' && argv[opt_ind][1] >= '0' && argv[opt_ind][1] <= '9') adj = number_arg(argv[opt_ind++] + 1, "adjustment");
  else {
    int c;
    while ((c = opt_next(argc, argv, "n:")) != -1) adj = number_arg(opt_arg, "adjustment");
  }
  (void)adj;
  if (opt_ind >= argc) { printf("0\n"); return 0; }
  execvp(argv[opt_ind], argv + opt_ind);
  int e = errno;
  fprintf(stderr, "nice: %s: %s\n", argv[opt_ind], strerror(e));
  return e == ENOENT ? 127 : 126;
}
