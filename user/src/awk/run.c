/* run.c — the interpreter: values (number, string, or a string from input that is compared as a
 * number when it looks like one), variables and arrays (insertion-ordered hash tables, so
 * `for (k in a)` is deterministic), the record and its fields, statements, and the main loop over
 * the input operands (FILE, `-`, or VAR=value assignments done in turn). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdarg.h>
#include <unistd.h>
#include <math.h>
#include "awk.h"

Cell *c_NR, *c_NF, *c_FNR, *c_FS, *c_OFS, *c_ORS, *c_RS, *c_FILENAME, *c_SUBSEP, *c_RSTART, *c_RLENGTH, *c_CONVFMT, *c_OFMT;

void fatal(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs("awk: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(2);
}

/* ---------- values ---------- */
static int looks_numeric(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  int digits = 0;
  while (isdigit((unsigned char)*p)) { p++; digits++; }
  if (*p == '.') { p++; while (isdigit((unsigned char)*p)) { p++; digits++; } }
  if (!digits) return 0;
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    if (*q == '+' || *q == '-') q++;
    if (isdigit((unsigned char)*q)) { while (isdigit((unsigned char)*q)) q++; p = q; }
  }
  while (*p == ' ' || *p == '\t' || *p == '\n') p++;
  return *p == 0;
}
/* awk's string → number: the longest decimal prefix (no hex, no inf/nan words). */
static double str_num(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1]))) return 0;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) return 0;
  /* a plain integer of up to 15 digits is exact as a double: skip strtod's general (and, in
   * soft float, slow) path */
  const char *q = p;
  long long v = 0;
  while (isdigit((unsigned char)*q) && q - p < 15) v = v * 10 + (*q++ - '0');
  if (q > p && !isdigit((unsigned char)*q) && *q != '.' && *q != 'e' && *q != 'E') return (double)(*s == '-' ? -v : v);
  return strtod(s, 0);
}
char *num_to_str(double d, const char *fmt) {
  char buf[64];
  if (d == (double)(long long)d && d > -1e16 && d < 1e16) snprintf(buf, sizeof buf, "%lld", (long long)d);
  else if (d != d) snprintf(buf, sizeof buf, "%s", "nan");
  else if (d > 1.7e308 || d < -1.7e308) snprintf(buf, sizeof buf, "%s", d > 0 ? "inf" : "-inf");
  else snprintf(buf, sizeof buf, fmt, d);
  return strdup(buf);
}
Val v_num(double d) { return (Val){V_NUM, 1, 0, d, 0}; }
Val v_str(const char *s) { return (Val){V_STR, 0, 1, 0, strdup(s)}; }
Val v_strnum(const char *s) {
  Val v = {looks_numeric(s) ? V_STRNUM : V_STR, 0, 1, 0, strdup(s)};
  return v;
}
Val v_copy(const Val *v) {
  Val c = *v;
  if (v->have_str) c.str = strdup(v->str);
  return c;
}
void v_free(Val *v) {
  if (v->have_str) free(v->str);
  v->have_str = 0;
  v->str = 0;
}
const char *to_str(Val *v) {
  if (!v->have_str) {
    v->str = v->kind == V_UNINIT ? strdup("") : num_to_str(v->num, to_str(&c_CONVFMT->v));
    v->have_str = 1;
  }
  return v->str;
}
double to_num(Val *v) {
  if (!v->have_num) {
    v->num = v->kind == V_UNINIT ? 0 : str_num(v->str);
    v->have_num = 1;
  }
  return v->num;
}
static int is_numeric(Val *v) { return v->kind == V_NUM || v->kind == V_STRNUM || v->kind == V_UNINIT; }
static int truth(Val *v) {
  if (v->kind == V_NUM || v->kind == V_STRNUM) return to_num(v) != 0;
  if (v->kind == V_UNINIT) return 0;
  return v->str[0] != 0;
}
static void assign(Val *dst, Val src) { v_free(dst); *dst = src; }
/* Output form of a value: numbers through OFMT. */
static char *out_str(Val *v) {
  if (v->kind == V_NUM && !v->have_str) return num_to_str(v->num, to_str(&c_OFMT->v));
  return strdup(to_str(v));
}

/* ---------- symbols ---------- */
#define NHASH 211
static Cell *symtab[NHASH];
static unsigned hash(const char *s) { unsigned h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }
Cell *lookup(const char *name) {
  unsigned h = hash(name) % NHASH;
  for (Cell *c = symtab[h]; c; c = c->next) if (!strcmp(c->name, name)) return c;
  Cell *c = calloc(1, sizeof *c);
  c->name = strdup(name);
  c->next = symtab[h];
  symtab[h] = c;
  return c;
}

