/* regex.c — POSIX extended regular expressions for awk: literals, `.`, bracket expressions
 * (ranges, negation, [:classes:]), anchors, groups, `|`, and the repetitions * + ? {n} {n,}
 * {n,m}; escapes \n \t \/ \. etc. Compiled to a small instruction list with relative jumps and
 * run as a Thompson NFA (no backtracking, so no exponential cases), finding the leftmost-longest
 * match as POSIX wants for sub/gsub/match. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdio.h>
#include "awk.h"

enum { I_CHAR, I_ANY, I_SET, I_SPLIT, I_JMP, I_BOL, I_EOL, I_MATCH };
typedef struct { int op, x, y; unsigned char *set; } Inst; /* x, y: relative targets */

struct Regex { Inst *code; int n, cap; };

typedef struct { const char *p; Regex *r; int err; } Comp;

static void emit(Comp *c, int op, int x, int y, unsigned char *set) {
  Regex *r = c->r;
  if (r->n == r->cap) { r->cap = r->cap ? r->cap * 2 : 32; r->code = realloc(r->code, (size_t)r->cap * sizeof(Inst)); }
  r->code[r->n++] = (Inst){op, x, y, set};
}
/* Insert an instruction at position at (shifting the rest; relative jumps inside stay valid). */
static void insert(Comp *c, int at, int op, int x, int y) {
  emit(c, I_MATCH, 0, 0, 0);
  Regex *r = c->r;
  memmove(r->code + at + 1, r->code + at, (size_t)(r->n - 1 - at) * sizeof(Inst));
  r->code[at] = (Inst){op, x, y, 0};
}

static int class_match(const char *name, size_t n, int ch) {
  static const char *const names[] = {"alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print", "graph", "cntrl", "xdigit", 0};
  for (int i = 0; names[i]; i++) {
    if (strlen(names[i]) != n || strncmp(names[i], name, n)) continue;
    switch (i) {
      case 0: return isalpha(ch);
      case 1: return isdigit(ch);
      case 2: return isalnum(ch);
      case 3: return isupper(ch);
      case 4: return islower(ch);
      case 5: return isspace(ch);
      case 6: return ch == ' ' || ch == '\t';
      case 7: return ispunct(ch);
      case 8: return isprint(ch);
      case 9: return isprint(ch) && ch != ' ';
      case 10: return iscntrl(ch);
      case 11: return isxdigit(ch);
    }
  }
  return -1;
}

static int escape_char(int ch) {
  switch (ch) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'v': return '\v';
    case 'a': return 7;
    case 'b': return 8;
  }
  return ch;
}

static void parse_alt(Comp *c);

static void parse_set(Comp *c) {
  unsigned char *set = calloc(32, 1);
  int neg = 0;
  const char *p = c->p + 1;
  if (*p == '^') { neg = 1; p++; }
  int first = 1;
  while (*p && (*p != ']' || first)) {
    first = 0;
    int lo;
    if (p[0] == '[' && p[1] == ':') {
      const char *e = strstr(p + 2, ":]");
      if (!e) { c->err = 1; return; }
      for (int ch = 1; ch < 256; ch++) {
        int m = class_match(p + 2, (size_t)(e - p - 2), ch);
        if (m < 0) { c->err = 1; return; }
        if (m) set[ch >> 3] |= (unsigned char)(1 << (ch & 7));
      }
      p = e + 2;
      continue;
    }
    if (*p == '\\' && p[1]) { lo = escape_char((unsigned char)p[1]); p += 2; }
    else lo = (unsigned char)*p++;
    int hi = lo;
    if (*p == '-' && p[1] && p[1] != ']') {
      p++;
      if (*p == '\\' && p[1]) { hi = escape_char((unsigned char)p[1]); p += 2; }
      else hi = (unsigned char)*p++;
    }
    for (int ch = lo; ch <= hi; ch++) set[ch >> 3] |= (unsigned char)(1 << (ch & 7));
  }
  if (*p != ']') { c->err = 1; return; }
  if (neg) for (int i = 0; i < 32; i++) set[i] = (unsigned char)~set[i];
  c->p = p + 1;
  emit(c, I_SET, 0, 0, set);
}

static void parse_atom(Comp *c) {
  const char *p = c->p;
  switch (*p) {
    case '(':
      c->p++;
      if (*c->p == ')') { c->p++; return; } /* () matches empty */
      parse_alt(c);
      if (*c->p != ')') { c->err = 1; return; }
      c->p++;
      return;
    case '.': c->p++; emit(c, I_ANY, 0, 0, 0); return;
    case '[': parse_set(c); return;
    case '^': c->p++; emit(c, I_BOL, 0, 0, 0); return;
    case '$': c->p++; emit(c, I_EOL, 0, 0, 0); return;
    case '\\':
      if (!p[1]) { c->p++; emit(c, I_CHAR, '\\', 0, 0); return; }
      c->p += 2;
      emit(c, I_CHAR, escape_char((unsigned char)p[1]), 0, 0);
      return;
    default: c->p++; emit(c, I_CHAR, (unsigned char)*p, 0, 0); return;
  }
}

