/* uniq — drop adjacent duplicate lines of stdin (or FILE); -c prefixes counts, -d only repeated. */
#include <errno.h>
#include "args.h"

static int opt_c, opt_d;

static void emit(const char *line, long count) {
  if (opt_d && count < 2) return;
  if (opt_c) printf("%7ld %s", count, line);
  else fputs(line, stdout);
}

int main(int argc, char **argv) {
  ARGS("uniq", "[-cd] [FILE]");
  int c;
  while ((c = opt_next(argc, argv, "cd")) != -1) {
    if (c == 'c') opt_c = 1;
    else opt_d = 1;
  }
  int i = opt_ind;
  if (argc - i > 1) bad_usage("extra operand '%s'", argv[i + 1]);
  FILE *f = stdin;
  if (i < argc && !(f = fopen(argv[i], "r"))) { fprintf(stderr, "uniq: %s: %s\n", argv[i], strerror(errno)); return 1; }
  char *line = 0, *prev = 0;
  size_t cap = 0;
  long count = 0;
  while (getline(&line, &cap, f) >= 0) {
    size_t l = strlen(line);
    if (l == 0 || line[l - 1] != '\n') { line = realloc(line, l + 2); line[l] = '\n'; line[l + 1] = 0; cap = l + 2; }
    if (prev && !strcmp(prev, line)) { count++; continue; }
    if (prev) { emit(prev, count); free(prev); }
    prev = strdup(line);
    count = 1;
  }
  if (prev) emit(prev, count);
  return 0;
}
