/* builtin.c — awk's builtin functions, printf/sprintf formatting, dynamic regular expressions
 * (a string used as one is compiled once and kept), and the named streams of redirections and
 * getline (files written with > or >>, commands piped to with |, files and commands read by
 * getline), closed by close() or at the end. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <math.h>
#include <sys/wait.h>
#include "awk.h"

static const char *const NAMES[] = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower",
                                    "toupper", "int", "sqrt", "rand", "srand", "system", "close", "fflush", "sin", "cos", "atan2", "exp", "log", 0};
int builtin_number(const char *s) {
  for (int i = 0; NAMES[i]; i++) if (!strcmp(NAMES[i], s)) return i;
  return -1;
}

/* ---------- regular expressions from strings ---------- */
#define RECACHE 16
static struct { char *text; Regex *re; } cache[RECACHE];
static int cache_next;
static Regex *dyn_regex(const char *s) {
  for (int i = 0; i < RECACHE; i++) if (cache[i].text && !strcmp(cache[i].text, s)) return cache[i].re;
  Regex *r = re_compile(s);
  if (!r) exit(2);
  free(cache[cache_next].text);
  cache[cache_next].text = strdup(s);
  cache[cache_next].re = r;
  cache_next = (cache_next + 1) % RECACHE;
  return r;
}
static Regex *regex_of(Node *n, Val *tmp) {
  if (n->op == N_REGEX) return n->re;
  if (n->op == N_STR && n->re) return n->re;
  *tmp = eval(n);
  return dyn_regex(to_str(tmp));
}
int regex_match(Node *re_node, const char *s) {
  size_t so, eo;
  Regex *r = re_node->re ? re_node->re : dyn_regex(re_node->str);
  return re_exec(r, s, strlen(s), 0, &so, &eo);
}

/* ---------- streams ---------- */
typedef struct { char *name; FILE *f; int pid, kind; } Stream;
#define MAXSTREAMS 32
static Stream streams[MAXSTREAMS];

static FILE *spawn(const char *cmd, int reading, int *pid) {
  int fds[2];
  if (pipe(fds) < 0) return 0;
  fflush(stdout);
  *pid = fork();
  if (*pid < 0) return 0;
  if (*pid == 0) {
    dup2(fds[reading ? 1 : 0], reading ? 1 : 0);
    close(fds[0]);
    close(fds[1]);
    execl("/bin/sh", "sh", "-c", cmd, (char *)0);
    _exit(127);
  }
  close(fds[reading ? 1 : 0]);
  return fdopen(fds[reading ? 0 : 1], reading ? "r" : "w");
}

FILE *out_stream(int kind, const char *name) {
  if (kind == 0) return stdout;
  if ((kind == '>' || kind == 'a') && !strcmp(name, "/dev/stdout")) return stdout;
  if ((kind == '>' || kind == 'a') && !strcmp(name, "/dev/stderr")) return stderr;
  if (kind == 'r' && !strcmp(name, "-")) return stdin;
  int free_slot = -1;
  for (int i = 0; i < MAXSTREAMS; i++) {
    if (streams[i].name && !strcmp(streams[i].name, name)) return streams[i].f;
    if (!streams[i].name && free_slot < 0) free_slot = i;
  }
  if (free_slot < 0) fatal("too many open files and commands (%d)", MAXSTREAMS);
  Stream *s = &streams[free_slot];
  int pid = 0;
  FILE *f;
  if (kind == '|' || kind == 'p') f = spawn(name, kind == 'p', &pid);
  else f = fopen(name, kind == '>' ? "w" : kind == 'a' ? "a" : "r");
  if (!f) {
    if (kind == 'r') return 0; /* getline gives -1 */
    fatal("can't redirect to %s", name);
  }
  s->name = strdup(name);
  s->f = f;
  s->pid = pid;
  s->kind = kind;
  return f;
}
static int close_slot(Stream *s) {
  fflush(stdout);
  int rc = fclose(s->f);
  if (s->pid) {
    int st;
    while (waitpid(s->pid, &st, 0) < 0) {}
    rc = WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
  }
  free(s->name);
  memset(s, 0, sizeof *s);
  return rc;
}
int close_stream(const char *name) {
  for (int i = 0; i < MAXSTREAMS; i++) if (streams[i].name && !strcmp(streams[i].name, name)) return close_slot(&streams[i]);
  return -1;
}
void close_all_streams(void) {
  for (int i = 0; i < MAXSTREAMS; i++) if (streams[i].name) close_slot(&streams[i]);
}

