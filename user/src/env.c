/* env — print the environment, or run COMMAND with NAME=VALUE additions (-i: start empty). */
#include <unistd.h>
#include <errno.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("env", "[-i] [NAME=VALUE...] [COMMAND [ARG...]]");
  while (opt_next(argc, argv, "i") != -1) {
    static char *empty[1];
    environ = empty;
  }
  int i = opt_ind;
  for (; i < argc && strchr(argv[i], '='); i++) {
    char *eq = strchr(argv[i], '=');
    *eq = 0;
    setenv(argv[i], eq + 1, 1);
    *eq = '=';
  }
  if (i == argc) {
    for (char **e = environ; e && *e; e++) printf("%s\n", *e);
    return 0;
  }
  execvp(argv[i], argv + i);
  fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