/* ---------- arrays ---------- */
typedef struct Ent { char *key; Val v; struct Ent *hnext, *prev, *next; } Ent;
struct Array { Ent **b; int nb, n; Ent *first, *last; };
Array *array_of(Cell *c) {
  if (!c->is_array) {
    if (c->v.kind != V_UNINIT) fatal("can't use scalar %s as an array", c->name);
    c->is_array = 1;
    c->arr = calloc(1, sizeof(Array));
  }
  return c->arr;
}
static Ent *find(Array *a, const char *key, unsigned h) {
  if (!a->nb) return 0;
  for (Ent *e = a->b[h % (unsigned)a->nb]; e; e = e->hnext) if (!strcmp(e->key, key)) return e;
  return 0;
}
Val *array_get(Array *a, const char *key, int create) {
  unsigned h = hash(key);
  Ent *e = find(a, key, h);
  if (e) return &e->v;
  if (!create) return 0;
  if (a->n >= a->nb * 2) {
    int nb = a->nb ? a->nb * 4 : 16;
    Ent **b = calloc((size_t)nb, sizeof *b);
    for (Ent *x = a->first; x; x = x->next) { unsigned k = hash(x->key) % (unsigned)nb; x->hnext = b[k]; b[k] = x; }
    free(a->b);
    a->b = b;
    a->nb = nb;
  }
  e = calloc(1, sizeof *e);
  e->key = strdup(key);
  unsigned k = h % (unsigned)a->nb;
  e->hnext = a->b[k];
  a->b[k] = e;
  e->prev = a->last;
  if (a->last) a->last->next = e; else a->first = e;
  a->last = e;
  a->n++;
  return &e->v;
}
void array_delete(Array *a, const char *key) {
  unsigned h = hash(key);
  Ent *e = find(a, key, h);
  if (!e) return;
  Ent **pp = &a->b[h % (unsigned)a->nb];
  while (*pp != e) pp = &(*pp)->hnext;
  *pp = e->hnext;
  if (e->prev) e->prev->next = e->next; else a->first = e->next;
  if (e->next) e->next->prev = e->prev; else a->last = e->prev;
  a->n--;
  free(e->key);
  v_free(&e->v);
  free(e);
}
void array_clear(Array *a) {
  while (a->first) array_delete(a, a->first->key);
}
int array_length(Array *a) { return a->n; }

/* statement results */
enum { C_NORMAL, C_NEXT, C_EXIT, C_BREAK, C_CONTINUE, C_RETURN, C_NEXTFILE };
int exiting, exit_status;
int exec(Node *n);

/* ---------- function frames ---------- */
typedef struct { Cell c; Cell *ref; } Slot;
static Slot *frame;
static Val ret_val;
static int call_depth;

static Cell *scalar_cell(Node *n) {
  if (n->local < 0) return n->cell;
  return &frame[n->local].c;
}
static Cell *array_cell(Node *n) {
  if (n->local < 0) return n->cell;
  Slot *s = &frame[n->local];
  return s->ref ? s->ref : &s->c;
}

/* ---------- records and fields ---------- */
static Val rec;              /* $0 */
static Val *fields;          /* $1.. */
static int nf, fcap;
static void set_nf_cell(void) { assign(&c_NF->v, v_num(nf)); }

