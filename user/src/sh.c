/* sh — the shell: pipelines, redirections (< > >> N> N>&M), & ; && ||, quotes and backslashes,
 * $VAR $? $$ $! $# $0-$9 ${VAR} ~ expansion, VAR=value, builtins (cd pwd exit export unset jobs fg
 * bg wait kill), `sh -c CMD`, `sh SCRIPT`, and job control when interactive: every job in its own
 * process group, the foreground job owns the terminal, ^Z stops it, fg/bg continue it.
 * Words keep their raw text until the command runs so that $? sees the previous command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <ctype.h>
#include <sys/wait.h>
#include <dirent.h>

#define MAXWORDS 256
#define MAXREDIR 8
#define MAXCMDS 32
#define MAXJOBS 16
#define MAXVARS 64

/* ---------- variables ---------- */
typedef struct { char *name, *value; int exported; } Var;
static Var vars[MAXVARS];
static int last_status, shell_pid, last_bg_pid;
static char **pos_args;
static int pos_count;

static Var *find_var(const char *name, size_t len) {
  for (int i = 0; i < MAXVARS; i++)
    if (vars[i].name && strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len)) return &vars[i];
  return 0;
}
/* Set (or create) a shell variable; exported = -1 keeps the current export flag. */
static void set_var(const char *name, const char *value, int exported) {
  Var *v = find_var(name, strlen(name));
  if (!v) {
    for (int i = 0; i < MAXVARS && !v; i++) if (!vars[i].name) v = &vars[i];
    if (!v) { fprintf(stderr, "sh: too many variables\n"); return; }
    v->name = strdup(name);
    v->value = 0;
    v->exported = 0;
  }
  if (value) { free(v->value); v->value = strdup(value); }
  if (exported >= 0) v->exported = exported;
}
static const char *get_var(const char *name, size_t len) {
  Var *v = find_var(name, len);
  return v && v->value ? v->value : 0;
}
static int valid_name(const char *s, size_t len) {
  if (!len || !(isalpha(s[0]) || s[0] == '_')) return 0;
  for (size_t i = 1; i < len; i++) if (!(isalnum(s[i]) || s[i] == '_')) return 0;
  return 1;
}
/* The environment handed to exec: every exported variable with a value. */
static char **build_env(void) {
  char **env = malloc(sizeof(char *) * (MAXVARS + 1));
  int n = 0;
  for (int i = 0; i < MAXVARS; i++) {
    if (!vars[i].name || !vars[i].exported || !vars[i].value) continue;
    size_t a = strlen(vars[i].name), b = strlen(vars[i].value);
    char *s = malloc(a + b + 2);
    memcpy(s, vars[i].name, a);
    s[a] = '=';
    memcpy(s + a + 1, vars[i].value, b + 1);
    env[n++] = s;
  }
  env[n] = 0;
  return env;
}

/* ---------- expansion ---------- */
typedef struct { char **v; int n, cap; char *cur; size_t len, cap2; int has, glob; } Fields;
static void f_putc(Fields *f, char c) {
  if (f->len + 2 > f->cap2) { f->cap2 = f->cap2 ? f->cap2 * 2 : 64; f->cur = realloc(f->cur, f->cap2); }
  f->cur[f->len++] = c;
  f->cur[f->len] = 0;
  f->has = 1;
}
static void f_free(Fields *f) {
  for (int i = 0; i < f->n; i++) free(f->v[i]);
  free(f->v);
  free(f->cur);
  memset(f, 0, sizeof *f);
}
static void f_add(Fields *f, char *word) {
  if (f->n + 2 > f->cap) { f->cap = f->cap ? f->cap * 2 : 8; f->v = realloc(f->v, sizeof(char *) * (size_t)f->cap); }
  f->v[f->n++] = word;
  f->v[f->n] = 0;
}
/* Does name match the glob pattern (only '*' and '?')? */
static int glob_match(const char *p, const char *n) {
  for (; *p; p++, n++) {
    if (*p == '*') {
      for (const char *t = n;; t++) {
        if (glob_match(p + 1, t)) return 1;
        if (!*t) return 0;
      }
    }
    if (!*n || (*p != '?' && *p != *n)) return 0;
  }
  return !*n;
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
/* Expand a word whose last path component holds an unquoted * or ?; no match keeps the word. */
static void glob_word(Fields *f, char *word) {
  char *slash = strrchr(word, '/');
  const char *pat = slash ? slash + 1 : word;
  if (!strchr(pat, '*') && !strchr(pat, '?')) { f_add(f, word); return; }
  char dir[256];
  size_t dl = slash ? (size_t)(slash - word) : 0;
  if (dl >= sizeof dir) { f_add(f, word); return; }
  memcpy(dir, word, dl);
  dir[dl] = 0;
  DIR *d = opendir(slash ? (dl ? dir : "/") : ".");
  int first = f->n;
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.' && pat[0] != '.') continue;
      if (!glob_match(pat, e->d_name)) continue;
      char *m = malloc(dl + strlen(e->d_name) + 2);
      if (slash) { memcpy(m, word, dl + 1); strcpy(m + dl + 1, e->d_name); }
      else strcpy(m, e->d_name);
      f_add(f, m);
    }
    closedir(d);
  }
  if (f->n == first) { f_add(f, word); return; }
  qsort(f->v + first, (size_t)(f->n - first), sizeof(char *), cmp_str);
  free(word);
}
static void f_end(Fields *f) {
  if (!f->has) return;
  char *w = f->cur ? f->cur : strdup("");
  if (f->glob) glob_word(f, w);
  else f_add(f, w);
  f->cur = 0;
  f->len = f->cap2 = 0;
  f->has = 0;
  f->glob = 0;
}
/* Value of the parameter at *pp (after '$'); advances *pp. NULL when it is a literal '$'. */
static const char *param(const char **pp, char *tmp) {
  const char *p = *pp;
  if (*p == '?') { *pp = p + 1; snprintf(tmp, 16, "%d", last_status); return tmp; }
  if (*p == '$') { *pp = p + 1; snprintf(tmp, 16, "%d", shell_pid); return tmp; }
  if (*p == '!') { *pp = p + 1; snprintf(tmp, 16, "%d", last_bg_pid); return tmp; }
  if (*p == '#') { *pp = p + 1; snprintf(tmp, 16, "%d", pos_count > 0 ? pos_count - 1 : 0); return tmp; }
  if (isdigit(*p)) { *pp = p + 1; int i = *p - '0'; return i < pos_count ? pos_args[i] : ""; }
  if (*p == '{') {
    const char *e = strchr(p, '}');
    if (!e) return 0;
    *pp = e + 1;
    const char *v = get_var(p + 1, (size_t)(e - p - 1));
    return v ? v : "";
  }
  const char *s = p;
  while (isalnum(*p) || *p == '_') p++;
  if (p == s) return 0;
  *pp = p;
  const char *v = get_var(s, (size_t)(p - s));
  return v ? v : "";
}
/* Expand one raw word into fields: quote removal, parameters, ~, splitting of unquoted values. */
static void expand_word(const char *w, Fields *f) {
  char tmp[16];
  if (w[0] == '~' && (w[1] == 0 || w[1] == '/')) {
    const char *h = get_var("HOME", 4);
    for (h = h ? h : "/"; *h; h++) f_putc(f, *h);
    w++;
  }
  while (*w) {
    char c = *w++;
    if (c == '\\') {
      if (*w == '\n') w++; /* backslash-newline joins lines */
      else if (*w) f_putc(f, *w++);
      continue;
    }
    if (c == '\'') {
      f->has = 1;
      while (*w && *w != '\'') f_putc(f, *w++);
      if (*w) w++;
      continue;
    }
    if (c == '"') {
      f->has = 1;
      while (*w && *w != '"') {
        if (*w == '\\' && w[1] && strchr("$`\"\\", w[1])) { f_putc(f, w[1]); w += 2; continue; }
        if (*w == '$') {
          const char *p = w + 1, *v = param(&p, tmp);
          if (v) { while (*v) f_putc(f, *v++); w = p; continue; }
        }
        f_putc(f, *w++);
      }
      if (*w) w++;
      continue;
    }
    if (c == '$') {
      const char *p = w, *v = param(&p, tmp);
      if (v) {
        w = p;
        for (; *v; v++) {
          if (*v == ' ' || *v == '\t' || *v == '\n') f_end(f);
          else f_putc(f, *v);
        }
        continue;
      }
    }
    if (c == '*' || c == '?') f->glob = 1; /* only an unquoted, literal wildcard globs */
    f_putc(f, c);
  }
  f_end(f);
}

