/* uniq — drop adjacent duplicate lines of stdin (or FILE); -c prefixes counts, -d only repeated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static int opt_c, opt_d;

static void emit(const char *line, long count) {
  if (opt_d && count < 2) return;
  if (opt_c) printf("%7ld %s", count, line);
  else fputs(line, stdout);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *f = argv[i] + 1; *f; f++) {
      if (*f == 'c') opt_c = 1;
      else if (*f == 'd') opt_d = 1;
      else { fprintf(stderr, "usage: uniq [-cd] [FILE]\n"); return 2; }
    }
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