static void add_field(const char *s, size_t n) {
  if (nf + 1 >= fcap) { fcap = fcap ? fcap * 2 : 32; fields = realloc(fields, (size_t)fcap * sizeof(Val)); }
  char *t = strndup(s, n);
  fields[nf++] = v_strnum(t);
  free(t);
}
/* Split text by fs (the field splitting rules) through emit. */
static Regex *fs_re;
static char *fs_re_text;
static void split_text(const char *s, const char *fs, void (*emit)(const char *, size_t, void *), void *ctx) {
  size_t len = strlen(s);
  if (!strcmp(fs, " ")) {
    const char *p = s;
    for (;;) {
      while (*p == ' ' || *p == '\t' || *p == '\n') p++;
      if (!*p) return;
      const char *st = p;
      while (*p && *p != ' ' && *p != '\t' && *p != '\n') p++;
      emit(st, (size_t)(p - st), ctx);
    }
  }
  if (len == 0) return;
  if (!fs[0]) { for (size_t i = 0; i < len; i++) emit(s + i, 1, ctx); return; }
  if (!fs[1] && fs[0] != '\\') {
    const char *p = s;
    for (;;) {
      const char *e = strchr(p, fs[0]);
      if (!e) { emit(p, strlen(p), ctx); return; }
      emit(p, (size_t)(e - p), ctx);
      p = e + 1;
    }
  }
  if (!fs_re_text || strcmp(fs_re_text, fs)) {
    free(fs_re_text);
    fs_re_text = strdup(fs);
    fs_re = re_compile(fs);
    if (!fs_re) exit(2);
  }
  size_t at = 0, from = 0, so, eo;
  while (from <= len && re_exec(fs_re, s, len, from, &so, &eo)) {
    if (eo == so) { from = so + 1; continue; } /* an empty match splits nothing */
    emit(s + at, so - at, ctx);
    at = from = eo;
  }
  emit(s + at, len - at, ctx);
}
static void emit_field(const char *s, size_t n, void *ctx) { (void)ctx; add_field(s, n); }
static void split_record(void) {
  for (int i = 0; i < nf; i++) v_free(&fields[i]);
  nf = 0;
  split_text(to_str(&rec), to_str(&c_FS->v), emit_field, 0);
  set_nf_cell();
}
void set_record(const char *s, size_t n) {
  char *t = strndup(s, n);
  assign(&rec, v_strnum(t));
  free(t);
  split_record();
}
const char *record_text(void) { return to_str(&rec); }
static void rebuild_record(void) {
  const char *ofs = to_str(&c_OFS->v);
  size_t len = 1;
  for (int i = 0; i < nf; i++) len += strlen(to_str(&fields[i])) + strlen(ofs);
  char *b = malloc(len);
  b[0] = 0;
  for (int i = 0; i < nf; i++) { if (i) strcat(b, ofs); strcat(b, to_str(&fields[i])); }
  assign(&rec, v_strnum(b));
  free(b);
}
static void set_nf(int n) {
  if (n < 0) n = 0;
  while (nf < n) add_field("", 0);
  while (nf > n) v_free(&fields[--nf]);
  set_nf_cell();
  rebuild_record();
}
static Val empty_val;
static Val *field_get(int i) {
  if (i == 0) return &rec;
  if (i < 0) fatal("trying to access out of range field %d", i);
  if (i > nf) { v_free(&empty_val); empty_val = (Val){V_UNINIT, 0, 0, 0, 0}; return &empty_val; }
  return &fields[i - 1];
}
Val *field_ref(int i) {
  if (i == 0) return &rec;
  if (i < 0 || i > 100000) fatal("trying to access out of range field %d", i);
  while (nf < i) add_field("", 0);
  set_nf_cell();
  return &fields[i - 1];
}
void field_assigned(int i) {
  if (i == 0) split_record();
  else rebuild_record();
}

/* ---------- input ---------- */
/* One character of push-back per stream (paragraph mode looks one ahead); libc has no ungetc. */
static struct { FILE *f; int c; } pushed[8];
static int npushed;
static int rd_getc(FILE *f) {
  if (npushed)
    for (int i = 0; i < 8; i++) if (pushed[i].f == f) { pushed[i].f = 0; npushed--; return pushed[i].c; }
  return getc(f);
}
static void rd_ungetc(int c, FILE *f) {
  for (int i = 0; i < 8; i++) if (!pushed[i].f) { pushed[i].f = f; pushed[i].c = c; npushed++; return; }
}
int read_record(FILE *f, char **buf, size_t *len) {
  const char *rs = to_str(&c_RS->v);
  size_t cap = *buf ? *len + 1 : 0, n = 0;
  int c;
  if (!*buf) { cap = 256; *buf = malloc(cap); }
  cap = cap < 256 ? 256 : cap;
  *buf = realloc(*buf, cap);
  int para = rs[0] == 0, sep = para ? '\n' : (unsigned char)rs[0];
  if (para) { /* skip leading newlines */
    while ((c = rd_getc(f)) == '\n') {}
    if (c == EOF) return 0;
    rd_ungetc(c, f);
  }
  int got = 0;
  while ((c = rd_getc(f)) != EOF) {
    got = 1;
    if (c == sep) {
      if (!para) break;
      int d = rd_getc(f);
      if (d == '\n' || d == EOF) { /* a blank line ends the record; more newlines too */
        while (d == '\n') d = rd_getc(f);
        if (d != EOF) rd_ungetc(d, f);
        break;
      }
      rd_ungetc(d, f);
    }
    if (n + 2 >= cap) { cap *= 2; *buf = realloc(*buf, cap); }
    (*buf)[n++] = (char)c;
  }
  (*buf)[n] = 0;
  *len = n;
  return got;
}

