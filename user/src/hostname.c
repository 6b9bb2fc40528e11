/* hostname — print the machine's name (uname's nodename): `hostname`. Setting it is not
 * supported (no sethostname in the kernel). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("hostname", "");
  if (argc > 1 && argv[1][0] == '-') bad_usage("unknown option '%s'", argv[1]);
  if (argc > 1) die(1, "%s: setting the host name is not supported", argv[1]);
  char name[256];
  if (gethostname(name, sizeof name) < 0) die(1, "%s", strerror(errno));
  printf("%s\n", name);
  return 0;
}
