/* expr — evaluate an expression given as separate arguments (POSIX): `|` `&` (lowest), the
 * comparisons `= != < <= > >=` (as integers when both sides are, else as strings), `+ -`,
 * `* / %`, `STRING : REGEX` (anchored basic regular expression as sed's, re.h: the text of
 * \(…\) or the number of characters matched) and `( … )`. Prints the result; status 0 when it is
 * neither empty nor 0, 1 when it is, 2 for a bad expression, a non-integer operand of
 * arithmetic or a division by zero. Integers are 64-bit. Also GNU's `length S`, `substr S POS
 * LEN`, `index S CHARS`, `match S RE` and `+ TOKEN` (TOKEN taken as a string). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "re.h"

static char **tok;
static int ntok, pos;

typedef struct { char *s; } Val;

static __attribute__((noreturn)) void fail(const char *fmt, const char *arg) {
  fprintf(stderr, "expr: ");
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(2);
}

static int is_int(const char *s, long long *v) {
  const char *p = s;
  if (*p == '-') p++;
  if (!*p) return 0;
  for (const char *q = p; *q; q++) if (*q < '0' || *q > '9') return 0;
  if (v) *v = strtoll(s, 0, 10);
  return 1;
}
static char *from_int(long long v) {
  char *b = malloc(24);
  snprintf(b, 24, "%lld", v);
  return b;
}
static int is_null(const char *s) {
  long long v;
  return !*s || (is_int(s, &v) && v == 0);
}
static const char *peek(void) { return pos < ntok ? tok[pos] : 0; }
static int accept(const char *op) {
  if (pos < ntok && !strcmp(tok[pos], op)) { pos++; return 1; }
  return 0;
}

static char *parse_or(void);
static char *regex_op(char *l, char *r);

static char *primary(void) {
  if (pos >= ntok) fail("syntax error: missing argument after '%s'", pos ? tok[pos - 1] : "expr");
  if (accept("(")) {
    char *v = parse_or();
    if (!accept(")")) fail(pos < ntok ? "syntax error: expecting ')' instead of '%s'" : "syntax error: expecting ')' after '%s'", pos < ntok ? tok[pos] : tok[pos - 1]);
    return v;
  }
  if (!strcmp(tok[pos], ")")) fail("syntax error: unexpected ')'%s", "");
  /* GNU's string functions (not POSIX, common in scripts): length, substr, index, match, + TOKEN */
  const char *t = tok[pos];
  if (!strcmp(t, "+") && pos + 1 < ntok) { pos += 2; return strdup(tok[pos - 1]); }
  if (!strcmp(t, "length") && pos + 1 < ntok) { pos++; char *a = primary(); char *v = from_int((long long)strlen(a)); free(a); return v; }
  if (!strcmp(t, "match") && pos + 2 < ntok) { pos++; char *a = primary(); return regex_op(a, primary()); }
  if (!strcmp(t, "length") || !strcmp(t, "match") || !strcmp(t, "index") || !strcmp(t, "substr"))
    if (pos + 1 + (t[0] == 'l' ? 1 : t[0] == 's' ? 3 : 2) > ntok) fail("syntax error: missing argument after '%s'", tok[ntok - 1]);
  if (!strcmp(t, "index") && pos + 2 < ntok) {
    pos++;
    char *a = primary(), *c = primary();
    size_t k = strcspn(a, c);
    char *v = from_int(a[k] ? (long long)k + 1 : 0);
    free(a);
    free(c);
    return v;
  }
  if (!strcmp(t, "substr") && pos + 3 < ntok) {
    pos++;
    char *a = primary(), *p = primary(), *l = primary();
    long long ps, ln, n = (long long)strlen(a);
    char *v;
    if (!is_int(p, &ps) || !is_int(l, &ln) || ps < 1 || ln < 1 || ps > n) v = strdup("");
    else v = strndup(a + ps - 1, (size_t)(ln < n - ps + 1 ? ln : n - ps + 1));
    free(a);
    free(p);
    free(l);
    return v;
  }
  return strdup(tok[pos++]);
}

/* STRING : REGEX — frees both. */
static char *regex_op(char *l, char *r) {
  const char *re = r[0] == '^' ? r + 1 : r; /* the match is anchored anyway */
  ReMatch m;
  memset(&m, 0, sizeof m);
  int g = 0;
  const char *e = re_here(re, l, l, &m, &g);
  char *v;
  if (g > 0) {
    if (e && m.so[1] && m.eo[1]) v = strndup(m.so[1], (size_t)(m.eo[1] - m.so[1]));
    else v = strdup("");
  } else v = from_int(e ? e - l : 0);
  free(l);
  free(r);
  return v;
}

static char *match(void) {
  char *l = primary();
  while (accept(":")) l = regex_op(l, primary());
  return l;
}

static char *arith(char *l, char *r, char op) {
  long long a, b;
  if (!is_int(l, &a) || !is_int(r, &b)) fail("non-integer argument%s", "");
  if ((op == '/' || op == '%') && b == 0) fail("division by zero%s", "");
  free(l);
  free(r);
  return from_int(op == '+' ? a + b : op == '-' ? a - b : op == '*' ? a * b : op == '/' ? a / b : a % b);
}

static char *mul(void) {
  char *l = match();
  for (;;) {
    const char *t = peek();
    if (!t || (strcmp(t, "*") && strcmp(t, "/") && strcmp(t, "%"))) return l;
    pos++;
    l = arith(l, match(), t[0]);
  }
}
static char *add(void) {
  char *l = mul();
  for (;;) {
    const char *t = peek();
    if (!t || (strcmp(t, "+") && strcmp(t, "-"))) return l;
    pos++;
    l = arith(l, mul(), t[0]);
  }
}
static char *cmp(void) {
  static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">=", 0};
  char *l = add();
  for (;;) {
    const char *t = peek();
    int k = -1;
    for (int i = 0; t && ops[i]; i++) if (!strcmp(t, ops[i])) k = i;
    if (k < 0) return l;
    pos++;
    char *r = add();
    long long a, b;
    int c;
    if (is_int(l, &a) && is_int(r, &b)) c = a < b ? -1 : a > b;
    else c = strcmp(l, r);
    int res = k == 0 ? c == 0 : k == 1 ? c != 0 : k == 2 ? c < 0 : k == 3 ? c <= 0 : k == 4 ? c > 0 : c >= 0;
    free(l);
    free(r);
    l = from_int(res);
  }
}
static char *parse_and(void) {
  char *l = cmp();
  while (accept("&")) {
    char *r = cmp();
    if (is_null(l) || is_null(r)) { free(l); l = from_int(0); }
    free(r);
  }
  return l;
}
static char *parse_or(void) {
  char *l = parse_and();
  while (accept("|")) {
    char *r = parse_and();
    if (!is_null(l)) { free(r); continue; }
    free(l);
    l = is_null(r) ? (free(r), from_int(0)) : r;
  }
  return l;
}

int main(int argc, char **argv) {
  ARGS("expr", "EXPRESSION");
  int first = 1;
  if (argc > 1 && !strcmp(argv[1], "--")) first = 2;
  tok = argv + first;
  ntok = argc - first;
  if (ntok == 0) bad_usage("missing operand");
  char *v = parse_or();
  if (pos < ntok) fail("syntax error: unexpected argument '%s'", tok[pos]);
  (void)re_search;
  printf("%s\n", v);
  return is_null(v) ? 1 : 0;
}