/* ---------- lexing and parsing ---------- */
enum { T_WORD, T_PIPE, T_AND, T_OR, T_AMP, T_SEMI, T_REDIR };
enum { R_IN, R_OUT, R_APP, R_DUP };
typedef struct { int type, start, end, rop, rfd; char *text; } Tok;
typedef struct { int fd, op; char *target; } Redir;
struct Compound;
/* A simple command, or a compound one (for/while/until/if) when comp is set. */
typedef struct { char *words[MAXWORDS]; int nwords; Redir r[MAXREDIR]; int nredir; struct Compound *comp; } Cmd;
typedef struct { Cmd *cmds[MAXCMDS]; int ncmds, start, end; } Pipe;
typedef struct { Pipe *pipes[MAXCMDS]; int ops[MAXCMDS]; int npipes, bg, start, end; } AndOr;
typedef struct { AndOr **items; int n; } List;
enum { C_FOR, C_WHILE, C_UNTIL, C_IF };
/* for VAR in WORDS; do BODY; done — while/until COND; do BODY; done — if COND; then BODY; else ALT; fi */
typedef struct Compound { int kind; char *var; char **words; int nwords; List *cond, *body, *alt; } Compound;

/* Split a line into tokens (*out is malloc'd); returns the count or -1 (message printed) on an
 * unterminated quote. */
static int lex(const char *s, Tok **out) {
  int n = 0, i = 0, cap = 32;
  Tok *toks = malloc(sizeof(Tok) * (size_t)cap);
  *out = toks;
  for (;;) {
    if (n == cap) { cap *= 2; toks = realloc(toks, sizeof(Tok) * (size_t)cap); *out = toks; }
    while (s[i] == ' ' || s[i] == '\t') i++;
    if (s[i] == '#') while (s[i] && s[i] != '\n') i++;
    if (!s[i]) break;
    Tok *t = &toks[n];
    memset(t, 0, sizeof *t);
    t->start = i;
    if (s[i] == '\n') { t->type = T_SEMI; t->end = ++i; n++; continue; } /* newline ends a command like ';' */
    char c = s[i];
    int fdnum = -1;
    if (isdigit(c)) {
      int j = i;
      while (isdigit(s[j])) j++;
      if (s[j] == '<' || s[j] == '>') { fdnum = atoi(s + i); i = j; c = s[i]; }
    }
    if (c == '|' && fdnum < 0) { t->type = s[i + 1] == '|' ? T_OR : T_PIPE; i += t->type == T_OR ? 2 : 1; }
    else if (c == '&' && fdnum < 0) { t->type = s[i + 1] == '&' ? T_AND : T_AMP; i += t->type == T_AND ? 2 : 1; }
    else if (c == ';' && fdnum < 0) { t->type = T_SEMI; i++; }
    else if (c == '<' || c == '>') {
      t->type = T_REDIR;
      t->rfd = fdnum >= 0 ? fdnum : c == '<' ? 0 : 1;
      if (c == '<') { t->rop = R_IN; i++; }
      else if (s[i + 1] == '>') { t->rop = R_APP; i += 2; }
      else if (s[i + 1] == '&') { t->rop = R_DUP; i += 2; }
      else { t->rop = R_OUT; i++; }
    } else {
      t->type = T_WORD;
      while (s[i] && !strchr(" \t\n|&;<>", s[i])) {
        if (s[i] == '\\' && s[i + 1]) i += 2;
        else if (s[i] == '\'' || s[i] == '"') {
          char q = s[i++];
          while (s[i] && s[i] != q) { if (q == '"' && s[i] == '\\' && s[i + 1]) i++; i++; }
          if (!s[i]) { fprintf(stderr, "sh: syntax error: unterminated quote\n"); return -1; }
          i++;
        } else i++;
      }
      t->text = strndup(s + t->start, (size_t)(i - t->start));
    }
    t->end = i;
    n++;
  }
  return n;
}