static char **operands;
static int noperands, opi;
static FILE *cur_in;
static int cur_is_stdin, used_stdin;
static char *inbuf;
static size_t inlen;

static int valid_name(const char *s, size_t n) {
  if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
  for (size_t i = 1; i < n; i++) if (!isalnum((unsigned char)s[i]) && s[i] != '_') return 0;
  return 1;
}
/* VAR=value from the command line or -v: escapes processed, a numeric string. */
void command_assign(const char *arg) {
  const char *eq = strchr(arg, '=');
  char *name = strndup(arg, (size_t)(eq - arg));
  char *val = malloc(strlen(eq) + 1);
  size_t k = 0;
  for (const char *p = eq + 1; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      switch (*p) {
        case 'n': val[k++] = '\n'; break;
        case 't': val[k++] = '\t'; break;
        case '\\': val[k++] = '\\'; break;
        case '"': val[k++] = '"'; break;
        case '/': val[k++] = '/'; break;
        default: val[k++] = '\\'; val[k++] = *p;
      }
    } else val[k++] = *p;
  }
  val[k] = 0;
  Cell *c = lookup(name);
  if (c->is_array) fatal("can't assign to %s; it's an array name", name);
  assign(&c->v, v_strnum(val));
  free(name);
  free(val);
}
int is_assignment(const char *a) {
  const char *eq = strchr(a, '=');
  return eq && valid_name(a, (size_t)(eq - a));
}

/* The next record of the main input into inbuf; 0 at the end of all of it. */
static int next_main_record(void) {
  for (;;) {
    if (!cur_in) {
      while (opi < noperands && is_assignment(operands[opi])) command_assign(operands[opi++]);
      if (opi >= noperands) {
        if (used_stdin) return 0;
        used_stdin = 1;
        cur_in = stdin;
        cur_is_stdin = 1;
        assign(&c_FILENAME->v, v_str(""));
      } else {
        const char *name = operands[opi++];
        used_stdin = 1; /* a file operand means no implicit stdin */
        if (!strcmp(name, "-")) { cur_in = stdin; cur_is_stdin = 1; }
        else {
          cur_in = fopen(name, "r");
          cur_is_stdin = 0;
          if (!cur_in) { fflush(stdout); fprintf(stderr, "awk: %s: cannot open: No such file or directory\n", name); exit(2); }
        }
        assign(&c_FILENAME->v, v_str(name));
      }
      assign(&c_FNR->v, v_num(0));
    }
    if (read_record(cur_in, &inbuf, &inlen)) {
      assign(&c_NR->v, v_num(to_num(&c_NR->v) + 1));
      assign(&c_FNR->v, v_num(to_num(&c_FNR->v) + 1));
      return 1;
    }
    if (!cur_is_stdin) fclose(cur_in);
    cur_in = 0;
    if (opi >= noperands) return 0;
  }
}
static void skip_file(void) {
  if (cur_in && !cur_is_stdin) fclose(cur_in);
  if (cur_in) cur_in = 0;
}

