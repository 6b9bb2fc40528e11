/* hostname — print the machine's name (uname's nodename): `hostname`; set it: `hostname NAME`
 * (sethostname(2): root only, at most 64 bytes; the name is the machine's, kept in its checkpoints). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "args.h"
#include "../libc/syscall.h"

int main(int argc, char **argv) {
  ARGS("hostname", "[NAME]");
  if (argc > 1 && argv[1][0] == '-') bad_usage("unknown option '%s'", argv[1]);
  if (argc > 2) bad_usage("extra operand '%s'", argv[2]);
  if (argc == 2) {
    long r = __syscall2(161, argv[1], strlen(argv[1]));
    if (r < 0) die(1, "%s: %s", argv[1], strerror((int)-r));
    return 0;
  }
  char name[256];
  if (gethostname(name, sizeof name) < 0) die(1, "%s", strerror(errno));
  printf("%s\n", name);
  return 0;
}