/* Parser state: the tokens of the text being parsed and the position in them. */
static Tok *P;
static int PN, PI;
enum { P_OK = 0, P_SYNTAX = -1, P_MORE = -2 };
static int perr;

static void *syntax_error(const char *what) {
  if (perr == P_OK) { fprintf(stderr, "sh: syntax error near %s\n", what); last_status = 2; }
  perr = P_SYNTAX;
  return 0;
}
/* Input ended where more was required: a script or an interactive line may continue. */
static void *need_more(void) {
  if (perr == P_OK) perr = P_MORE;
  return 0;
}
static int is_kw(const char *kw) { return PI < PN && P[PI].type == T_WORD && !strcmp(P[PI].text, kw); }
static int at_any(const char *const *kws) {
  for (; kws && *kws; kws++) if (is_kw(*kws)) return 1;
  return 0;
}
static void skip_semis(void) { while (PI < PN && P[PI].type == T_SEMI) PI++; }
static int expect_kw(const char *kw) {
  skip_semis();
  if (PI >= PN) { need_more(); return 0; }
  if (!is_kw(kw)) { syntax_error(P[PI].text ? P[PI].text : "operator"); return 0; }
  PI++;
  return 1;
}
static List *parse_list(const char *const *terms);

static Compound *parse_compound(void) {
  static const char *const k_do[] = {"do", 0}, *const k_done[] = {"done", 0}, *const k_then[] = {"then", 0};
  static const char *const k_else[] = {"elif", "else", "fi", 0}, *const k_fi[] = {"fi", 0};
  Compound *c = calloc(1, sizeof(Compound));
  const char *kw = P[PI++].text;
  if (!strcmp(kw, "for")) {
    c->kind = C_FOR;
    if (PI >= PN) return need_more();
    if (P[PI].type != T_WORD || !valid_name(P[PI].text, strlen(P[PI].text))) return syntax_error("for");
    c->var = P[PI++].text;
    if (is_kw("in")) {
      PI++;
      c->words = malloc(sizeof(char *) * (size_t)(PN + 1));
      while (PI < PN && P[PI].type == T_WORD) c->words[c->nwords++] = P[PI++].text;
    }
    if (PI < PN && P[PI].type != T_SEMI) return syntax_error("for");
    if (!expect_kw("do") || !(c->body = parse_list(k_done)) || !expect_kw("done")) return 0;
  } else if (!strcmp(kw, "while") || !strcmp(kw, "until")) {
    c->kind = kw[0] == 'w' ? C_WHILE : C_UNTIL;
    if (!(c->cond = parse_list(k_do)) || !expect_kw("do") || !(c->body = parse_list(k_done)) || !expect_kw("done")) return 0;
  } else {
    c->kind = C_IF;
    if (!(c->cond = parse_list(k_then)) || !expect_kw("then") || !(c->body = parse_list(k_else))) return 0;
    if (is_kw("elif")) {
      /* elif ... is an if nested in the else part; it consumes the final fi. */
      Cmd *cmd = calloc(1, sizeof(Cmd));
      if (!(cmd->comp = parse_compound())) return 0;
      Pipe *p = calloc(1, sizeof(Pipe));
      p->cmds[p->ncmds++] = cmd;
      AndOr *a = calloc(1, sizeof(AndOr));
      a->pipes[a->npipes++] = p;
      c->alt = calloc(1, sizeof(List));
      c->alt->items = malloc(sizeof(AndOr *));
      c->alt->items[c->alt->n++] = a;
      return c;
    }
    if (is_kw("else")) { PI++; if (!(c->alt = parse_list(k_fi))) return 0; }
    if (!expect_kw("fi")) return 0;
  }
  return c;
}
static Cmd *parse_cmd(void) {
  Cmd *c = calloc(1, sizeof(Cmd));
  if (is_kw("for") || is_kw("while") || is_kw("until") || is_kw("if")) {
    if (!(c->comp = parse_compound())) return 0;
  }
  while (PI < PN && (P[PI].type == T_WORD || P[PI].type == T_REDIR)) {
    if (P[PI].type == T_WORD) {
      if (c->comp) return syntax_error(P[PI].text);
      if (c->nwords == MAXWORDS - 1) return syntax_error("word (too many words in a command)");
      c->words[c->nwords++] = P[PI++].text;
    } else {
      if (PI + 1 >= PN || P[PI + 1].type != T_WORD) return syntax_error("redirection");
      if (c->nredir == MAXREDIR) return syntax_error("redirection (too many)");
      c->r[c->nredir++] = (Redir){P[PI].rfd, P[PI].rop, P[PI + 1].text};
      PI += 2;
    }
  }
  if (!c->comp && c->nwords == 0 && c->nredir == 0) return PI < PN ? syntax_error("operator") : need_more();
  return c;
}
static Pipe *parse_pipe(void) {
  Pipe *p = calloc(1, sizeof(Pipe));
  p->start = P[PI].start;
  for (;;) {
    Cmd *c = parse_cmd();
    if (!c) return 0;
    if (p->ncmds == MAXCMDS) return syntax_error("| (too many commands in a pipeline)");
    p->cmds[p->ncmds++] = c;
    if (PI < PN && P[PI].type == T_PIPE) {
      PI++;
      skip_semis(); /* a pipeline may continue on the next line */
      if (PI >= PN) return need_more();
      continue;
    }
    break;
  }
  p->end = P[PI - 1].end;
  return p;
}
static AndOr *parse_andor(void) {
  AndOr *a = calloc(1, sizeof(AndOr));
  a->start = P[PI].start;
  for (;;) {
    Pipe *p = parse_pipe();
    if (!p) return 0;
    a->pipes[a->npipes] = p;
    if (PI < PN && (P[PI].type == T_AND || P[PI].type == T_OR)) {
      if (a->npipes == MAXCMDS - 1) return syntax_error("&& or || (too many in a list)");
      a->ops[a->npipes++] = P[PI++].type;
      skip_semis();
      if (PI >= PN) return need_more();
      continue;
    }
    a->npipes++;
    break;
  }
  a->end = P[PI - 1].end;
  return a;
}
/* A list of and-or lists up to the end, or up to one of `terms` in command position. */
static List *parse_list(const char *const *terms) {
  List *l = calloc(1, sizeof(List));
  l->items = malloc(sizeof(AndOr *) * (size_t)(PN + 1));
  for (;;) {
    skip_semis();
    if (PI >= PN) return terms ? need_more() : l;
    if (at_any(terms)) return l;
    static const char *const closers[] = {"do", "done", "then", "elif", "else", "fi", 0};
    if (at_any(closers)) return syntax_error(P[PI].text);
    AndOr *a = parse_andor();
    if (!a) return 0;
    l->items[l->n++] = a;
    if (PI < PN && P[PI].type == T_AMP) { a->bg = 1; PI++; }
    else if (PI < PN && P[PI].type == T_SEMI) PI++;
    else if (PI < PN && !at_any(terms)) return syntax_error("operator");
  }
}

