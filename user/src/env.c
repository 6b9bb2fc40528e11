/* env — print the environment, or run COMMAND with NAME=VALUE additions (-i: start empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && !strcmp(argv[i], "-i")) {
    static char *empty[1];
    environ = empty;
    i++;
  }
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
