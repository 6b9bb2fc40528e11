/* uname — system name (default), -s -n -r -v -m, or -a for all. */
#include <sys/utsname.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("uname", "[-asnrvm]");
  struct utsname u;
  if (uname(&u) < 0) { perror("uname"); return 1; }
  int want[5] = {0, 0, 0, 0, 0}, any = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-') bad_usage("extra operand '%s'", argv[i]);
    for (const char *f = argv[i] + 1; *f; f++) {
      const char *opts = "snrvm";
      const char *p = strchr(opts, *f);
      if (*f == 'a') for (int k = 0; k < 5; k++) want[k] = 1;
      else if (p) want[p - opts] = 1;
      else bad_usage("unknown option '-%c'", *f);
      any = 1;
    }
  }
  if (!any) want[0] = 1;
  const char *fields[5] = {u.sysname, u.nodename, u.release, u.version, u.machine};
  for (int k = 0, first = 1; k < 5; k++) {
    if (!want[k]) continue;
    printf(first ? "%s" : " %s", fields[k]);
    first = 0;
  }
  printf("\n");
  return 0;
}