/* ---------- jobs ---------- */
enum { P_RUN, P_STOP, P_DONE };
typedef struct {
  int used, pgid, n, notified_stop;
  pid_t pids[MAXCMDS];
  int pstate[MAXCMDS], pstatus[MAXCMDS];
  char cmd[160];
} Job;
static Job jobs[MAXJOBS];
static int interactive, shell_pgid, current_job = -1;
/* Set by ^C at the prompt or when a foreground job dies of SIGINT: loops stop, like bash. */
static volatile int interrupted;
static const char *cur_src; /* the text job names are cut from */
enum { L_NONE, L_BREAK, L_CONTINUE };
static int loop_ctl, loop_depth; /* `break` / `continue` inside for/while/until */

static int job_state(Job *j) {
  int run = 0, stop = 0;
  for (int i = 0; i < j->n; i++) { if (j->pstate[i] == P_RUN) run++; if (j->pstate[i] == P_STOP) stop++; }
  return run ? P_RUN : stop ? P_STOP : P_DONE;
}
/* Exit status of a job the way $? reports it: last process; 128+sig when killed. */
static int job_status(Job *j) {
  int st = j->pstatus[j->n - 1];
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  if (WIFSTOPPED(st)) return 128 + WSTOPSIG(st);
  return WEXITSTATUS(st);
}
static Job *new_job(const char *src, int start, int end) {
  for (int i = 0; i < MAXJOBS; i++) {
    if (jobs[i].used) continue;
    Job *j = &jobs[i];
    memset(j, 0, sizeof *j);
    j->used = 1;
    int len = end - start;
    if (len > (int)sizeof j->cmd - 1) len = (int)sizeof j->cmd - 1;
    memcpy(j->cmd, src + start, (size_t)len);
    j->cmd[len] = 0;
    while (len > 0 && j->cmd[len - 1] == ' ') j->cmd[--len] = 0;
    return j;
  }
  return 0;
}
/* Record a wait status for pid in whichever job owns it. */
static void note_status(pid_t pid, int st) {
  for (int i = 0; i < MAXJOBS; i++) {
    Job *j = &jobs[i];
    if (!j->used) continue;
    for (int k = 0; k < j->n; k++) {
      if (j->pids[k] != pid) continue;
      if (WIFSTOPPED(st)) j->pstate[k] = P_STOP;
      else if (WIFCONTINUED(st)) j->pstate[k] = P_RUN;
      else j->pstate[k] = P_DONE;
      if (!WIFCONTINUED(st)) j->pstatus[k] = st;
      return;
    }
  }
}
static int job_index(Job *j) { return (int)(j - jobs) + 1; }
/* Reap without blocking and report finished background jobs (before each prompt). */
static void report_jobs(int print) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0) note_status(pid, st);
  for (int i = 0; i < MAXJOBS; i++) {
    Job *j = &jobs[i];
    if (!j->used) continue;
    int s = job_state(j);
    if (s == P_DONE) {
      if (print) {
        /* "Done" for success, "Exit N" for failure, the signal's name for a kill (as bash). */
        int st = j->pstatus[j->n - 1];
        char how[48];
        if (WIFSIGNALED(st)) snprintf(how, sizeof how, "%s", strsignal(WTERMSIG(st)));
        else if (WEXITSTATUS(st)) snprintf(how, sizeof how, "Exit %d", WEXITSTATUS(st));
        else snprintf(how, sizeof how, "Done");
        printf("[%d]+ %s  %s\n", job_index(j), how, j->cmd);
      }
      j->used = 0;
      if (current_job == i) current_job = -1;
    } else if (s == P_STOP && !j->notified_stop && print) {
      printf("[%d]+ Stopped  %s\n", job_index(j), j->cmd);
      j->notified_stop = 1;
    }
  }
  fflush(stdout);
}
/* Wait while the job runs in the foreground; gives the terminal back to the shell afterwards. */
static int wait_fg(Job *j) {
  while (job_state(j) == P_RUN) {
    int st;
    pid_t pid = waitpid(-1, &st, WUNTRACED);
    if (pid < 0) { if (errno == EINTR) continue; break; }
    note_status(pid, st);
  }
  if (interactive) tcsetpgrp(0, shell_pgid);
  if (job_state(j) == P_STOP) {
    current_job = job_index(j) - 1;
    printf("\n[%d]+ Stopped  %s\n", job_index(j), j->cmd);
    fflush(stdout);
    j->notified_stop = 1;
    return 128 + SIGTSTP;
  }
  int r = job_status(j);
  int st = j->pstatus[j->n - 1];
  if (WIFSIGNALED(st) && interactive) {
    int sig = WTERMSIG(st);
    if (sig == SIGINT) { printf("\n"); interrupted = 1; }
    else if (sig != SIGPIPE) printf("%s\n", strsignal(sig));
    fflush(stdout);
  }
  j->used = 0;
  return r;
}
/* Parse "%n", "%+", "%%" or nothing (the current job). */
static Job *job_arg(const char *a) {
  int idx = current_job;
  if (a && a[0] == '%' && isdigit(a[1])) idx = atoi(a + 1) - 1;
  else if (a && !(a[0] == '%' && (a[1] == '+' || a[1] == '%' || a[1] == 0))) idx = -1;
  if (idx < 0) for (int i = MAXJOBS - 1; i >= 0 && idx < 0; i--) if (jobs[i].used) idx = i;
  if (idx < 0 || idx >= MAXJOBS || !jobs[idx].used) return 0;
  return &jobs[idx];
}