/* ---------- expressions ---------- */
static Val *lvalue(Node *n, int *field) {
  *field = -1;
  if (n->op == N_VAR) {
    Cell *c = scalar_cell(n);
    if (c->is_array) fatal("can't assign to %s; it's an array name", c->name);
    return &c->v;
  }
  if (n->op == N_FIELD) {
    Val i = eval(n->a);
    *field = (int)to_num(&i);
    v_free(&i);
    return field_ref(*field);
  }
  /* N_INDEX */
  Val k = eval(n->a);
  char *key;
  if (n->a->next) {
    /* a[i, j]: the subscripts joined by SUBSEP */
    const char *sep = to_str(&c_SUBSEP->v);
    size_t len = strlen(to_str(&k)) + 1;
    key = strdup(to_str(&k));
    for (Node *x = n->a->next; x; x = x->next) {
      Val v = eval(x);
      len += strlen(sep) + strlen(to_str(&v));
      key = realloc(key, len);
      strcat(key, sep);
      strcat(key, to_str(&v));
      v_free(&v);
    }
  } else key = strdup(to_str(&k));
  v_free(&k);
  Val *v = array_get(array_of(array_cell(n)), key, 1);
  free(key);
  return v;
}
static void after_assign(Node *n, int field) {
  if (field >= 0) field_assigned(field);
  else if (n->op == N_VAR && scalar_cell(n) == c_NF) set_nf((int)to_num(&c_NF->v));
}
/* The key of a subscript list (a, b) joined by SUBSEP. */
static char *key_of(Node *list) {
  Val k = eval(list);
  char *key = strdup(to_str(&k));
  v_free(&k);
  for (Node *x = list->next; x; x = x->next) {
    Val v = eval(x);
    const char *sep = to_str(&c_SUBSEP->v);
    key = realloc(key, strlen(key) + strlen(sep) + strlen(to_str(&v)) + 1);
    strcat(key, sep);
    strcat(key, to_str(&v));
    v_free(&v);
  }
  return key;
}
static int compare(Val *a, Val *b) {
  if (is_numeric(a) && is_numeric(b)) {
    double x = to_num(a), y = to_num(b);
    return x < y ? -1 : x > y;
  }
  return strcmp(to_str(a), to_str(b));
}
static double arith(int op, double x, double y) {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': if (y == 0) fatal("division by zero"); return x / y;
    case '%': if (y == 0) fatal("division by zero in %%"); return x - y * (double)(long long)(x / y);
    case '^': {
      if (y == (double)(long long)y) {
        long long e = (long long)y;
        double r = 1, b = x;
        int neg = e < 0;
        if (neg) e = -e;
        while (e) { if (e & 1) r *= b; b *= b; e >>= 1; }
        return neg ? 1 / r : r;
      }
      return pow(x, y);
    }
  }
  return 0;
}
int regex_match(Node *re_node, const char *s);
Val call_function(Node *n);
int do_getline(Node *n);

Val eval(Node *n) {
  Val a, b, r;
  int field;
  switch (n->op) {
    case N_NUM: return v_num(n->num);
    case N_STR: return v_str(n->str);
    case N_REGEX: return v_num(regex_match(n, record_text()));
    case N_GROUP: return eval(n->a);
    case N_VAR: {
      Cell *c = scalar_cell(n);
      if (c->is_array) fatal("can't use array %s in scalar context", c->name);
      return v_copy(&c->v);
    }
    case N_FIELD: {
      a = eval(n->a);
      int i = (int)to_num(&a);
      v_free(&a);
      return v_copy(field_get(i));
    }
    case N_INDEX: {
      Val *v = lvalue(n, &field);
      return v_copy(v);
    }
    case N_ASSIGN: {
      b = eval(n->b);
      Val *dst = lvalue(n->a, &field);
      if (n->sub == '=') {
        /* the value's kind is kept (a string stays a string); a copy the target owns */
        r = b;
        if (r.kind == V_UNINIT) r = (Val){V_UNINIT, 0, 0, 0, 0};
      } else {
        r = v_num(arith(n->sub, to_num(dst), to_num(&b)));
        v_free(&b);
      }
      assign(dst, v_copy(&r));
      after_assign(n->a, field);
      return r;
    }
    case N_COND:
      a = eval(n->a);
      r = truth(&a) ? eval(n->b) : eval(n->c);
      v_free(&a);
      return r;
    case N_OR: case N_AND: {
      a = eval(n->a);
      int t = truth(&a);
      v_free(&a);
      if (n->op == N_OR && t) return v_num(1);
      if (n->op == N_AND && !t) return v_num(0);
      b = eval(n->b);
      t = truth(&b);
      v_free(&b);
      return v_num(t);
    }
    case N_IN: {
      char *key = key_of(n->a);
      int t = array_get(array_of(array_cell(n->b)), key, 0) != 0;
      free(key);
      return v_num(t);
    }
    case N_MATCH: case N_NOMATCH: {
      a = eval(n->a);
      int m;
      if (n->b->op == N_REGEX) m = regex_match(n->b, to_str(&a));
      else {
        b = eval(n->b);
        Node tmp = *n->b;
        tmp.op = N_STR;
        tmp.str = (char *)to_str(&b);
        tmp.re = 0;
        m = regex_match(&tmp, to_str(&a));
        v_free(&b);
      }
      v_free(&a);
      return v_num(n->op == N_MATCH ? m : !m);
    }
    case N_LT: case N_LE: case N_EQ: case N_NE: case N_GT: case N_GE: {
      a = eval(n->a);
      b = eval(n->b);
      int c = compare(&a, &b), t;
      v_free(&a);
      v_free(&b);
      switch (n->op) {
        case N_LT: t = c < 0; break;
        case N_LE: t = c <= 0; break;
        case N_EQ: t = c == 0; break;
        case N_NE: t = c != 0; break;
        case N_GT: t = c > 0; break;
        default: t = c >= 0;
      }
      return v_num(t);
    }
    case N_CAT: {
      a = eval(n->a);
      b = eval(n->b);
      const char *x = to_str(&a), *y = to_str(&b);
      char *s = malloc(strlen(x) + strlen(y) + 1);
      strcpy(s, x);
      strcat(s, y);
      v_free(&a);
      v_free(&b);
      r = (Val){V_STR, 0, 1, 0, s};
      return r;
    }
    case N_ADD: case N_SUB: case N_MUL: case N_DIV: case N_MOD: case N_POW: {
      static const char ops[] = {[N_ADD] = '+', [N_SUB] = '-', [N_MUL] = '*', [N_DIV] = '/', [N_MOD] = '%', [N_POW] = '^'};
      a = eval(n->a);
      b = eval(n->b);
      double x = to_num(&a), y = to_num(&b);
      v_free(&a);
      v_free(&b);
      return v_num(arith(ops[n->op], x, y));
    }
    case N_NOT: a = eval(n->a); r = v_num(!truth(&a)); v_free(&a); return r;
    case N_NEG: a = eval(n->a); r = v_num(-to_num(&a)); v_free(&a); return r;
    case N_PLUS: a = eval(n->a); r = v_num(to_num(&a)); v_free(&a); return r;
    case N_PREINC: case N_PREDEC: case N_POSTINC: case N_POSTDEC: {
      Val *dst = lvalue(n->a, &field);
      double old = to_num(dst), nw = old + (n->op == N_PREINC || n->op == N_POSTINC ? 1 : -1);
      assign(dst, v_num(nw));
      after_assign(n->a, field);
      return v_num(n->op == N_PREINC || n->op == N_PREDEC ? nw : old);
    }
    case N_CALL: return call_function(n);
    case N_BUILTIN: return call_builtin(n);
    case N_GETLINE: return v_num(do_getline(n));
  }
  fatal("internal error: expression %d", n->op);
}