/* ---------- formatting ---------- */
typedef struct { char *b; size_t n, cap; } Buf;
static void put(Buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) { b->cap = (b->n + n + 1) * 2; b->b = realloc(b->b, b->cap); }
  memcpy(b->b + b->n, s, n);
  b->n += n;
  b->b[b->n] = 0;
}
char *format_values(const char *fmt, Node *args) {
  Buf out = {0, 0, 0};
  put(&out, "", 0);
  for (const char *p = fmt; *p;) {
    if (*p != '%') { const char *q = p; while (*q && *q != '%') q++; put(&out, p, (size_t)(q - p)); p = q; continue; }
    if (p[1] == '%') { put(&out, "%", 1); p += 2; continue; }
    /* %[flags][width][.prec]conv, with * taking arguments */
    char spec[64];
    size_t k = 0;
    spec[k++] = *p++;
    while (*p && strchr("-+ #0", *p) && k < 40) spec[k++] = *p++;
    for (int part = 0; part < 2; part++) {
      if (part == 1) { if (*p != '.') break; spec[k++] = *p++; }
      if (*p == '*') {
        p++;
        Val v = args ? eval(args) : v_num(0);
        if (args) args = args->next;
        k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", (int)to_num(&v));
        v_free(&v);
      } else while (isdigit((unsigned char)*p) && k < 50) spec[k++] = *p++;
    }
    while (*p == 'l' || *p == 'h') p++;
    char conv = *p;
    if (!conv) { put(&out, spec, k); break; }
    p++;
    Val v = args ? eval(args) : (Val){V_UNINIT, 0, 0, 0, 0};
    if (args) args = args->next;
    char tmp[512], *big = 0;
    int n = 0;
    switch (conv) {
      case 'd': case 'i':
        spec[k++] = 'l'; spec[k++] = 'l'; spec[k++] = 'd'; spec[k] = 0;
        n = snprintf(tmp, sizeof tmp, spec, (long long)to_num(&v));
        break;
      case 'o': case 'x': case 'X': case 'u':
        spec[k++] = 'l'; spec[k++] = 'l'; spec[k++] = conv; spec[k] = 0;
        n = snprintf(tmp, sizeof tmp, spec, (unsigned long long)(long long)to_num(&v));
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        spec[k++] = conv; spec[k] = 0;
        n = snprintf(tmp, sizeof tmp, spec, to_num(&v));
        break;
      case 'c': {
        char ch[2] = {0, 0};
        if (v.kind == V_NUM || v.kind == V_STRNUM) ch[0] = (char)(int)to_num(&v); /* a number, or input that looks like one */
        else ch[0] = to_str(&v)[0];
        spec[k++] = 's'; spec[k] = 0;
        if (!ch[0]) { /* a NUL character: put it by hand */
          put(&out, "", 1);
          v_free(&v);
          continue;
        }
        n = snprintf(tmp, sizeof tmp, spec, ch);
        break;
      }
      case 's': {
        spec[k++] = 's'; spec[k] = 0;
        const char *s = to_str(&v);
        size_t need = strlen(s) + 64 + (size_t)atoi(spec + 1 + strspn(spec + 1, "-+ #0"));
        big = malloc(need);
        n = snprintf(big, need, spec, s);
        break;
      }
      default:
        put(&out, spec, k);
        put(&out, &conv, 1);
        v_free(&v);
        continue;
    }
    if (big) { put(&out, big, (size_t)n); free(big); }
    else put(&out, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
    v_free(&v);
  }
  return out.b;
}

/* ---------- split ---------- */
static Array *split_arr;
static int split_n;
static void split_emit(const char *s, size_t n, void *ctx) {
  (void)ctx;
  char key[16], *t = strndup(s, n);
  snprintf(key, sizeof key, "%d", ++split_n);
  Val *v = array_get(split_arr, key, 1);
  v_free(v);
  *v = v_strnum(t);
  free(t);
}
int split_into(const char *s, Array *arr, const char *fs) {
  array_clear(arr);
  split_arr = arr;
  split_n = 0;
  split_text_pub(s, fs, split_emit, 0);
  return split_n;
}

/* ---------- sub and gsub ---------- */
static int substitute(Regex *re, const char *repl, Val *target, int global) {
  const char *s = to_str(target);
  size_t len = strlen(s), at = 0, so, eo;
  Buf out = {0, 0, 0};
  put(&out, "", 0);
  int count = 0;
  long last_end = -1;
  while (at <= len && re_exec(re, s, len, at, &so, &eo)) {
    if (so == eo && (long)so == last_end) {
      /* an empty match right after the previous match: not a new one */
      if (so < len) put(&out, s + so, 1);
      at = so + 1;
      continue;
    }
    put(&out, s + at, so - at);
    for (const char *r = repl; *r; r++) {
      if (*r == '\\' && (r[1] == '&' || r[1] == '\\')) { put(&out, r + 1, 1); r++; }
      else if (*r == '&') put(&out, s + so, eo - so);
      else put(&out, r, 1);
    }
    count++;
    if (eo == so) {
      if (so < len) put(&out, s + so, 1);
      at = so + 1;
    } else at = eo;
    last_end = (long)eo;
    if (!global) break;
  }
  if (at < len) put(&out, s + at, len - at);
  if (count) { v_free(target); *target = (Val){V_STR, 0, 1, 0, out.b}; }
  else free(out.b);
  return count;
}

static unsigned long long rand_state = 0x2545F4914F6CDD1DULL;
static double rand_seed;
static double next_rand(void) {
  rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(rand_state >> 11) / 9007199254740992.0;
}

Val call_builtin(Node *n) {
  Node *a1 = n->a, *a2 = a1 ? a1->next : 0, *a3 = a2 ? a2->next : 0;
  Val x, y, z, r;
  switch (n->sub) {
    case B_LENGTH:
      if (!a1) return v_num((double)strlen(record_text()));
      if (a1->op == N_VAR) {
        Cell *c = cell_for_length(a1);
        if (c && c->is_array) return v_num(array_length(c->arr));
      }
      x = eval(a1);
      r = v_num((double)strlen(to_str(&x)));
      v_free(&x);
      return r;
    case B_SUBSTR: {
      if (!a2) fatal("substr needs 2 or 3 arguments");
      x = eval(a1);
      y = eval(a2);
      const char *s = to_str(&x);
      double len = (double)strlen(s);
      double m = to_num(&y), cnt = a3 ? 0 : len - m + 1 + 1e-9;
      /* POSIX: characters from position round(m) for round(n), clipped to the string */
      double start = m >= 0 ? (double)(long long)(m + 0.5) : -(double)(long long)(-m + 0.5);
      double end;
      if (a3) { z = eval(a3); cnt = to_num(&z); v_free(&z); double c = cnt >= 0 ? (double)(long long)(cnt + 0.5) : -1; end = start + c; }
      else end = len + 1;
      if (start < 1) start = 1;
      if (end > len + 1) end = len + 1;
      r = end > start ? (Val){V_STR, 0, 1, 0, strndup(s + (long long)start - 1, (size_t)(end - start))} : v_str("");
      v_free(&x);
      v_free(&y);
      return r;
    }
    case B_INDEX: {
      if (!a2) fatal("index needs 2 arguments");
      x = eval(a1);
      y = eval(a2);
      const char *s = to_str(&x), *f = strstr(s, to_str(&y));
      r = v_num(f ? (double)(f - s + 1) : 0);
      v_free(&x);
      v_free(&y);
      return r;
    }
    case B_SPLIT: {
      if (!a2 || a2->op != N_VAR) fatal("split needs an array as its second argument");
      x = eval(a1);
      Array *arr = array_of(cell_for_array(a2));
      int cnt;
      if (a3 && a3->op == N_REGEX) cnt = split_into(to_str(&x), arr, a3->str);
      else if (a3) { y = eval(a3); cnt = split_into(to_str(&x), arr, to_str(&y)); v_free(&y); }
      else cnt = split_into(to_str(&x), arr, to_str(&c_FS->v));
      v_free(&x);
      return v_num(cnt);
    }
    case B_SUB: case B_GSUB: {
      if (!a2) fatal("%s needs 2 or 3 arguments", n->str);
      Val tmp = {V_UNINIT, 0, 0, 0, 0};
      Regex *re = regex_of(a1, &tmp);
      y = eval(a2);
      char *repl = strdup(to_str(&y));
      v_free(&y);
      int cnt;
      if (a3) {
        int field;
        Val *t = lvalue_pub(a3, &field);
        cnt = substitute(re, repl, t, n->sub == B_GSUB);
        if (cnt) after_assign_pub(a3, field);
      } else {
        Val *t = field_ref(0);
        cnt = substitute(re, repl, t, n->sub == B_GSUB);
        if (cnt) field_assigned(0);
      }
      free(repl);
      v_free(&tmp);
      return v_num(cnt);
    }
    case B_MATCH: {
      if (!a2) fatal("match needs 2 arguments");
      x = eval(a1);
      Val tmp = {V_UNINIT, 0, 0, 0, 0};
      Regex *re = regex_of(a2, &tmp);
      size_t so, eo;
      const char *s = to_str(&x);
      int m = re_exec(re, s, strlen(s), 0, &so, &eo);
      Val *rs = &c_RSTART->v, *rl = &c_RLENGTH->v;
      v_free(rs);
      v_free(rl);
      *rs = v_num(m ? (double)so + 1 : 0);
      *rl = v_num(m ? (double)(eo - so) : -1);
      v_free(&x);
      v_free(&tmp);
      return v_num(m ? (double)so + 1 : 0);
    }
    case B_SPRINTF: {
      if (!a1) fatal("sprintf needs a format");
      x = eval(a1);
      char *s = format_values(to_str(&x), a2);
      v_free(&x);
      return (Val){V_STR, 0, 1, 0, s};
    }
    case B_TOLOWER: case B_TOUPPER: {
      x = a1 ? eval(a1) : v_str("");
      char *s = strdup(to_str(&x));
      for (char *p = s; *p; p++) *p = (char)(n->sub == B_TOLOWER ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
      v_free(&x);
      return (Val){V_STR, 0, 1, 0, s};
    }
    case B_INT: x = a1 ? eval(a1) : v_num(0); r = v_num((double)(long long)to_num(&x)); v_free(&x); return r;
    case B_SQRT: case B_SIN: case B_COS: case B_EXP: case B_LOG: {
      x = a1 ? eval(a1) : v_num(0);
      double d = to_num(&x);
      v_free(&x);
      return v_num(n->sub == B_SQRT ? sqrt(d) : n->sub == B_SIN ? sin(d) : n->sub == B_COS ? cos(d) : n->sub == B_EXP ? exp(d) : log(d));
    }
    case B_ATAN2:
      if (!a2) fatal("atan2 needs 2 arguments");
      x = eval(a1);
      y = eval(a2);
      r = v_num(atan2(to_num(&x), to_num(&y)));
      v_free(&x);
      v_free(&y);
      return r;
    case B_RAND: return v_num(next_rand());
    case B_SRAND: {
      double old = rand_seed;
      if (a1) { x = eval(a1); rand_seed = to_num(&x); v_free(&x); }
      else rand_seed = (double)time(0);
      rand_state = (unsigned long long)(long long)rand_seed * 2654435761ULL + 0x2545F4914F6CDD1DULL;
      return v_num(old);
    }
    case B_SYSTEM: {
      x = a1 ? eval(a1) : v_str("");
      fflush(stdout);
      int pid = fork(), st = 0;
      if (pid == 0) { execl("/bin/sh", "sh", "-c", to_str(&x), (char *)0); _exit(127); }
      if (pid > 0) while (waitpid(pid, &st, 0) < 0) {}
      v_free(&x);
      return v_num(pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st));
    }
    case B_CLOSE: {
      x = a1 ? eval(a1) : v_str("");
      r = v_num(close_stream(to_str(&x)));
      v_free(&x);
      return r;
    }
    case B_FFLUSH:
      fflush(stdout);
      for (int i = 0; i < MAXSTREAMS; i++) if (streams[i].f) fflush(streams[i].f);
      return v_num(0);
  }
  fatal("internal error: builtin %d", n->sub);
}