/* ---------- running commands ---------- */
static int run_andor(const char *src, AndOr *a, int in_subshell);

static void default_signals(void) {
  int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGPIPE};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}
/* Apply one redirection; returns -1 (message printed) on failure. */
static int apply_redir(Redir *r) {
  Fields f = {0};
  int rc = 0;
  expand_word(r->target, &f);
  if (f.n != 1) { fprintf(stderr, "sh: %s: ambiguous redirect\n", r->target); f_free(&f); return -1; }
  const char *t = f.v[0];
  if (r->op == R_DUP) {
    if (!strcmp(t, "-")) close(r->fd);
    else if (dup2(atoi(t), r->fd) < 0) { fprintf(stderr, "sh: %s: %s\n", t, strerror(errno)); rc = -1; }
  } else {
    int flags = r->op == R_IN ? O_RDONLY : r->op == R_APP ? O_WRONLY | O_CREAT | O_APPEND : O_WRONLY | O_CREAT | O_TRUNC;
    int fd = open(t, flags, 0666);
    if (fd < 0) { fprintf(stderr, "sh: %s: %s\n", t, strerror(errno)); rc = -1; }
    else if (fd != r->fd) { dup2(fd, r->fd); close(fd); }
  }
  f_free(&f);
  return rc;
}
/* Apply a command's redirections left to right; -1 on the first failure. */
static int apply_redirs(Cmd *c) {
  for (int i = 0; i < c->nredir; i++)
    if (apply_redir(&c->r[i]) < 0) return -1;
  return 0;
}

static int builtin(int argc, char **argv);
static void run_file(FILE *f);
static int is_builtin(const char *s) {
  static const char *const names[] = {"cd", "pwd", "exit", "export", "unset", "jobs", "fg", "bg", "wait", "kill", ":", "exec", "read", ".", "source", "break", "continue", 0};
  for (int i = 0; names[i]; i++) if (!strcmp(s, names[i])) return 1;
  return 0;
}
/* Leading NAME=value words: how many. */
static int count_assigns(char **w, int n) {
  int k = 0;
  while (k < n) {
    const char *eq = strchr(w[k], '=');
    if (!eq || !valid_name(w[k], (size_t)(eq - w[k]))) break;
    k++;
  }
  return k;
}
/* Expand the assignments and words of a command; argv is NULL-terminated. */
static void expand_cmd(Cmd *c, Fields *assigns, Fields *args) {
  int k = count_assigns(c->words, c->nwords);
  for (int i = 0; i < c->nwords; i++) expand_word(c->words[i], i < k ? assigns : args);
}
static void do_assigns(Fields *as, int exported) {
  for (int i = 0; i < as->n; i++) {
    char *eq = strchr(as->v[i], '=');
    *eq = 0;
    set_var(as->v[i], eq + 1, exported ? 1 : -1);
    *eq = '=';
  }
}
/* In a forked child: run one command of a pipeline; never returns. */
static int run_compound(Compound *c);
__attribute__((noreturn)) static void exec_child(Cmd *c) {
  if (c->comp) {
    interactive = 0; /* a compound command in a pipeline or in the background: a subshell */
    if (apply_redirs(c) < 0) _exit(1);
    int r = run_compound(c->comp);
    fflush(stdout);
    _exit(r);
  }
  Fields as = {0}, args = {0};
  expand_cmd(c, &as, &args);
  if (apply_redirs(c) < 0) _exit(1);
  do_assigns(&as, 1);
  if (args.n == 0) _exit(0);
  if (is_builtin(args.v[0])) { int r = builtin(args.n, args.v); fflush(stdout); _exit(r); }
  char **env = build_env();
  environ = env;
  execvp(args.v[0], args.v);
  int e = errno;
  fprintf(stderr, "sh: %s: %s\n", args.v[0], e == ENOENT ? "not found" : strerror(e));
  _exit(e == ENOENT ? 127 : 126);
}

/* Run a pipeline; bg: don't wait. Returns its exit status (0 for a background start). */
static int run_pipe(const char *src, Pipe *p, int bg) {
  if (p->ncmds == 1 && !bg && p->cmds[0]->comp) {
    Cmd *c = p->cmds[0];
    int saved[3];
    for (int i = 0; i < 3; i++) saved[i] = c->nredir ? fcntl(i, 1030 /* F_DUPFD_CLOEXEC */, 10) : -1;
    int r = apply_redirs(c) < 0 ? 1 : run_compound(c->comp);
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 3; i++) if (saved[i] >= 0) { dup2(saved[i], i); close(saved[i]); }
    return r;
  }
  if (p->ncmds == 1 && !bg) {
    Cmd *c = p->cmds[0];
    Fields as = {0}, args = {0};
    int k = count_assigns(c->words, c->nwords), r = -1;
    if (k == c->nwords && c->nredir == 0) { expand_cmd(c, &as, &args); do_assigns(&as, 0); r = 0; }
    else if (k == 0 && c->nwords && (expand_cmd(c, &as, &args), args.n > 0) && is_builtin(args.v[0])) {
      /* A builtin runs in the shell itself: redirect around it, then put the fds back. */
      int saved[3], keep = !strcmp(args.v[0], "exec"); /* `exec >file` redirects the shell itself */
      for (int i = 0; i < 3; i++) saved[i] = keep ? -1 : fcntl(i, 1030 /* F_DUPFD_CLOEXEC */, 10);
      r = apply_redirs(c) < 0 ? 1 : builtin(args.n, args.v);
      fflush(stdout);
      fflush(stderr);
      for (int i = 0; i < 3; i++) if (saved[i] >= 0) { dup2(saved[i], i); close(saved[i]); }
    }
    f_free(&as);
    f_free(&args);
    if (r >= 0) return r;
  }
  Job *j = new_job(src, p->start, p->end);
  if (!j) { fprintf(stderr, "sh: too many jobs\n"); return 1; }
  int in = -1, pgid = 0;
  fflush(stdout);
  for (int i = 0; i < p->ncmds; i++) {
    int fds[2] = {-1, -1};
    if (i + 1 < p->ncmds && pipe(fds) < 0) { perror("sh: pipe"); break; }
    pid_t pid = fork();
    if (pid < 0) { perror("sh: fork"); break; }
    if (pid == 0) {
      if (interactive) {
        setpgid(0, pgid);
        if (!bg) tcsetpgrp(0, pgid ? pgid : getpid());
      }
      default_signals();
      if (in >= 0) { dup2(in, 0); close(in); }
      else if (bg && !interactive) { int nul = open("/dev/null", O_RDONLY); if (nul >= 0) { dup2(nul, 0); close(nul); } }
      if (fds[1] >= 0) { dup2(fds[1], 1); close(fds[1]); close(fds[0]); }
      exec_child(p->cmds[i]);
    }
    if (!pgid) pgid = pid;
    if (interactive) setpgid(pid, pgid);
    j->pids[j->n] = pid;
    j->pstate[j->n++] = P_RUN;
    if (in >= 0) close(in);
    if (fds[1] >= 0) close(fds[1]);
    in = fds[0];
  }
  if (in >= 0) close(in);
  j->pgid = pgid;
  if (j->n == 0) { j->used = 0; return 1; }
  if (bg) {
    last_bg_pid = j->pids[j->n - 1];
    current_job = job_index(j) - 1;
    if (interactive) printf("[%d] %d\n", job_index(j), last_bg_pid);
    return 0;
  }
  if (interactive) tcsetpgrp(0, pgid);
  return wait_fg(j);
}

