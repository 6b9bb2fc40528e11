/* arith.c — $(( expression )): C integer arithmetic as POSIX sh has it (32-bit here, as the box's
 * long): numbers (decimal, 0x hex, 0 octal), variables (by name, with or without $), unary + - ! ~,
 * * / % + - << >> < <= > >= == != & ^ | && || ?: , and assignments = += -= *= /= %= <<= >>= &= ^= |=.
 * Errors (division by zero, bad syntax) print one line and make the expansion fail. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "sh.h"

static const char *A; /* the expression, and the position in it */
static int aerr;

static void skip(void) { while (*A == ' ' || *A == '\t' || *A == '\n') A++; }
static long fail(const char *what) {
  if (!aerr) fprintf(stderr, "sh: arithmetic: %s\n", what);
  aerr = 1;
  return 0;
}
static long var_value(const char *name, size_t len) {
  const char *v = get_var(name, len);
  if (!v || !*v) return 0;
  char *end;
  long n = strtol(v, &end, 0);
  while (*end == ' ') end++;
  if (*end) return fail("a variable is not a number");
  return n;
}
static long assign(long (*next)(void));
static long ternary(void);
static long primary(void) {
  skip();
  if (*A == '(') {
    A++;
    long v = assign(0);
    skip();
    if (*A != ')') return fail("missing )");
    A++;
    return v;
  }
  if (isdigit((unsigned char)*A)) {
    char *end;
    long v = strtol(A, &end, 0);
    if (isalnum((unsigned char)*end)) return fail("bad number");
    A = end;
    return v;
  }
  if (*A == '$') A++;
  if (isalpha((unsigned char)*A) || *A == '_') {
    const char *s = A;
    while (isalnum((unsigned char)*A) || *A == '_') A++;
    return var_value(s, (size_t)(A - s));
  }
  return fail(*A ? "syntax error" : "expression expected");
}
static long unary(void) {
  skip();
  if (*A == '-' && A[1] != '=') { A++; return -unary(); }
  if (*A == '+' && A[1] != '=') { A++; return unary(); }
  if (*A == '!' && A[1] != '=') { A++; return !unary(); }
  if (*A == '~') { A++; return ~unary(); }
  return primary();
}
/* Binary operators by precedence level, highest first; each level is left-associative. */
static const char *const LEVELS[][4] = {
  {"*", "/", "%", 0}, {"+", "-", 0}, {"<<", ">>", 0}, {"<=", ">=", "<", ">"}, {"==", "!=", 0}, {"&", 0}, {"^", 0}, {"|", 0}, {"&&", 0}, {"||", 0},
};
#define NLEVELS (int)(sizeof LEVELS / sizeof LEVELS[0])
static const char *match_op(int level) {
  skip();
  for (int i = 0; i < 4 && LEVELS[level][i]; i++) {
    const char *op = LEVELS[level][i];
    size_t n = strlen(op);
    if (strncmp(A, op, n)) continue;
    if (A[n] == '=' && strcmp(op, "<=") && strcmp(op, ">=") && strcmp(op, "==") && strcmp(op, "!=")) continue; /* op= is an assignment */
    if ((!strcmp(op, "&") && A[1] == '&') || (!strcmp(op, "|") && A[1] == '|') || (!strcmp(op, "<") && A[1] == '<') || (!strcmp(op, ">") && A[1] == '>')) continue;
    A += n;
    return op;
  }
  return 0;
}
static long binary(int level) {
  if (level < 0) return unary();
  long v = binary(level - 1);
  for (const char *op; (op = match_op(level));) {
    if (!strcmp(op, "&&")) { long r = binary(level - 1); v = v && r; continue; }
    if (!strcmp(op, "||")) { long r = binary(level - 1); v = v || r; continue; }
    long r = binary(level - 1);
    if (aerr) return 0;
    if ((!strcmp(op, "/") || !strcmp(op, "%")) && r == 0) return fail("division by zero");
    if (!strcmp(op, "*")) v *= r;
    else if (!strcmp(op, "/")) v = (v == (long)0x80000000L && r == -1) ? v : v / r;
    else if (!strcmp(op, "%")) v = r == -1 ? 0 : v % r;
    else if (!strcmp(op, "+")) v += r;
    else if (!strcmp(op, "-")) v -= r;
    else if (!strcmp(op, "<<")) v = (long)((unsigned long)v << (r & 31));
    else if (!strcmp(op, ">>")) v >>= (r & 31);
    else if (!strcmp(op, "<")) v = v < r;
    else if (!strcmp(op, "<=")) v = v <= r;
    else if (!strcmp(op, ">")) v = v > r;
    else if (!strcmp(op, ">=")) v = v >= r;
    else if (!strcmp(op, "==")) v = v == r;
    else if (!strcmp(op, "!=")) v = v != r;
    else if (!strcmp(op, "&")) v &= r;
    else if (!strcmp(op, "^")) v ^= r;
    else if (!strcmp(op, "|")) v |= r;
  }
  return v;
}
static long ternary(void) {
  long c = binary(NLEVELS - 1);
  skip();
  if (*A != '?') return c;
  A++;
  long a = assign(0);
  skip();
  if (*A != ':') return fail("missing : in ?:");
  A++;
  long b = ternary();
  return c ? a : b;
}
/* NAME op= expression, or a conditional expression. */
static long assign(long (*next)(void)) {
  (void)next;
  skip();
  const char *save = A;
  if (isalpha((unsigned char)*A) || *A == '_') {
    const char *s = A;
    while (isalnum((unsigned char)*A) || *A == '_') A++;
    size_t len = (size_t)(A - s);
    skip();
    static const char *const ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", 0};
    for (int i = 0; ops[i]; i++) {
      size_t n = strlen(ops[i]);
      if (strncmp(A, ops[i], n) || (n == 1 && A[1] == '=')) continue;
      A += n;
      long r = assign(0), v = i == 0 ? r : var_value(s, len);
      if (aerr) return 0;
      if ((i == 4 || i == 5) && r == 0) return fail("division by zero");
      switch (i) {
        case 1: v += r; break;
        case 2: v -= r; break;
        case 3: v *= r; break;
        case 4: v /= r; break;
        case 5: v %= r; break;
        case 6: v = (long)((unsigned long)v << (r & 31)); break;
        case 7: v >>= (r & 31); break;
        case 8: v &= r; break;
        case 9: v ^= r; break;
        case 10: v |= r; break;
      }
      char name[128], buf[24];
      if (len >= sizeof name) return fail("name too long");
      memcpy(name, s, len);
      name[len] = 0;
      snprintf(buf, sizeof buf, "%ld", v);
      set_var(name, buf, -1);
      return v;
    }
    A = save;
  }
  return ternary();
}

int arith_eval(const char *expr, long *out) {
  A = expr;
  aerr = 0;
  long v = assign(0);
  while (!aerr && *A == ',') { A++; v = assign(0); }
  skip();
  if (!aerr && *A) fail("syntax error");
  *out = v;
  return aerr ? -1 : 0;
}
