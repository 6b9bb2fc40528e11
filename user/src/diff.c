/* diff — compare two files line by line: diff [-u | -U N] FILE1 FILE2 ("-" is stdin).
 * The normal format (2c2, < and > lines, ---) by default, the unified one with -u (3 lines of
 * context). The edit is a longest common subsequence of lines (a table of (N+1)(M+1) entries, so
 * files of a few thousand lines). Status 0 when equal, 1 when they differ, 2 on trouble. */
#include <errno.h>
#include <sys/stat.h>
#include "args.h"

typedef struct { char **l; int n; int nl_at_end; const char *name; long long mtime; } File;

static void load(File *f, const char *name) {
  FILE *in = strcmp(name, "-") ? fopen(name, "r") : stdin;
  if (!in) die(2, "%s: %s", name, strerror(errno));
  struct stat st;
  f->mtime = in != stdin && stat(name, &st) == 0 ? st.st_mtime : 0;
  f->name = name;
  char *line = 0;
  size_t cap = 0;
  ssize_t len;
  int cap_l = 0;
  f->nl_at_end = 1;
  while ((len = getline(&line, &cap, in)) >= 0) {
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
    else f->nl_at_end = 0;
    if (f->n == cap_l) f->l = realloc(f->l, sizeof(char *) * (size_t)(cap_l = cap_l ? cap_l * 2 : 64));
    f->l[f->n++] = strdup(line);
  }
  if (in != stdin) fclose(in);
}

/* ops[k]: '=' both, '-' only in a, '+' only in b; in order. */
static char *ops;
static int nops;

static void edit(File *a, File *b) {
  long long cells = (long long)(a->n + 1) * (b->n + 1);
  if (cells > 8000000) die(2, "files too large to compare (%d and %d lines)", a->n, b->n);
  unsigned short *t = calloc((size_t)cells, sizeof *t); /* t[i][j]: LCS of a[i..] and b[j..] */
  if (!t) die(2, "out of memory");
  int w = b->n + 1;
  for (int i = a->n - 1; i >= 0; i--)
    for (int j = b->n - 1; j >= 0; j--)
      t[i * w + j] = !strcmp(a->l[i], b->l[j]) ? t[(i + 1) * w + j + 1] + 1 : t[(i + 1) * w + j] >= t[i * w + j + 1] ? t[(i + 1) * w + j] : t[i * w + j + 1];
  ops = malloc((size_t)(a->n + b->n + 1));
  int i = 0, j = 0;
  while (i < a->n || j < b->n) {
    if (i < a->n && j < b->n && !strcmp(a->l[i], b->l[j])) ops[nops++] = '=', i++, j++;
    else if (j >= b->n || (i < a->n && t[(i + 1) * w + j] >= t[i * w + j + 1])) ops[nops++] = '-', i++;
    else ops[nops++] = '+', j++;
  }
  free(t);
}

static void range(int start, int count) {
  /* normal format: lines start+1..start+count, or just the line before when empty */
  if (count <= 1) printf("%d", count == 0 ? start : start + 1);
  else printf("%d,%d", start + 1, start + count);
}

static void line_out(char mark, File *f, int k) {
  printf("%c%s%s\n", mark, mark == '-' || mark == '+' || mark == ' ' ? "" : " ", f->l[k]);
  if (k == f->n - 1 && !f->nl_at_end) printf("\\ No newline at end of file\n");
}

static void normal(File *a, File *b) {
  int i = 0, j = 0;
  for (int k = 0; k < nops;) {
    if (ops[k] == '=') { i++, j++, k++; continue; }
    int di = 0, dj = 0;
    while (k < nops && ops[k] != '=') { if (ops[k] == '-') di++; else dj++; k++; }
    range(i, di);
    putchar(di && dj ? 'c' : di ? 'd' : 'a');
    range(j, dj);
    putchar('\n');
    for (int x = 0; x < di; x++) line_out('<', a, i + x);
    if (di && dj) printf("---\n");
    for (int x = 0; x < dj; x++) line_out('>', b, j + x);
    i += di;
    j += dj;
  }
}