static int run_andor(const char *src, AndOr *a, int in_subshell) {
  if (a->bg && a->npipes > 1 && !in_subshell) {
    /* `a && b &`: a subshell runs the whole list as one background job. */
    Job *j = new_job(src, a->start, a->end);
    if (!j) return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      if (interactive) setpgid(0, 0);
      default_signals();
      interactive = 0;
      a->bg = 0;
      _exit(run_andor(src, a, 1));
    }
    if (interactive) setpgid(pid, pid);
    j->pids[0] = pid;
    j->pstate[0] = P_RUN;
    j->n = 1;
    j->pgid = pid;
    last_bg_pid = pid;
    current_job = job_index(j) - 1;
    if (interactive) printf("[%d] %d\n", job_index(j), pid);
    return 0;
  }
  int st = 0;
  for (int i = 0; i < a->npipes; i++) {
    if (i > 0 && ((a->ops[i - 1] == T_AND && st != 0) || (a->ops[i - 1] == T_OR && st == 0))) continue;
    st = run_pipe(src, a->pipes[i], a->bg);
    last_status = st;
  }
  return st;
}

static int exec_list(List *l) {
  int st = 0;
  for (int i = 0; i < l->n && !interrupted && !loop_ctl; i++) st = last_status = run_andor(cur_src, l->items[i], 0);
  return st;
}
static int run_compound(Compound *c) {
  int st = 0;
  if (c->kind == C_FOR) {
    Fields f = {0};
    if (c->words) for (int i = 0; i < c->nwords; i++) expand_word(c->words[i], &f);
    else for (int i = 1; i < pos_count; i++) f_add(&f, strdup(pos_args[i]));
    loop_depth++;
    for (int i = 0; i < f.n && !interrupted; i++) {
      set_var(c->var, f.v[i], -1);
      st = exec_list(c->body);
      int ctl = loop_ctl;
      loop_ctl = L_NONE;
      if (ctl == L_BREAK) break;
    }
    loop_depth--;
    f_free(&f);
  } else if (c->kind == C_WHILE || c->kind == C_UNTIL) {
    loop_depth++;
    for (;;) {
      int t = exec_list(c->cond);
      if (interrupted || (t == 0) != (c->kind == C_WHILE)) break;
      st = exec_list(c->body);
      int ctl = loop_ctl;
      loop_ctl = L_NONE;
      if (interrupted || ctl == L_BREAK) break;
    }
    loop_depth--;
  } else {
    if (exec_list(c->cond) == 0) st = exec_list(c->body);
    else if (c->alt && !interrupted) st = exec_list(c->alt);
  }
  last_status = st;
  return st;
}

static void free_list(List *l);
static void free_cmd(Cmd *c) {
  if (c->comp) {
    if (c->comp->cond) free_list(c->comp->cond);
    if (c->comp->body) free_list(c->comp->body);
    if (c->comp->alt) free_list(c->comp->alt);
    free(c->comp->words);
    free(c->comp);
  }
  free(c);
}
static void free_list(List *l) {
  for (int i = 0; i < l->n; i++) {
    AndOr *a = l->items[i];
    for (int p = 0; p < a->npipes; p++) {
      for (int c = 0; c < a->pipes[p]->ncmds; c++) free_cmd(a->pipes[p]->cmds[c]);
      free(a->pipes[p]);
    }
    free(a);
  }
  free(l->items);
  free(l);
}

/* Parse and run a piece of input. Returns P_MORE (nothing run) when it stops inside a compound
 * command or after | && ||, so the caller can read another line and try again. */
static int run_line(const char *line) {
  Tok *toks;
  int nt = lex(line, &toks);
  if (nt <= 0) { if (nt < 0) last_status = 2; free(toks); return P_OK; }
  P = toks;
  PN = nt;
  PI = 0;
  perr = P_OK;
  List *l = parse_list(0);
  int r = perr;
  if (l && perr == P_OK) {
    const char *outer = cur_src; /* `.` runs lines while an outer line is running */
    cur_src = line;
    interrupted = 0;
    exec_list(l);
    cur_src = outer;
    free_list(l); /* an interactive shell runs for ever: give every line's memory back */
  }
  for (int i = 0; i < nt; i++) free(toks[i].text);
  free(toks);
  return r == P_MORE ? P_MORE : P_OK;
}

