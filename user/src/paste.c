/* paste — merge lines: `paste [-s] [-d LIST] FILE...`. Line N of every FILE on one line,
 * separated by the delimiters of LIST in turn (default a tab; escapes \n \t \\ \0 = none); a
 * file that has ended gives empty fields. -s: each file's lines joined on one line instead.
 * `-` is stdin (several `-` take its lines in turn). */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

static char delims[256];
static int ndelim;

static void parse_delims(const char *s) {
  ndelim = 0;
  for (; *s && ndelim < 255; s++) {
    char c = *s;
    if (c == '\\') {
      s++;
      c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == '0' ? 0 : *s == '\\' ? '\\' : *s;
      if (!*s) { c = '\\'; s--; }
    }
    delims[ndelim++] = c;
  }
}
static void put_delim(int k) {
  char c = delims[k % ndelim];
  if (c) putchar(c);
}

/* One line (without its newline) into *line; 0 at the end. */
static int get(FILE *f, char **line, size_t *cap) {
  ssize_t n = getline(line, cap, f);
  if (n < 0) return 0;
  if (n > 0 && (*line)[n - 1] == '\n') (*line)[n - 1] = 0;
  return 1;
}

int main(int argc, char **argv) {
  ARGS("paste", "[-s] [-d LIST] FILE...");
  int c, serial = 0, rc = 0;
  parse_delims("\t");
  while ((c = opt_next(argc, argv, "sd:")) != -1) {
    if (c == 's') serial = 1;
    else {
      parse_delims(opt_arg);
      if (ndelim == 0) { delims[0] = 0; ndelim = 1; } /* -d '' as \0 */
    }
  }
  int n = argc - opt_ind;
  char *std[] = {"-"};
  char **names = n ? argv + opt_ind : std;
  if (!n) n = 1;
  FILE **fs = calloc((size_t)n, sizeof *fs);
  for (int i = 0; i < n; i++) {
    fs[i] = strcmp(names[i], "-") ? fopen(names[i], "r") : stdin;
    if (!fs[i]) die(1, "%s: %s", names[i], strerror(errno));
  }
  char *line = 0;
  size_t cap = 0;
  if (serial) {
    for (int i = 0; i < n; i++) {
      int k = 0, any = 0;
      while (get(fs[i], &line, &cap)) {
        if (any) put_delim(k++);
        fputs(line, stdout);
        any = 1;
      }
      putchar('\n');
    }
    return rc;
  }
  int *done = calloc((size_t)n, sizeof *done);
  for (;;) {
    int live = 0;
    /* read first: a row where every file has ended is not printed */
    char **row = calloc((size_t)n, sizeof *row);
    for (int i = 0; i < n; i++) {
      if (done[i]) continue;
      if (get(fs[i], &line, &cap)) { row[i] = strdup(line); live = 1; }
      else done[i] = 1;
    }
    if (live) {
      for (int i = 0; i < n; i++) {
        if (i) put_delim(i - 1);
        if (row[i]) fputs(row[i], stdout);
      }
      putchar('\n');
    }
    for (int i = 0; i < n; i++) free(row[i]);
    free(row);
    if (!live) break;
  }
  return rc;
}