/* ---------- functions ---------- */
Val call_function(Node *n) {
  Func *f = funcs;
  while (f && strcmp(f->name, n->str)) f = f->next;
  if (!f) fatal("calling undefined function %s", n->str);
  if (++call_depth > 1000) fatal("function call nesting too deep");
  Slot *slots = calloc((size_t)(f->nparams ? f->nparams : 1), sizeof(Slot));
  int i = 0;
  for (Node *arg = n->a; arg; arg = arg->next, i++) {
    if (i >= f->nparams) fatal("function %s called with more than %d arguments", f->name, f->nparams);
    if (arg->op == N_VAR) {
      Cell *c = array_cell(arg);
      if (c->is_array || c->v.kind == V_UNINIT) slots[i].ref = c; /* an array goes by reference */
      if (!c->is_array) slots[i].c.v = v_copy(&scalar_cell(arg)->v);
      slots[i].c.name = f->params[i];
      continue;
    }
    slots[i].c.v = eval(arg);
    slots[i].c.name = f->params[i];
  }
  for (; i < f->nparams; i++) slots[i].c.name = f->params[i];
  Slot *saved = frame;
  frame = slots;
  v_free(&ret_val);
  ret_val = (Val){V_UNINIT, 0, 0, 0, 0};
  int code = exec(f->body);
  frame = saved;
  for (i = 0; i < f->nparams; i++) {
    v_free(&slots[i].c.v);
    if (slots[i].c.is_array && !slots[i].ref) { array_clear(slots[i].c.arr); free(slots[i].c.arr); }
  }
  free(slots);
  call_depth--;
  Val r = ret_val;
  ret_val = (Val){V_UNINIT, 0, 0, 0, 0};
  if (code == C_EXIT) exiting = 1;
  return r;
}

/* ---------- statements ---------- */

