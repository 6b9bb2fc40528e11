/* readlink — the target of a symbolic link: `readlink [-n] [-f|-e|-m] FILE...`. Plain: the link's
 * contents (a FILE that is no link prints nothing, status 1, as GNU). -f: the canonical absolute
 * path (every link followed, `.`/`..` resolved; all but the last component must exist), -e: every
 * component must exist, -m: none need. -n: no newline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "args.h"

#define MAXP 4096
#ifndef ELOOP
#define ELOOP 40 /* libc errno.h lacks it; Linux's number */
#endif

/* Canonicalize in into out (MAXP). need: 'f', 'e' or 'm'. 0 on success, else errno. */
static int canon(const char *in, char *out, int need) {
  char rest[MAXP]; /* what is left to walk */
  int links = 0;
  if (in[0] == '/') out[0] = 0;
  else if (!getcwd(out, MAXP)) return errno;
  if (!strcmp(out, "/")) out[0] = 0;
  snprintf(rest, sizeof rest, "%s", in);
  char *p = rest;
  int missing = 0; /* a component did not exist: later ones are only appended */
  while (*p) {
    while (*p == '/') p++;
    if (!*p) break;
    char *e = p;
    while (*e && *e != '/') e++;
    size_t n = (size_t)(e - p);
    int last = 1;
    for (char *q = e; *q; q++) if (*q != '/') { last = 0; break; }
    if (n == 1 && p[0] == '.') { p = e; continue; }
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      char *s = strrchr(out, '/');
      if (s) *s = 0;
      p = e;
      continue;
    }
    size_t ol = strlen(out);
    if (ol + n + 2 >= MAXP) return ENAMETOOLONG;
    out[ol] = '/';
    memcpy(out + ol + 1, p, n);
    out[ol + 1 + n] = 0;
    p = e;
    if (missing) continue;
    struct stat st;
    if (lstat(out, &st) < 0) {
      if (errno != ENOENT) return errno;
      if (need == 'e' || (need == 'f' && !last)) return ENOENT;
      missing = 1;
      continue;
    }
    if (S_ISLNK(st.st_mode)) {
      if (++links > 40) return ELOOP;
      char target[MAXP];
      ssize_t tl = readlink(out, target, sizeof target - 1);
      if (tl < 0) return errno;
      target[tl] = 0;
      char next[MAXP];
      snprintf(next, sizeof next, "%s/%s", target, p);
      snprintf(rest, sizeof rest, "%s", next);
      p = rest;
      out[ol] = 0; /* drop the link itself */
      if (target[0] == '/') out[0] = 0;
      continue;
    }
    if (!last && !S_ISDIR(st.st_mode)) return ENOTDIR;
  }
  if (!out[0]) strcpy(out, "/");
  return 0;
}

int main(int argc, char **argv) {
  ARGS("readlink", "[-n] [-f|-e|-m] FILE...");
  int c, mode = 0, nonl = 0, rc = 0;
  while ((c = opt_next(argc, argv, "nfemqsv")) != -1) {
    if (c == 'n') nonl = 1;
    else if (c == 'f' || c == 'e' || c == 'm') mode = c;
  }
  if (opt_ind >= argc) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) {
    char buf[MAXP];
    if (mode) {
      int e = canon(argv[i], buf, mode);
      if (e) { rc = 1; continue; } /* GNU prints nothing for these either */
    } else {
      ssize_t n = readlink(argv[i], buf, sizeof buf - 1);
      if (n < 0) {
        if (errno != EINVAL && errno != ENOENT) fprintf(stderr, "readlink: %s: %s\n", argv[i], strerror(errno));
        rc = 1;
        continue;
      }
      buf[n] = 0;
    }
    fputs(buf, stdout);
    if (!nonl) putchar('\n');
  }
  return rc;
}
