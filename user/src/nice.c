/* nice — run COMMAND with its niceness raised by N (default 10): nice [-n N] COMMAND [ARG...];
 * with no command, print the current niceness. The kernel keeps the value (getpriority, ps, and
 * children inherit it) but its scheduler gives every runnable process the same turns — that keeps
 * runs deterministic — so it does not change how fast anything runs; docs/userland.md says so. */
#include <unistd.h>
#include <errno.h>
#include <sys/resource.h>
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
  errno = 0;
  int cur = getpriority(PRIO_PROCESS, 0);
  if (cur == -1 && errno) cur = 0;
  if (opt_ind >= argc) { printf("%d\n", cur); return 0; }
  long want = cur + adj;
  if (want > 19) want = 19;
  if (want < -20) want = -20;
  if (setpriority(PRIO_PROCESS, 0, (int)want) < 0) fprintf(stderr, "nice: cannot set niceness: %s\n", strerror(errno));
  execvp(argv[opt_ind], argv + opt_ind);
  int e = errno;
  fprintf(stderr, "nice: %s: %s\n", argv[opt_ind], strerror(e));
  return e == ENOENT ? 127 : 126;
}
