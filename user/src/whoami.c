/* whoami — the user name of the effective user id (/etc/passwd, or root for 0). */
#include <stdio.h>
#include <unistd.h>
#include <pwd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("whoami", "");
  if (argc > 1 && argv[1][0] == '-') bad_usage("unknown option '%s'", argv[1]);
  if (argc > 1) bad_usage("extra operand '%s'", argv[1]);
  uid_t u = geteuid();
  struct passwd *pw = getpwuid(u);
  if (!pw) die(1, "cannot find name for user ID %u", (unsigned)u);
  printf("%s\n", pw->pw_name);
  return 0;
}
