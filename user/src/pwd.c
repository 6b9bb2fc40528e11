/* pwd — print the current directory. */
#include <unistd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("pwd", "[-LP]");
  while (opt_next(argc, argv, "LP") != -1) {} /* no symbolic links here: both are the same */
  if (opt_ind < argc) bad_usage("extra operand '%s'", argv[opt_ind]);
  char buf[512];
  if (!getcwd(buf, sizeof buf)) { perror("pwd"); return 1; }
  printf("%s\n", buf);
  return 0;
}
