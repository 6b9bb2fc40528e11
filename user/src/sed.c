/* sed — the stream editor's common subset: sed [-n] [-e SCRIPT]... [SCRIPT] [FILE...]
 *   commands   s/RE/REPLACEMENT/[g][p][N]  p  d  n  q  =  y/abc/xyz/  (separated by ; or newlines)
 *   addresses  N  $  /RE/  and ranges A,B; a `!` after the address negates it
 *   REPLACEMENT: & is the match, \1..\9 the groups, \n a newline; any delimiter after s or y.
 * Regular expressions are POSIX basic ones (re.h). Lines keep a missing final newline missing. */
#include <errno.h>
#include "args.h"
#include "re.h"

typedef struct {
  int kind;        /* 0 none, 'n' line number, '$' last, '/' regex */
  long line;
  char *re;
} Addr;

typedef struct {
  Addr a1, a2;
  int neg, in_range;
  char cmd;
  char *re, *rep; /* s: pattern and replacement; y: from and to */
  int global, print, nth;
} Cmd;

static Cmd cmds[256];
static int ncmds, quiet;
static char *last_re;

/* Text up to the unescaped delimiter d (escapes other than \d kept); advances *p. */
static char *delimited(char **p, char d) {
  char *s = *p, *out = malloc(strlen(s) + 1), *o = out;
  while (*s && *s != d) {
    if (*s == '\\' && s[1] == d) { *o++ = d; s += 2; continue; }
    if (*s == '\\' && s[1] == 'n' && d != 'n') { *o++ = '\\'; *o++ = 'n'; s += 2; continue; }
    if (*s == '\\' && s[1]) *o++ = *s++;
    *o++ = *s++;
  }
  if (*s != d) bad_usage("unterminated `%c' command", d);
  *o = 0;
  *p = s + 1;
  return out;
}

static int address(char **p, Addr *a) {
  char *s = *p;
  if (*s >= '0' && *s <= '9') { a->kind = 'n'; a->line = strtol(s, &s, 10); }
  else if (*s == '$') { a->kind = '$'; s++; }
  else if (*s == '/' || *s == '\\') {
    char d = *s == '\\' ? s[1] : '/';
    s += *s == '\\' ? 2 : 1;
    a->kind = '/';
    a->re = delimited(&s, d);
  } else return 0;
  *p = s;
  return 1;
}

static void parse(char *s) {
  for (;;) {
    while (*s == ' ' || *s == '\t' || *s == ';' || *s == '\n') s++;
    if (!*s) return;
    if (ncmds == 256) bad_usage("script too long");
    Cmd *c = &cmds[ncmds++];
    memset(c, 0, sizeof *c);
    if (address(&s, &c->a1) && *s == ',') {
      s++;
      if (!address(&s, &c->a2)) bad_usage("unexpected `,'");
    }
    while (*s == ' ') s++;
    if (*s == '!') { c->neg = 1; s++; while (*s == ' ') s++; }
    c->cmd = *s ? *s++ : 0;
    switch (c->cmd) {
    case 's': {
      char d = *s++;
      if (!d || d == '\n' || d == '\\') bad_usage("unterminated `s' command");
      c->re = delimited(&s, d);
      c->rep = delimited(&s, d);
      for (; *s && *s != ';' && *s != '\n' && *s != '}'; s++) {
        if (*s == 'g') c->global = 1;
        else if (*s == 'p') c->print = 1;
        else if (*s >= '1' && *s <= '9') c->nth = (int)strtol(s, &s, 10), s--;
        else if (*s == ' ') continue;
        else bad_usage("unknown option to `s': '%c'", *s);
      }
      break;
    }
    case 'y': {
      char d = *s++;
      c->re = delimited(&s, d);
      c->rep = delimited(&s, d);
      if (strlen(c->re) != strlen(c->rep)) bad_usage("strings for `y' command are different lengths");
      break;
    }
    case 'p': case 'd': case 'q': case '=': case 'n': break;
    case 0: bad_usage("missing command");
    default: bad_usage("unknown command: '%c'", c->cmd);
    }
  }
}

static const char *use_re(const char *re) {
  if (*re) { last_re = (char *)re; return re; }
  if (!last_re) die(4, "no previous regular expression");
  return last_re;
}

static int addr_match(Addr *a, const char *line, long n, int last) {
  ReMatch m;
  if (a->kind == 'n') return n == a->line;
  if (a->kind == '$') return last;
  return re_search(use_re(a->re), line, line, &m);
}

static int selects(Cmd *c, const char *line, long n, int last) {
  int r;
  if (!c->a1.kind) r = 1;
  else if (!c->a2.kind) r = addr_match(&c->a1, line, n, last);
  else if (c->in_range) {
    r = 1;
    /* the range ends at a line matching A2, or at once when A2 is a number already passed */
    if (c->a2.kind == 'n' ? n >= c->a2.line : addr_match(&c->a2, line, n, last)) c->in_range = 0;
  } else if (addr_match(&c->a1, line, n, last)) {
    r = 1;
    c->in_range = !(c->a2.kind == 'n' && c->a2.line <= n) && !(c->a2.kind == '$' && last);
  } else r = 0;
  return c->neg ? !r : r;
}

