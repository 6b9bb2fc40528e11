/* cut — select parts of each line: -c LIST (characters, here bytes), -b LIST, or -f LIST with
 * -d DELIM (default TAB) and -s (drop lines without the delimiter). LIST: N, N-M, N-, -M, joined
 * by commas. */
#include <errno.h>
#include "args.h"

static unsigned char *want; /* want[i]: position i+1 selected */
static int nwant, from_on;  /* from_on: "N-" selects every position from N on */

static void parse_list(const char *s) {
  if (!*s) bad_usage("empty list");
  while (*s) {
    long a = 1, b;
    char *e;
    if (*s != '-') { a = strtol(s, &e, 10); if (e == s || a < 1) bad_usage("invalid field or byte list"); s = e; }
    b = a;
    if (*s == '-') {
      s++;
      if (*s >= '0' && *s <= '9') { b = strtol(s, &e, 10); s = e; }
      else b = -1;
      if (b != -1 && b < a) bad_usage("invalid decreasing range");
    }
    if (*s == ',') s++;
    else if (*s) bad_usage("invalid character in list: '%c'", *s);
    if (b == -1) { if (!from_on || a < from_on) from_on = (int)a; continue; }
    if (b > 100000) bad_usage("list too large");
    if (b > nwant) { want = realloc(want, (size_t)b); memset(want + nwant, 0, (size_t)(b - nwant)); nwant = (int)b; }
    for (long i = a; i <= b; i++) want[i - 1] = 1;
  }
}
static int selected(int pos) { return (from_on && pos >= from_on) || (pos <= nwant && want[pos - 1]); }

int main(int argc, char **argv) {
  ARGS("cut", "-b LIST | -c LIST | -f LIST [-d DELIM] [-s] [FILE...]");
  int mode = 0, only = 0, c;
  char delim = '\t';
  while ((c = opt_next(argc, argv, "b:c:f:d:sn")) != -1) {
    if (c == 'b' || c == 'c' || c == 'f') {
      if (mode) bad_usage("only one type of list may be specified");
      mode = c;
      parse_list(opt_arg);
    } else if (c == 'd') {
      if (strlen(opt_arg) != 1) bad_usage("the delimiter must be a single character");
      delim = opt_arg[0];
    } else if (c == 's') only = 1;
  }
  if (!mode) bad_usage("you must specify a list of bytes, characters, or fields");
  int rc = 0, i = opt_ind;
  do {
    FILE *f = stdin;
    const char *name = i < argc ? argv[i] : "-";
    if (strcmp(name, "-") && !(f = fopen(name, "r"))) { fprintf(stderr, "cut: %s: %s\n", name, strerror(errno)); rc = 1; continue; }
    char *line = 0;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
      if (len > 0 && line[len - 1] == '\n') line[--len] = 0;
      if (mode != 'f') {
        for (ssize_t k = 0; k < len; k++) if (selected((int)k + 1)) putchar(line[k]);
        putchar('\n');
        continue;
      }
      if (!memchr(line, delim, (size_t)len)) { if (!only) printf("%s\n", line); continue; }
      int field = 1, first = 1;
      char *p = line;
      for (;;) {
        char *e = memchr(p, delim, (size_t)(line + len - p));
        size_t fl = e ? (size_t)(e - p) : (size_t)(line + len - p);
        if (selected(field)) {
          if (!first) putchar(delim);
          fwrite(p, 1, fl, stdout);
          first = 0;
        }
        if (!e) break;
        p = e + 1;
        field++;
      }
      putchar('\n');
    }
    free(line);
    if (f != stdin) fclose(f);
  } while (++i < argc);
  return rc;
}