/* ---------- builtins ---------- */
static int cont_job(Job *j, int fg) {
  for (int k = 0; k < j->n; k++) if (j->pstate[k] == P_STOP) j->pstate[k] = P_RUN;
  j->notified_stop = 0;
  current_job = job_index(j) - 1;
  if (fg) {
    printf("%s\n", j->cmd);
    fflush(stdout);
    if (interactive) tcsetpgrp(0, j->pgid);
    kill(-j->pgid, SIGCONT);
    return wait_fg(j);
  }
  printf("[%d]+ %s &\n", job_index(j), j->cmd);
  kill(-j->pgid, SIGCONT);
  return 0;
}
static int builtin(int argc, char **argv) {
  const char *c = argv[0];
  if (!strcmp(c, ":")) return 0;
  if (!strcmp(c, "break") || !strcmp(c, "continue")) {
    if (loop_depth > 0) loop_ctl = c[0] == 'b' ? L_BREAK : L_CONTINUE;
    return 0;
  }
  if (!strcmp(c, "exec")) {
    if (argc == 1) return 0;
    fflush(stdout);
    default_signals();
    environ = build_env();
    execvp(argv[1], argv + 1);
    fprintf(stderr, "sh: exec: %s: %s\n", argv[1], errno == ENOENT ? "not found" : strerror(errno));
    if (!interactive) exit(errno == ENOENT ? 127 : 126);
    return errno == ENOENT ? 127 : 126;
  }
  if (!strcmp(c, "read")) {
    /* read [-r] NAME...: one line from stdin, byte by byte; split on blanks, the last name
     * takes the rest; without -r a backslash escapes the next character. */
    int raw = argc > 1 && !strcmp(argv[1], "-r"), first = raw ? 2 : 1;
    char *line = 0;
    size_t len = 0, cap = 0;
    int got = 0, esc = 0;
    for (;;) {
      char ch;
      ssize_t n = read(0, &ch, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got = 1;
      if (ch == '\n' && !esc) break;
      if (!raw && ch == '\\' && !esc) { esc = 1; continue; }
      esc = 0;
      if (len + 2 > cap) { cap = cap ? cap * 2 : 64; line = realloc(line, cap); }
      line[len++] = ch;
    }
    if (!line) line = strdup("");
    line[len] = 0;
    char *p = line;
    for (int i = first; i < argc; i++) {
      while (*p == ' ' || *p == '\t') p++;
      char *start = p;
      if (i == argc - 1) {
        size_t l = strlen(p);
        while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\t')) p[--l] = 0;
        p += l;
      } else {
        while (*p && *p != ' ' && *p != '\t') p++;
        if (*p) *p++ = 0;
      }
      set_var(argv[i], start, -1);
    }
    free(line);
    return got ? 0 : 1;
  }
  if (!strcmp(c, ".") || !strcmp(c, "source")) {
    if (argc < 2) { fprintf(stderr, "sh: %s: file name required\n", c); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno)); return 1; }
    fcntl(fileno(f), F_SETFD, FD_CLOEXEC);
    run_file(f);
    fclose(f);
    return last_status;
  }
  if (!strcmp(c, "cd")) {
    const char *d = argc > 1 ? argv[1] : get_var("HOME", 4);
    if (!d) d = "/";
    if (chdir(d) < 0) { fprintf(stderr, "sh: cd: %s: %s\n", d, strerror(errno)); return 1; }
    char buf[256];
    if (getcwd(buf, sizeof buf)) set_var("PWD", buf, -1);
    return 0;
  }
  if (!strcmp(c, "pwd")) {
    char buf[256];
    if (!getcwd(buf, sizeof buf)) { perror("sh: pwd"); return 1; }
    printf("%s\n", buf);
    return 0;
  }
  if (!strcmp(c, "exit")) {
    fflush(stdout);
    exit(argc > 1 ? atoi(argv[1]) : last_status);
  }
  if (!strcmp(c, "export") || !strcmp(c, "unset")) {
    int exp = c[0] == 'e';
    if (exp && argc == 1) {
      for (int i = 0; i < MAXVARS; i++)
        if (vars[i].name && vars[i].exported) printf("export %s=\"%s\"\n", vars[i].name, vars[i].value ? vars[i].value : "");
      return 0;
    }
    for (int i = 1; i < argc; i++) {
      char *eq = strchr(argv[i], '=');
      size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
      if (!valid_name(argv[i], len)) { fprintf(stderr, "sh: %s: bad variable name\n", argv[i]); return 1; }
      if (!exp) {
        Var *v = find_var(argv[i], len);
        if (v) { free(v->name); free(v->value); memset(v, 0, sizeof *v); }
        continue;
      }
      if (eq) *eq = 0;
      set_var(argv[i], eq ? eq + 1 : 0, 1);
      if (eq) *eq = '=';
    }
    return 0;
  }
  if (!strcmp(c, "jobs")) {
    report_jobs(0);
    for (int i = 0; i < MAXJOBS; i++) {
      if (!jobs[i].used) continue;
      int s = job_state(&jobs[i]);
      printf("[%d]%c %s  %s\n", i + 1, i == current_job ? '+' : ' ', s == P_RUN ? "Running" : s == P_STOP ? "Stopped" : "Done", jobs[i].cmd);
    }
    return 0;
  }
  if (!strcmp(c, "fg") || !strcmp(c, "bg")) {
    Job *j = job_arg(argc > 1 ? argv[1] : 0);
    if (!j) { fprintf(stderr, "sh: %s: no such job\n", c); return 1; }
    return cont_job(j, c[0] == 'f');
  }
  if (!strcmp(c, "wait")) {
    for (int i = 0; i < MAXJOBS; i++) {
      Job *j = &jobs[i];
      if (!j->used) continue;
      if (argc > 1 && j != job_arg(argv[1]) && atoi(argv[1]) != j->pids[j->n - 1]) continue;
      while (job_state(j) == P_RUN) {
        int st;
        pid_t pid = waitpid(-1, &st, WUNTRACED);
        if (pid < 0) { if (errno == EINTR) continue; break; }
        note_status(pid, st);
      }
      if (job_state(j) == P_DONE) { last_status = job_status(j); j->used = 0; }
    }
    return last_status;
  }
  if (!strcmp(c, "kill")) {
    int sig = SIGTERM, i = 1, rc = 0;
    if (i < argc && !strcmp(argv[i], "-s") && i + 1 < argc) { sig = signum(argv[i + 1]); i += 2; }
    else if (i < argc && !strcmp(argv[i], "-l")) {
      for (int s = 1; s < 32; s++) printf("%d) SIG%s\n", s, signame(s));
      return 0;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && !isdigit(argv[i][1])) { sig = signum(argv[i] + 1); i++; }
    else if (i < argc && argv[i][0] == '-' && isdigit(argv[i][1]) && i + 1 < argc) { sig = atoi(argv[i] + 1); i++; }
    if (i < argc && !strcmp(argv[i], "--")) i++;
    if (sig < 0) { fprintf(stderr, "sh: kill: bad signal\n"); return 1; }
    if (i >= argc) { fprintf(stderr, "usage: kill [-SIG|-s SIG] pid|%%job|-pgid ...\n"); return 2; }
    for (; i < argc; i++) {
      int r;
      if (argv[i][0] == '%') {
        Job *j = job_arg(argv[i]);
        if (!j) { fprintf(stderr, "sh: kill: %s: no such job\n", argv[i]); rc = 1; continue; }
        r = kill(-j->pgid, sig);
        if (r == 0 && (sig == SIGKILL || sig == SIGTERM || sig == SIGHUP)) kill(-j->pgid, SIGCONT);
        /* We continued it ourselves: count it as running now, so `wait` waits for it. */
        if (r == 0 && sig == SIGCONT)
          for (int k = 0; k < j->n; k++) if (j->pstate[k] == P_STOP) j->pstate[k] = P_RUN;
      } else r = kill(atoi(argv[i]), sig);
      if (r < 0) { fprintf(stderr, "sh: kill: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
    }
    return rc;
  }
  return 1;
}

/* ---------- input ---------- */
/* Read one line from fd (byte at a time unless tty, so children see the rest of a pipe). */
static char *read_line(int fd, FILE *script) {
  static char *buf;
  static size_t cap;
  size_t len = 0;
  if (script) {
    ssize_t r = getline(&buf, &cap, script);
    return r < 0 ? 0 : buf;
  }
  for (;;) {
    if (len + 2 > cap) { cap = cap ? cap * 2 : 256; buf = realloc(buf, cap); }
    char ch;
    ssize_t r = read(fd, &ch, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    buf[len++] = ch;
    if (ch == '\n') break;
  }
  if (len == 0) return 0;
  buf[len] = 0;
  return buf;
}
/* Does this text end inside quotes or after a backslash (so the line continues)? */
static int incomplete(const char *s) {
  char q = 0;
  for (; *s; s++) {
    if (q == '\'') { if (*s == '\'') q = 0; continue; }
    if (*s == '\\') { if (!s[1] || (s[1] == '\n' && !s[2])) return 1; s++; continue; }
    if (q == '"') { if (*s == '"') q = 0; continue; }
    if (*s == '\'' || *s == '"') q = *s;
  }
  return q != 0;
}

/* Run every line of a script (quotes and trailing backslashes continue onto the next line). */
static void run_file(FILE *f) {
  char *acc = 0, *line = 0;
  size_t cap = 0;
  while (getline(&line, &cap, f) >= 0) {
    size_t la = acc ? strlen(acc) : 0, ll = strlen(line);
    acc = realloc(acc, la + ll + 1);
    memcpy(acc + la, line, ll + 1);
    if (incomplete(acc) || run_line(acc) == P_MORE) continue;
    free(acc);
    acc = 0;
  }
  if (acc) { if (run_line(acc) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of file\n"); last_status = 2; } free(acc); }
  free(line);
}

static void on_sigint(int sig) { (void)sig; interrupted = 1; }
static void init_job_control(void) {
  shell_pgid = getpgrp();
  while (tcgetpgrp(0) != shell_pgid) { kill(-shell_pgid, SIGTTIN); shell_pgid = getpgrp(); }
  /* SIGINT is caught, not ignored, so that ^C at the prompt also stops a running loop; the shell
   * itself never dies of it (children get SIG_DFL back before exec). */
  signal(SIGINT, on_sigint);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);
  if (getsid(0) != getpid() && setpgid(0, 0) == 0) shell_pgid = getpid();
  tcsetpgrp(0, shell_pgid);
}

int main(int argc, char **argv) {
  shell_pid = getpid();
  for (char **e = environ; e && *e; e++) {
    char *eq = strchr(*e, '=');
    if (!eq) continue;
    *eq = 0;
    set_var(*e, eq + 1, 1);
    *eq = '=';
  }
  if (!get_var("PATH", 4)) set_var("PATH", "/bin", 1);
  pos_args = argv;
  pos_count = argc;
  if (argc > 2 && !strcmp(argv[1], "-c")) {
    pos_args = argv + 2;
    pos_count = argc - 2;
    if (run_line(argv[2]) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of input\n"); last_status = 2; }
    report_jobs(0);
    return last_status;
  }
  FILE *script = 0;
  if (argc > 1) {
    script = fopen(argv[1], "r");
    if (!script) { fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno)); return 127; }
    fcntl(fileno(script), F_SETFD, FD_CLOEXEC);
    pos_args = argv + 1;
    pos_count = argc - 1;
  }
  interactive = !script && isatty(0) && isatty(2);
  if (interactive) init_job_control();
  char *acc = 0;
  for (;;) {
    if (interactive) {
      if (!acc) report_jobs(1);
      const char *ps = acc ? "> " : get_var("PS1", 3);
      fputs(ps ? ps : "$ ", stderr);
    }
    char *line = read_line(0, script);
    if (!line) break;
    if (acc) {
      char *n = malloc(strlen(acc) + strlen(line) + 1);
      strcpy(n, acc);
      strcat(n, line);
      free(acc);
      acc = n;
    } else acc = strdup(line);
    if (incomplete(acc) || run_line(acc) == P_MORE) continue;
    free(acc);
    acc = 0;
  }
  if (acc && run_line(acc) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of file\n"); last_status = 2; }
  if (interactive) fputs("exit\n", stderr);
  return last_status;
}
