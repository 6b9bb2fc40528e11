/* test — evaluate a condition for the shell's if/while (also installed as `[`, which wants a
 * closing `]`): -e -f -d -r -w -x -s FILE, -n -z STRING, S1 = S2, S1 != S2, N1 -eq -ne -lt -le
 * -gt -ge N2, ! EXPR, EXPR -a EXPR, EXPR -o EXPR. Exit 0 true, 1 false, 2 error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char **av;
static int ac, pos, bad;

static const char *next(void) { return pos < ac ? av[pos++] : 0; }
static int primary(void);
static int not_expr(void) {
  if (pos < ac && !strcmp(av[pos], "!")) { pos++; return !not_expr(); }
  return primary();
}
static int and_expr(void) {
  int v = not_expr();
  while (pos < ac && !strcmp(av[pos], "-a")) { pos++; int w = not_expr(); v = v && w; }
  return v;
}
static int or_expr(void) {
  int v = and_expr();
  while (pos < ac && !strcmp(av[pos], "-o")) { pos++; int w = and_expr(); v = v || w; }
  return v;
}
/* An integer operand of -eq and friends (blanks around it allowed, as in dash); 0 when it is not one. */
static int integer(const char *s, long long *out) {
  char *end;
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) { fprintf(stderr, "test: : integer expression expected\n"); return 0; }
  *out = strtoll(s, &end, 10);
  while (*end == ' ' || *end == '\t') end++;
  if (*end || end == s) { fprintf(stderr, "test: %s: integer expression expected\n", s); return 0; }
  return 1;
}
static int primary(void) {
  const char *a = next();
  if (!a) { bad = 1; return 0; }
  /* Binary operators first: `test -n = -n` compares strings. */
  if (pos < ac) {
    const char *op = av[pos];
    static const char *const ops[] = {"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", 0};
    for (int i = 0; ops[i]; i++) {
      if (strcmp(op, ops[i])) continue;
      pos++;
      const char *b = next();
      if (!b) { bad = 1; return 0; }
      if (i == 0) return !strcmp(a, b);
      if (i == 1) return strcmp(a, b) != 0;
      long long x, y;
      if (!integer(a, &x) || !integer(b, &y)) { bad = 2; return 0; }
      switch (i) {
        case 2: return x == y;
        case 3: return x != y;
        case 4: return x < y;
        case 5: return x <= y;
        case 6: return x > y;
        default: return x >= y;
      }
    }
  }
  if (a[0] == '-' && a[1] && !a[2] && strchr("efdrwxsnz", a[1]) && pos < ac) {
    const char *b = next();
    if (a[1] == 'n') return b[0] != 0;
    if (a[1] == 'z') return b[0] == 0;
    struct stat st;
    if (stat(b, &st) < 0) return 0;
    switch (a[1]) {
      case 'f': return S_ISREG(st.st_mode);
      case 'd': return S_ISDIR(st.st_mode);
      case 's': return st.st_size > 0;
      case 'x': return (st.st_mode & 0111) != 0;
      default: return 1; /* -e -r -w: exists (no permission model) */
    }
  }
  return a[0] != 0; /* a lone string: true when not empty */
}

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/');
  name = name ? name + 1 : argv[0];
  av = argv;
  ac = argc;
  pos = 1;
  if (!strcmp(name, "[")) {
    if (argc < 2 || strcmp(argv[argc - 1], "]")) { fprintf(stderr, "[: missing ]\n"); return 2; }
    ac = argc - 1;
  }
  if (pos >= ac) return 1;
  int v = or_expr();
  if (bad == 2) return 2; /* not an integer: said already */
  if (bad || pos < ac) { fprintf(stderr, "test: bad expression\n"); return 2; }
  return v ? 0 : 1;
}