/* s///: a new malloc'd line, or NULL when nothing was replaced. */
static char *substitute(Cmd *c, const char *line) {
  const char *re = use_re(c->re);
  size_t cap = strlen(line) * 2 + 64, len = 0;
  char *out = malloc(cap);
  const char *from = line, *prev_end = 0;
  int count = 0, done = 0;
  ReMatch m;
  while (re_search(re, line, from, &m)) {
    const char *so = m.so[0], *eo = m.eo[0];
    if (so == eo && so == prev_end) { /* no empty match right after a match (POSIX, GNU) */
      if (!*so) break;
      if (len + 2 >= cap) out = realloc(out, cap *= 2);
      memcpy(out + len, from, (size_t)(so - from) + 1);
      len += (size_t)(so - from) + 1;
      from = so + 1;
      continue;
    }
    count++;
    int take = c->nth ? count == c->nth : 1;
    size_t need = (size_t)(so - from) + strlen(c->rep) * (size_t)(eo - so + 8) + 16;
    if (len + need >= cap) { cap = (len + need) * 2; out = realloc(out, cap); }
    memcpy(out + len, from, (size_t)(so - from));
    len += (size_t)(so - from);
    if (take) {
      for (const char *r = c->rep; *r; r++) {
        const char *a = 0, *b = 0;
        if (*r == '&') a = so, b = eo;
        else if (*r == '\\' && r[1] >= '1' && r[1] <= '9') { int k = *++r - '0'; a = m.so[k], b = m.eo[k]; if (!a || !b) continue; }
        else if (*r == '\\' && r[1] == 'n') { out[len++] = '\n'; r++; continue; }
        else if (*r == '\\' && r[1]) { out[len++] = *++r; continue; }
        else { out[len++] = *r; continue; }
        if (len + (size_t)(b - a) + 16 >= cap) { cap = (len + (size_t)(b - a)) * 2 + 64; out = realloc(out, cap); }
        memcpy(out + len, a, (size_t)(b - a));
        len += (size_t)(b - a);
      }
      done = 1;
    } else {
      memcpy(out + len, so, (size_t)(eo - so));
      len += (size_t)(eo - so);
    }
    prev_end = eo;
    from = eo;
    if (eo == so) { /* an empty match: copy one character and move on */
      if (!*eo) break;
      out[len++] = *eo;
      from = eo + 1;
    }
    if (take && !c->global) break;
  }
  if (!done) { free(out); return 0; }
  size_t rest = strlen(from);
  if (len + rest + 1 >= cap) out = realloc(out, len + rest + 1);
  memcpy(out + len, from, rest + 1);
  return out;
}

/* The input: every FILE in turn (stdin without any), one line of look-ahead so `$` knows the
 * last line. */
static char **files;
static int nfiles, fi, rc;
static FILE *in;
static char *la;
static size_t lacap;
static ssize_t lalen = -2; /* -2: nothing read yet, -1: the end */

static void fill(void) {
  if (lalen != -2) return;
  for (;;) {
    if (in) {
      lalen = getline(&la, &lacap, in);
      if (lalen >= 0) return;
      if (in != stdin) fclose(in);
      in = 0;
    }
    if (fi >= (nfiles ? nfiles : 1)) { lalen = -1; return; }
    const char *name = nfiles ? files[fi] : "-";
    fi++;
    in = strcmp(name, "-") ? fopen(name, "r") : stdin;
    if (!in) { fprintf(stderr, "sed: %s: %s\n", name, strerror(errno)); rc = 2; }
  }
}
static int is_last(void) {
  fill();
  return lalen < 0;
}
/* The next line into *line (without its newline; *nl says whether it had one); 0 at the end. */
static int next_line(char **line, size_t *cap, int *nl) {
  fill();
  if (lalen < 0) return 0;
  if ((size_t)lalen + 1 > *cap) *line = realloc(*line, *cap = (size_t)lalen + 64);
  *nl = lalen > 0 && la[lalen - 1] == '\n';
  memcpy(*line, la, (size_t)lalen + 1);
  if (*nl) (*line)[lalen - 1] = 0;
  lalen = -2;
  return 1;
}

static void emit(const char *line, int nl) {
  fputs(line, stdout);
  if (nl) putchar('\n');
}

int main(int argc, char **argv) {
  ARGS("sed", "[-n] [-e SCRIPT]... [SCRIPT] [FILE...]");
  int c, scripts = 0;
  while ((c = opt_next(argc, argv, "ne:")) != -1) {
    if (c == 'n') quiet = 1;
    else { parse(strdup(opt_arg)); scripts++; }
  }
  if (!scripts) {
    if (opt_ind >= argc) bad_usage("no script");
    parse(strdup(argv[opt_ind++]));
  }
  files = argv + opt_ind;
  nfiles = argc - opt_ind;
  char *line = 0;
  size_t lcap = 0;
  int nl;
  long n = 0;
  while (next_line(&line, &lcap, &nl)) {
    n++;
    int deleted = 0, quit = 0;
    for (int k = 0; k < ncmds && !deleted && !quit; k++) {
      Cmd *cm = &cmds[k];
      if (!selects(cm, line, n, is_last())) continue;
      switch (cm->cmd) {
      case 'p': emit(line, 1); break;
      case 'd': deleted = 1; break;
      case 'q': quit = 1; break;
      case '=': printf("%ld\n", n); break;
      case 'n':
        if (!quiet) emit(line, nl || !is_last());
        if (!next_line(&line, &lcap, &nl)) { deleted = quit = 1; break; }
        n++;
        break;
      case 'y':
        for (char *p = line; *p; p++) { char *at = strchr(cm->re, *p); if (at) *p = cm->rep[at - cm->re]; }
        break;
      case 's': {
        char *r = substitute(cm, line);
        if (r) {
          size_t l = strlen(r) + 1;
          if (l > lcap) line = realloc(line, lcap = l);
          memcpy(line, r, l);
          free(r);
          if (cm->print) emit(line, 1);
        }
        break;
      }
      }
    }
    if (!deleted && !quiet) emit(line, nl || !is_last());
    if (quit) break;
  }
  fflush(stdout);
  return rc;
}
