/* ln — make links: `ln [-s] [-f] TARGET [LINK]` or `ln [-s] [-f] TARGET... DIR`. -s: symbolic
 * links (TARGET is stored as written), else hard links; -f: an existing LINK is removed first.
 * Without LINK the link is made in the current directory under TARGET's last component. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "args.h"

static int sym, force;

static const char *last_part(const char *p) {
  size_t n = strlen(p);
  while (n > 1 && p[n - 1] == '/') n--;
  const char *s = p + n;
  while (s > p && s[-1] != '/') s--;
  return s;
}

static int make(const char *target, const char *link_name) {
  if (force) {
    struct stat st;
    if (lstat(link_name, &st) == 0 && S_ISDIR(st.st_mode)) { fprintf(stderr, "ln: %s: cannot overwrite a directory\n", link_name); return 1; }
    if (unlink(link_name) < 0 && errno != ENOENT) { fprintf(stderr, "ln: %s: %s\n", link_name, strerror(errno)); return 1; }
  }
  if ((sym ? symlink(target, link_name) : link(target, link_name)) < 0) {
    /* a missing target of a hard link is the target's fault; anything else names the link */
    int e = errno;
    fprintf(stderr, "ln: %s: %s\n", !sym && e == ENOENT && access(target, F_OK) < 0 ? target : link_name, strerror(e));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  ARGS("ln", "[-s] [-f] TARGET [LINK] | TARGET... DIR");
  int c;
  while ((c = opt_next(argc, argv, "sfn")) != -1) {
    if (c == 's') sym = 1;
    else if (c == 'f') force = 1;
  }
  int n = argc - opt_ind;
  char **a = argv + opt_ind;
  if (n < 1) bad_usage("missing file operand");
  struct stat st;
  if (n == 1) return make(a[0], last_part(a[0]));
  const char *last = a[n - 1];
  if (stat(last, &st) == 0 && S_ISDIR(st.st_mode)) {
    int rc = 0;
    for (int i = 0; i < n - 1; i++) {
      size_t len = strlen(last) + strlen(a[i]) + 2;
      char *dst = malloc(len);
      snprintf(dst, len, "%s/%s", last, last_part(a[i]));
      rc |= make(a[i], dst);
      free(dst);
    }
    return rc;
  }
  if (n > 2) die(1, "target '%s' is not a directory", last);
  return make(a[0], a[1]);
}