static void stamp(const char *mark, File *f) {
  long long t = f->mtime < 0 ? 0 : f->mtime;
  long days = (long)(t / 86400), secs = (long)(t % 86400);
  long z = days + 719468, era = z / 146097, doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  printf("%s %s\t%04ld-%02ld-%02ld %02ld:%02ld:%02ld.000000000 +0000\n", mark, f->name, y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

static void urange(int start, int count) {
  if (count == 1) printf("%d", start + 1);
  else printf("%d,%d", count ? start + 1 : start, count);
}

static void unified(File *a, File *b, int ctx) {
  stamp("---", a);
  stamp("+++", b);
  /* positions in a and b before each op */
  int *pi = malloc(sizeof(int) * (size_t)(nops + 1)), *pj = malloc(sizeof(int) * (size_t)(nops + 1));
  for (int k = 0, i = 0, j = 0; k <= nops; k++) {
    pi[k] = i;
    pj[k] = j;
    if (k < nops) { if (ops[k] != '+') i++; if (ops[k] != '-') j++; }
  }
  for (int k = 0; k < nops;) {
    if (ops[k] == '=') { k++; continue; }
    /* a hunk: from ctx lines before this change to ctx lines after the last change that is
     * within 2*ctx unchanged lines of the one before it */
    int start = k, end = k;
    for (int x = k; x < nops; x++) {
      if (ops[x] != '=') { end = x + 1; continue; }
      int run = 0;
      while (x + run < nops && ops[x + run] == '=') run++;
      if (x + run >= nops || run > 2 * ctx) break;
      x += run - 1;
    }
    int hs = start - ctx < 0 ? 0 : start - ctx;
    while (hs < start && ops[hs] != '=') hs++;
    int he = end + ctx > nops ? nops : end + ctx;
    for (int x = end; x < he; x++) if (ops[x] != '=') { he = x; break; }
    int ca = 0, cb = 0;
    for (int x = hs; x < he; x++) { if (ops[x] != '+') ca++; if (ops[x] != '-') cb++; }
    printf("@@ -");
    urange(pi[hs], ca);
    printf(" +");
    urange(pj[hs], cb);
    printf(" @@\n");
    for (int x = hs; x < he; x++) {
      if (ops[x] == '=') line_out(' ', a, pi[x]);
      else if (ops[x] == '-') line_out('-', a, pi[x]);
      else line_out('+', b, pj[x]);
    }
    k = he;
  }
}

int main(int argc, char **argv) {
  ARGS("diff", "[-u | -U N] FILE1 FILE2");
  int uni = 0, ctx = 3, c;
  while ((c = opt_next(argc, argv, "uU:")) != -1) {
    uni = 1;
    if (c == 'U') { ctx = (int)number_arg(opt_arg, "context length"); if (ctx < 0) bad_usage("invalid context length '%s'", opt_arg); }
  }
  if (argc - opt_ind != 2) bad_usage(argc - opt_ind < 2 ? "missing operand" : "extra operand '%s'", argv[argc - 1]);
  File a = {0}, b = {0};
  load(&a, argv[opt_ind]);
  load(&b, argv[opt_ind + 1]);
  edit(&a, &b);
  int same = 1;
  for (int k = 0; k < nops; k++) if (ops[k] != '=') same = 0;
  /* the same lines but one file lacks the final newline: the last line differs */
  if (same && a.n == b.n && a.n > 0 && a.nl_at_end != b.nl_at_end) {
    ops[nops - 1] = '-';
    ops[nops++] = '+';
    same = 0;
  }
  if (same) return 0;
  if (uni) unified(&a, &b, ctx);
  else normal(&a, &b);
  return 1;
}