static void print_stmt(Node *n) {
  FILE *out = stdout;
  if (n->sub) {
    Val t = eval(n->b);
    out = out_stream(n->sub, to_str(&t));
    v_free(&t);
  }
  if (n->op == S_PRINTF) {
    Val f = eval(n->a);
    char *s = format_values(to_str(&f), n->a->next);
    fputs(s, out);
    free(s);
    v_free(&f);
  } else if (!n->a) fputs(record_text(), out), fputs(to_str(&c_ORS->v), out);
  else {
    for (Node *x = n->a; x; x = x->next) {
      Val v = eval(x);
      char *s = out_str(&v);
      if (x != n->a) fputs(to_str(&c_OFS->v), out);
      fputs(s, out);
      free(s);
      v_free(&v);
    }
    fputs(to_str(&c_ORS->v), out);
  }
  if (out != stdout && n->sub == '|') fflush(out);
}

int exec(Node *n) {
  for (; n; n = n->next) {
    int code = C_NORMAL;
    Val v;
    switch (n->op) {
      case S_BLOCK: code = exec(n->a); break;
      case S_EXPR: v = eval(n->a); v_free(&v); if (exiting) code = C_EXIT; break;
      case S_PRINT: case S_PRINTF: print_stmt(n); break;
      case S_IF:
        v = eval(n->a);
        code = truth(&v) ? exec(n->b) : n->c ? exec(n->c) : C_NORMAL;
        v_free(&v);
        break;
      case S_WHILE: case S_DO: {
        /* while tests before each pass, do after */
        for (;;) {
          if (n->op == S_WHILE) { v = eval(n->a); int t = truth(&v); v_free(&v); if (!t) break; }
          int c = n->b ? exec(n->b) : C_NORMAL;
          if (c == C_BREAK) break;
          if (c != C_NORMAL && c != C_CONTINUE) { code = c; break; }
          if (n->op == S_DO) { v = eval(n->a); int t = truth(&v); v_free(&v); if (!t) break; }
        }
        break;
      }
      case S_FOR:
        if (n->a) { int c = exec_one(n->a); (void)c; }
        for (;;) {
          if (n->b) { v = eval(n->b); int t = truth(&v); v_free(&v); if (!t) break; }
          int c = n->d ? exec(n->d) : C_NORMAL;
          if (c == C_BREAK) break;
          if (c != C_NORMAL && c != C_CONTINUE) { code = c; break; }
          if (n->c) exec_one(n->c);
        }
        break;
      case S_FORIN: {
        Array *a = array_of(array_cell(n->b));
        /* the keys as they are now (the body may delete or add) */
        int k = 0, cnt = a->n;
        char **keys = malloc(sizeof(char *) * (size_t)(cnt ? cnt : 1));
        for (Ent *e = a->first; e; e = e->next) keys[k++] = strdup(e->key);
        int field;
        for (int i = 0; i < cnt; i++) {
          if (!array_get(a, keys[i], 0)) continue;
          Val *dst = lvalue(n->a, &field);
          assign(dst, v_strnum(keys[i]));
          int c = exec(n->c);
          if (c == C_BREAK) break;
          if (c != C_NORMAL && c != C_CONTINUE) { code = c; break; }
        }
        for (int i = 0; i < cnt; i++) free(keys[i]);
        free(keys);
        break;
      }
      case S_NEXT: return C_NEXT;
      case S_NEXTFILE: return C_NEXTFILE;
      case S_BREAK: return C_BREAK;
      case S_CONTINUE: return C_CONTINUE;
      case S_EXIT:
        if (n->a) { v = eval(n->a); exit_status = (int)to_num(&v) & 255; v_free(&v); }
        exiting = 1;
        return C_EXIT;
      case S_RETURN:
        if (call_depth == 0) fatal("return outside a function");
        if (n->a) { v_free(&ret_val); ret_val = eval(n->a); }
        return C_RETURN;
      case S_DELETE: {
        Array *a = array_of(array_cell(n->b));
        if (!n->a) array_clear(a);
        else { char *key = key_of(n->a); array_delete(a, key); free(key); }
        break;
      }
    }
    if (code != C_NORMAL) return code;
  }
  return C_NORMAL;
}
/* One statement alone (for's init and step: not a list). */
int exec_one(Node *n) {
  Node *next = n->next;
  n->next = 0;
  int c = exec(n);
  n->next = next;
  return c;
}

