/* which — where a command is: `which [-a] NAME...` prints the first executable NAME in $PATH
 * (default /bin; -a: every one); a name with a `/` is checked as it is. Status 1 when any NAME
 * was not found (nothing printed for it, as Debian's which). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "args.h"

static int runnable(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int main(int argc, char **argv) {
  ARGS("which", "[-a] NAME...");
  int c, all = 0, rc = 0;
  while ((c = opt_next(argc, argv, "a")) != -1) all = 1;
  if (opt_ind >= argc) bad_usage("missing operand");
  const char *path = getenv("PATH");
  if (!path) path = "/bin";
  for (int i = opt_ind; i < argc; i++) {
    const char *name = argv[i];
    int found = 0;
    if (strchr(name, '/')) {
      if (runnable(name)) { printf("%s\n", name); found = 1; }
    } else {
      for (const char *p = path; !found || all; p++) {
        const char *e = strchr(p, ':');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)len, len ? p : ".", "/", name);
        if (runnable(buf)) { printf("%s\n", buf); found = 1; }
        if (!e) break;
        p = e;
      }
    }
    if (!found) rc = 1;
  }
  return rc;
}
