/* grep — print lines matching a pattern: literal characters plus ^ $ . * (and \ to quote).
 * Options -v (non-matching), -c (count), -n (line numbers), -i (ignore case), -q (quiet). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "args.h"

static int opt_v, opt_c, opt_n, opt_i, opt_q;

/* One pattern item: a character (or any, for '.'), possibly repeated ('*'). */
static int char_eq(const char *pat, char c) {
  if (pat[0] == '\\' && pat[1]) return opt_i ? tolower(pat[1]) == tolower(c) : pat[1] == c;
  if (pat[0] == '.') return 1;
  return opt_i ? tolower(pat[0]) == tolower(c) : pat[0] == c;
}
static int item_len(const char *pat) { return pat[0] == '\\' && pat[1] ? 2 : 1; }

/* Does pat match a prefix of text? (pat has no leading '^'.) */
static int match_here(const char *pat, const char *text) {
  for (;;) {
    if (!pat[0]) return 1;
    int il = item_len(pat);
    if (pat[il] == '*') {
      const char *t = text;
      /* Greedy: take as many as possible, then back off. */
      while (*t && char_eq(pat, *t)) t++;
      for (;; t--) {
        if (match_here(pat + il + 1, t)) return 1;
        if (t == text) return 0;
      }
    }
    if (pat[0] == '$' && !pat[1]) return *text == 0;
    if (!*text || !char_eq(pat, *text)) return 0;
    pat += il;
    text++;
  }
}
static int match(const char *pat, const char *text) {
  if (pat[0] == '^') return match_here(pat + 1, text);
  do {
    if (match_here(pat, text)) return 1;
  } while (*text++);
  return 0;
}

/* Search one stream; returns the number of selected lines. */
static long grep(const char *pat, FILE *f, const char *name) {
  char *line = 0;
  size_t cap = 0;
  long count = 0, no = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    no++;
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
    if (match(pat, line) == opt_v) continue;
    count++;
    if (opt_q) break;
    if (opt_c) continue;
    if (name) printf("%s:", name);
    if (opt_n) printf("%ld:", no);
    printf("%s\n", line);
  }
  free(line);
  if (opt_c && !opt_q) {
    if (name) printf("%s:", name);
    printf("%ld\n", count);
  }
  return count;
}

int main(int argc, char **argv) {
  ARGS("grep", "[-vcniq] PATTERN [FILE...]");
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--")) { i++; break; }
    for (const char *f = argv[i] + 1; *f; f++) {
      if (*f == 'v') opt_v = 1;
      else if (*f == 'c') opt_c = 1;
      else if (*f == 'n') opt_n = 1;
      else if (*f == 'i') opt_i = 1;
      else if (*f == 'q') opt_q = 1;
      else bad_usage("unknown option '-%c'", *f);
    }
  }
  if (i >= argc) bad_usage("missing pattern");
  const char *pat = argv[i++];
  long found = 0;
  int err = 0;
  if (i == argc) found = grep(pat, stdin, 0);
  int many = argc - i > 1;
  for (; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) { fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno)); err = 1; continue; }
    found += grep(pat, f, many ? argv[i] : 0);
    fclose(f);
  }
  return err ? 2 : found ? 0 : 1;
}