/* ---------- getline ---------- */
typedef struct { char *name; FILE *f; } InStream;
int do_getline(Node *n) {
  int field;
  if (n->sub == 0) { /* from the main input */
    if (!next_main_record()) return 0;
    if (n->a) { Val *dst = lvalue(n->a, &field); assign(dst, v_strnum(inbuf)); after_assign(n->a, field); }
    else set_record(inbuf, inlen);
    return 1;
  }
  Val src = eval(n->b);
  FILE *f = out_stream(n->sub == '<' ? 'r' : 'p', to_str(&src));
  v_free(&src);
  if (!f) return -1;
  char *buf = 0;
  size_t len = 0;
  if (!read_record(f, &buf, &len)) { free(buf); return 0; }
  if (n->sub == '|') assign(&c_NR->v, v_num(to_num(&c_NR->v) + 1));
  if (n->a) { Val *dst = lvalue(n->a, &field); assign(dst, v_strnum(buf)); after_assign(n->a, field); }
  else { set_record(buf, len); if (n->sub == '<') {} }
  free(buf);
  return 1;
}

/* ---------- the program ---------- */
int split_into(const char *s, Array *arr, const char *fs);

static int run_items(void) {
  for (Item *it = items; it; it = it->next) {
    int sel;
    if (!it->pat) sel = 1;
    else if (!it->pat2) { Val v = eval(it->pat); sel = truth(&v); v_free(&v); }
    else {
      if (!it->range_on) {
        Val v = eval(it->pat);
        sel = truth(&v);
        v_free(&v);
        if (sel) {
          Val e = eval(it->pat2);
          it->range_on = !truth(&e);
          v_free(&e);
        }
      } else {
        sel = 1;
        Val e = eval(it->pat2);
        if (truth(&e)) it->range_on = 0;
        v_free(&e);
      }
    }
    if (exiting) return C_EXIT;
    if (!sel) continue;
    int c;
    if (it->action) c = exec(it->action);
    else { fputs(record_text(), stdout); fputs(to_str(&c_ORS->v), stdout); c = C_NORMAL; }
    if (c == C_NEXT) return C_NORMAL;
    if (c == C_NEXTFILE) { skip_file(); return C_NORMAL; }
    if (c == C_EXIT) return C_EXIT;
  }
  return C_NORMAL;
}

int run_program(int argc, char **argv) {
  operands = argv;
  noperands = argc;
  int code = C_NORMAL;
  if (begin_actions) code = exec(begin_actions);
  if (code != C_EXIT && !exiting && has_main_items) {
    while (next_main_record()) {
      set_record(inbuf, inlen);
      if (run_items() == C_EXIT) break;
    }
  }
  int was_exit_in_end = 0;
  exiting = 0;
  if (end_actions && !was_exit_in_end) exec(end_actions);
  fflush(stdout);
  close_all_streams();
  return exit_status;
}

/* ---------- for builtin.c and main.c ---------- */
Cell *cell_for_array(Node *var) { return array_cell(var); }
Cell *cell_for_length(Node *var) { return array_cell(var); }
Val *lvalue_pub(Node *n, int *field) { return lvalue(n, field); }
void after_assign_pub(Node *n, int field) { after_assign(n, field); }
void split_text_pub(const char *s, const char *fs, void (*emit)(const char *, size_t, void *), void *ctx) { split_text(s, fs, emit, ctx); }

static void set_var(Cell **c, const char *name, Val v) {
  *c = lookup(name);
  (*c)->v = v;
}
void init_vars(void) {
  set_var(&c_NR, "NR", v_num(0));
  set_var(&c_NF, "NF", v_num(0));
  set_var(&c_FNR, "FNR", v_num(0));
  set_var(&c_FS, "FS", v_str(" "));
  set_var(&c_OFS, "OFS", v_str(" "));
  set_var(&c_ORS, "ORS", v_str("\n"));
  set_var(&c_RS, "RS", v_str("\n"));
  set_var(&c_FILENAME, "FILENAME", v_str(""));
  set_var(&c_SUBSEP, "SUBSEP", v_str("\034"));
  set_var(&c_RSTART, "RSTART", v_num(0));
  set_var(&c_RLENGTH, "RLENGTH", v_num(-1));
  set_var(&c_CONVFMT, "CONVFMT", v_str("%.6g"));
  set_var(&c_OFMT, "OFMT", v_str("%.6g"));
  rec = v_str("");
  /* ENVIRON */
  extern char **environ;
  Array *env = array_of(lookup("ENVIRON"));
  for (char **e = environ; e && *e; e++) {
    char *eq = strchr(*e, '=');
    if (!eq) continue;
    char *k = strndup(*e, (size_t)(eq - *e));
    *array_get(env, k, 1) = v_strnum(eq + 1);
    free(k);
  }
}