/* Repeat the code [start, end) per the quantifier at c->p. */
static void quantify(Comp *c, int start) {
  for (;;) {
    Regex *r = c->r;
    int len = r->n - start;
    char q = *c->p;
    if (q == '*') { /* L1: split L2, L3; L2: e; jmp L1; L3: */
      c->p++;
      insert(c, start, I_SPLIT, 1, len + 2);
      emit(c, I_JMP, -(len + 1), 0, 0);
    } else if (q == '+') { /* L1: e; split L1, L3 */
      c->p++;
      emit(c, I_SPLIT, -len, 1, 0);
    } else if (q == '?') {
      c->p++;
      insert(c, start, I_SPLIT, 1, len + 1);
    } else if (q == '{' && isdigit((unsigned char)c->p[1])) {
      const char *p = c->p + 1;
      int lo = 0, hi;
      while (isdigit((unsigned char)*p)) lo = lo * 10 + (*p++ - '0');
      hi = lo;
      if (*p == ',') {
        p++;
        if (isdigit((unsigned char)*p)) { hi = 0; while (isdigit((unsigned char)*p)) hi = hi * 10 + (*p++ - '0'); }
        else hi = -1;
      }
      if (*p != '}' || (hi >= 0 && hi < lo) || lo > 255 || hi > 255) { c->err = 1; return; }
      c->p = p + 1;
      Inst *copy = malloc((size_t)(len ? len : 1) * sizeof(Inst));
      memcpy(copy, r->code + start, (size_t)len * sizeof(Inst));
      r->n = start;
      for (int i = 0; i < lo; i++) for (int k = 0; k < len; k++) emit(c, copy[k].op, copy[k].x, copy[k].y, copy[k].set);
      if (hi < 0) { /* then e* */
        int s2 = c->r->n;
        for (int k = 0; k < len; k++) emit(c, copy[k].op, copy[k].x, copy[k].y, copy[k].set);
        insert(c, s2, I_SPLIT, 1, len + 2);
        emit(c, I_JMP, -(len + 1), 0, 0);
      } else {
        for (int i = lo; i < hi; i++) { /* (e)? each */
          int s2 = c->r->n;
          for (int k = 0; k < len; k++) emit(c, copy[k].op, copy[k].x, copy[k].y, copy[k].set);
          insert(c, s2, I_SPLIT, 1, len + 1);
        }
      }
      free(copy);
    } else return;
  }
}

static void parse_concat(Comp *c) {
  while (*c->p && *c->p != '|' && *c->p != ')' && !c->err) {
    int start = c->r->n;
    if (*c->p == '*' || *c->p == '+' || *c->p == '?') { emit(c, I_CHAR, (unsigned char)*c->p++, 0, 0); continue; } /* leading: literal */
    parse_atom(c);
    quantify(c, start);
  }
}

static void parse_alt(Comp *c) {
  int start = c->r->n;
  parse_concat(c);
  while (*c->p == '|' && !c->err) {
    c->p++;
    /* split L1, L2; L1: left; jmp end; L2: right */
    int left = c->r->n - start;
    insert(c, start, I_SPLIT, 1, left + 2);
    int jmp_at = c->r->n;
    emit(c, I_JMP, 0, 0, 0);
    parse_concat(c);
    c->r->code[jmp_at].x = c->r->n - jmp_at;
  }
}

Regex *re_compile(const char *pat) {
  Regex *r = calloc(1, sizeof *r);
  Comp c = {pat, r, 0};
  parse_alt(&c);
  if (*c.p) c.err = 1; /* an unmatched ) */
  if (c.err) { fprintf(stderr, "awk: bad regular expression: /%s/\n", pat); return 0; }
  emit(&c, I_MATCH, 0, 0, 0);
  return r;
}

/* ---- the NFA simulation ---- */
typedef struct { int *pc; int n; } List;

static void add(Regex *r, List *l, int *mark, int gen, int pc, const char *s, size_t n, size_t pos) {
  if (mark[pc] == gen) return;
  mark[pc] = gen;
  Inst *in = &r->code[pc];
  switch (in->op) {
    case I_JMP: add(r, l, mark, gen, pc + in->x, s, n, pos); return;
    case I_SPLIT: add(r, l, mark, gen, pc + in->x, s, n, pos); add(r, l, mark, gen, pc + in->y, s, n, pos); return;
    case I_BOL: if (pos == 0) add(r, l, mark, gen, pc + 1, s, n, pos); return;
    case I_EOL: if (pos == n) add(r, l, mark, gen, pc + 1, s, n, pos); return;
    default: l->pc[l->n++] = pc;
  }
}

int re_exec(Regex *r, const char *s, size_t n, size_t from, size_t *so, size_t *eo) {
  int *mark = calloc((size_t)r->n, sizeof(int));
  List a = {malloc((size_t)r->n * sizeof(int)), 0}, b = {malloc((size_t)r->n * sizeof(int)), 0};
  int gen = 0, found = 0;
  for (size_t start = from; start <= n && !found; start++) {
    a.n = 0;
    add(r, &a, mark, ++gen, 0, s, n, start);
    long best = -1;
    for (size_t pos = start;; pos++) {
      for (int i = 0; i < a.n; i++) if (r->code[a.pc[i]].op == I_MATCH) { best = (long)pos; break; }
      if (pos >= n || a.n == 0) break;
      unsigned char ch = (unsigned char)s[pos];
      b.n = 0;
      ++gen;
      for (int i = 0; i < a.n; i++) {
        Inst *in = &r->code[a.pc[i]];
        int ok = in->op == I_ANY || (in->op == I_CHAR && in->x == ch) || (in->op == I_SET && (in->set[ch >> 3] >> (ch & 7) & 1));
        if (ok) add(r, &b, mark, gen, a.pc[i] + 1, s, n, pos + 1);
      }
      List t = a; a = b; b = t;
    }
    if (best >= 0) { *so = start; *eo = (size_t)best; found = 1; }
  }
  free(mark);
  free(a.pc);
  free(b.pc);
  return found;
}
