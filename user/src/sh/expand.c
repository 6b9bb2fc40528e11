/* expand.c — word expansion, done when a command runs: quote removal, $ parameters (${…} with
 * :- - := = :+ + :? ? # ## % %% and ${#…}), $@ and $*, $(…) and `…` command substitution, $((…))
 * arithmetic, ~, field splitting of unquoted results, and globbing (* ? [...] in the last path
 * component, sorted). Pattern matching for case and ${…%…} lives here too. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
#include "sh.h"

static void f_putc(Fields *f, char c) {
  if (f->len + 2 > f->cap2) { f->cap2 = f->cap2 ? f->cap2 * 2 : 64; f->cur = realloc(f->cur, f->cap2); }
  f->cur[f->len++] = c;
  f->cur[f->len] = 0;
  f->has = 1;
}
static void f_puts(Fields *f, const char *s) { while (*s) f_putc(f, *s++); }
void f_free(Fields *f) {
  for (int i = 0; i < f->n; i++) free(f->v[i]);
  free(f->v);
  free(f->cur);
  memset(f, 0, sizeof *f);
}
void f_add(Fields *f, char *word) {
  if (f->n + 2 > f->cap) { f->cap = f->cap ? f->cap * 2 : 8; f->v = realloc(f->v, sizeof(char *) * (size_t)f->cap); }
  f->v[f->n++] = word;
  f->v[f->n] = 0;
}

/* Does name match the pattern (* ? [set] [!set], and \x for a literal x)? */
int glob_match(const char *p, const char *n) {
  for (; *p; p++, n++) {
    if (*p == '*') {
      for (const char *t = n;; t++) {
        if (glob_match(p + 1, t)) return 1;
        if (!*t) return 0;
      }
    }
    if (!*n) return 0;
    if (*p == '?') continue;
    if (*p == '[') {
      const char *q = p + 1;
      int neg = *q == '!' || *q == '^', ok = 0;
      if (neg) q++;
      const char *start = q;
      while (*q && (*q != ']' || q == start)) {
        if (q[1] == '-' && q[2] && q[2] != ']') { if (*n >= q[0] && *n <= q[2]) ok = 1; q += 3; }
        else { if (*q == *n) ok = 1; q++; }
      }
      if (*q == ']') {
        if (ok == neg) return 0;
        p = q;
        continue;
      }
      /* no closing ]: a literal [ */
    }
    if (*p == '\\' && p[1]) p++;
    if (*p != *n) return 0;
  }
  return !*n;
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
/* The pattern without its backslash escapes (what a word that matched nothing stays as). */
static char *unescape_pat(const char *w) {
  char *o = malloc(strlen(w) + 1), *d = o;
  for (; *w; w++) { if (*w == '\\' && w[1]) w++; *d++ = *w; }
  *d = 0;
  return o;
}
/* Expand a word whose last path component holds an unquoted * ? or [; no match keeps the word. */
static void glob_word(Fields *f, char *word) {
  char *slash = strrchr(word, '/');
  const char *pat = slash ? slash + 1 : word;
  char dir[256];
  size_t dl = slash ? (size_t)(slash - word) : 0;
  if (dl >= sizeof dir) { f_add(f, unescape_pat(word)); free(word); return; }
  memcpy(dir, word, dl);
  dir[dl] = 0;
  char *udir = unescape_pat(dir);
  DIR *d = opendir(slash ? (dl ? udir : "/") : ".");
  int first = f->n;
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.' && pat[0] != '.') continue;
      if (!glob_match(pat, e->d_name)) continue;
      char *m = malloc(strlen(udir) + strlen(e->d_name) + 2);
      if (slash) { strcpy(m, udir); strcat(m, "/"); strcat(m, e->d_name); }
      else strcpy(m, e->d_name);
      f_add(f, m);
    }
    closedir(d);
  }
  free(udir);
  if (f->n == first) f_add(f, unescape_pat(word));
  else qsort(f->v + first, (size_t)(f->n - first), sizeof(char *), cmp_str);
  free(word);
}
/* End the field being built: globbed when it holds an unquoted wildcard. */
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

/* ---------- command substitution ---------- */
/* Run `text` in a subshell; its standard output, trailing newlines removed (malloc'd). $? is its status. */
char *command_subst(const char *text) {
  int fds[2];
  if (pipe(fds) < 0) { perror("sh: pipe"); return strdup(""); }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) { perror("sh: fork"); close(fds[0]); close(fds[1]); return strdup(""); }
  if (pid == 0) {
    close(fds[0]);
    if (fds[1] != 1) { dup2(fds[1], 1); close(fds[1]); }
    interactive = 0;
    in_subshell();
    run_text(text);
    fflush(stdout);
    exit_shell(last_status);
  }
  close(fds[1]);
  size_t len = 0, cap = 256;
  char *out = malloc(cap);
  for (;;) {
    if (len + 512 > cap) { cap *= 2; out = realloc(out, cap); }
    ssize_t r = read(fds[0], out + len, cap - len - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
  }
  close(fds[0]);
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  last_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  while (len > 0 && out[len - 1] == '\n') len--;
  out[len] = 0;
  return out;
}

/* ---------- parameters ---------- */
static char *num_str(long n) {
  char *s = malloc(24);
  snprintf(s, 24, "%ld", n);
  return s;
}
/* "$*": the positional parameters joined by spaces. */
static char *all_args(void) {
  size_t len = 1;
  for (int i = 1; i < pos_count; i++) len += strlen(pos_args[i]) + 1;
  char *s = malloc(len);
  s[0] = 0;
  for (int i = 1; i < pos_count; i++) { if (i > 1) strcat(s, " "); strcat(s, pos_args[i]); }
  return s;
}
/* The value of a name (a variable, a digit, or a special parameter); NULL when unset. */
static char *lookup(const char *name, size_t len) {
  if (len == 1) {
    switch (name[0]) {
      case '?': return num_str(last_status);
      case '$': return num_str(shell_pid);
      case '!': return last_bg_pid ? num_str(last_bg_pid) : strdup("");
      case '#': return num_str(pos_count > 0 ? pos_count - 1 : 0);
      case '*': case '@': return all_args();
      case '-': return strdup(shell_flags());
      case '0': return strdup(pos_count > 0 ? pos_args[0] : "sh");
    }
  }
  if (isdigit((unsigned char)name[0])) {
    int i = atoi(name);
    return i < pos_count ? strdup(pos_args[i]) : 0;
  }
  const char *v = get_var(name, len);
  return v ? strdup(v) : 0;
}
static char *unset_error(const char *name, size_t len, const char *msg) {
  fprintf(stderr, "sh: %.*s: %s\n", (int)len, name, msg && *msg ? msg : "parameter not set");
  expansion_failed = 1;
  return strdup("");
}
/* Remove the shortest/longest prefix or suffix of v matching pat; frees v. */
static char *trim(char *v, const char *pat, int suffix, int longest) {
  size_t n = strlen(v);
  for (size_t k = 0; k <= n; k++) {
    size_t len = longest ? n - k : k;
    char save;
    if (suffix) {
      if (glob_match(pat, v + n - len)) { v[n - len] = 0; return v; }
    } else {
      save = v[len];
      v[len] = 0;
      int m = glob_match(pat, v);
      v[len] = save;
      if (m) { memmove(v, v + len, n - len + 1); return v; }
    }
  }
  return v;
}
/* ${…}: b points at the {; *used gets the bytes up to and including the }. */
static char *brace_param(const char *b, int *used) {
  int e = skip_construct(b, 0);
  *used = e;
  char *body = strndup(b + 1, (size_t)(e - 2));
  char *out;
  if (body[0] == '#' && body[1]) {
    char *v = lookup(body + 1, strlen(body + 1));
    if (!v && opt_nounset) out = unset_error(body + 1, strlen(body + 1), 0);
    else out = num_str(v ? (long)strlen(v) : 0);
    free(v);
    free(body);
    return out;
  }
  size_t nl = 0;
  if (body[0] && strchr("?$!#*@-0", body[0])) nl = 1;
  else while (isalnum((unsigned char)body[nl]) || body[nl] == '_') nl++;
  const char *op = body + nl;
  char *v = lookup(body, nl);
  int colon = op[0] == ':';
  char kind = op[colon];
  const char *word = op + colon + (kind ? 1 : 0);
  int unset = !v, empty = !v || !*v;
  if (!kind) {
    out = v ? v : opt_nounset ? unset_error(body, nl, 0) : strdup("");
  } else if (kind == '-' || kind == '=') {
    if (colon ? empty : unset) {
      free(v);
      out = expand_string(word, 0);
      if (kind == '=') { char name[128]; snprintf(name, sizeof name, "%.*s", (int)nl, body); set_var(name, out, -1); }
    } else out = v;
  } else if (kind == '+') {
    free(v);
    out = (colon ? empty : unset) ? strdup("") : expand_string(word, 0);
  } else if (kind == '?') {
    if (colon ? empty : unset) { free(v); char *m = expand_string(word, 0); out = unset_error(body, nl, m); free(m); }
    else out = v;
  } else if (kind == '%' || kind == '#') {
    int longest = word[0] == kind;
    char *pat = expand_pattern(word + longest);
    out = trim(v ? v : strdup(""), pat, kind == '%', longest);
    free(pat);
  } else {
    free(v);
    fprintf(stderr, "sh: ${%s}: bad substitution\n", body);
    expansion_failed = 1;
    out = strdup("");
  }
  free(body);
  return out;
}

/* One $-expansion at s (just after the $): its value (malloc'd), *used = bytes consumed, or NULL
 * for a literal $. *at_args says it was $@ (each positional parameter a field of its own). */
static char *dollar(const char *s, int *used, int *at_args) {
  *at_args = 0;
  if (s[0] == '(' && s[1] == '(') {
    int e = skip_construct(s, 0); /* the outer ( … ) */
    if (e >= 4 && s[e - 2] == ')') {
      char *inner = strndup(s + 2, (size_t)(e - 4));
      char *expr = expand_string(inner, 0);
      long v;
      *used = e;
      free(inner);
      if (arith_eval(expr, &v) < 0) { free(expr); expansion_failed = 1; return strdup(""); }
      free(expr);
      return num_str(v);
    }
  }
  if (s[0] == '(') {
    int e = skip_construct(s, 0);
    char *text = strndup(s + 1, (size_t)(e - 2));
    char *out = command_subst(text);
    free(text);
    *used = e;
    return out;
  }
  if (s[0] == '{') return brace_param(s, used);
  if (s[0] == '@') *at_args = 1;
  if (s[0] && strchr("?$!#*@-", s[0])) { *used = 1; return lookup(s, 1); }
  if (isdigit((unsigned char)s[0])) {
    *used = 1;
    char *v = lookup(s, 1);
    return v ? v : opt_nounset ? unset_error(s, 1, 0) : strdup("");
  }
  int n = 0;
  while (isalnum((unsigned char)s[n]) || s[n] == '_') n++;
  if (n == 0) return 0;
  *used = n;
  char *v = lookup(s, (size_t)n);
  return v ? v : opt_nounset ? unset_error(s, (size_t)n, 0) : strdup("");
}

/* ---------- words ---------- */
/* Append an unquoted expansion result: split into fields on blanks (IFS = space, tab, newline). */
static void put_split(Fields *f, const char *v) {
  for (; *v; v++) {
    if (*v == ' ' || *v == '\t' || *v == '\n') f_end(f);
    else f_putc(f, *v);
  }
}
/* Append a quoted literal character; in pattern mode wildcards are escaped so they match themselves. */
static void put_lit(Fields *f, char c, int pattern) {
  if (pattern && strchr("*?[]\\", c)) f_putc(f, '\\');
  f_putc(f, c);
}

/* The core: expand w into f. mode 0: a command word (split, glob); 1: a pattern (no split, quoted
 * wildcards escaped); 2: a string (no split, no glob: assignments' and here-documents' text). */
static void expand_into(const char *w, Fields *f, int mode, int heredoc) {
  if (!heredoc && w[0] == '~' && (w[1] == 0 || w[1] == '/')) {
    const char *h = get_var("HOME", 4);
    f_puts(f, h ? h : "/");
    w++;
  }
  int dq = 0; /* inside double quotes */
  while (*w) {
    char c = *w++;
    if (c == '\\') {
      if (*w == '\n') { w++; continue; } /* backslash-newline joins lines */
      if ((dq || heredoc) && !(*w && strchr("$`\"\\", *w))) { put_lit(f, '\\', mode == 1); continue; }
      if (*w) put_lit(f, *w++, mode == 1);
      continue;
    }
    if (c == '\'' && !dq && !heredoc) {
      f->has = 1;
      while (*w && *w != '\'') put_lit(f, *w++, mode == 1);
      if (*w) w++;
      continue;
    }
    if (c == '"' && !heredoc) {
      dq = !dq;
      f->has = 1;
      continue;
    }
    if (c == '`') {
      const char *e = w;
      while (*e && *e != '`') { if (*e == '\\' && e[1]) e++; e++; }
      char *text = malloc((size_t)(e - w) + 1), *d = text;
      for (const char *q = w; q < e; q++) { if (*q == '\\' && q + 1 < e && strchr("$`\\", q[1])) q++; *d++ = *q; }
      *d = 0;
      char *v = command_subst(text);
      free(text);
      if (mode == 0 && !dq && !heredoc) put_split(f, v);
      else for (char *q = v; *q; q++) put_lit(f, *q, mode == 1 && dq);
      f->has = 1;
      free(v);
      w = *e ? e + 1 : e;
      continue;
    }
    if (c == '$') {
      int used = 0, at_args;
      char *v = dollar(w, &used, &at_args);
      if (v) {
        w += used;
        if (at_args && dq && mode == 0) {
          /* "$@": each positional parameter is a field of its own */
          free(v);
          for (int i = 1; i < pos_count; i++) {
            if (i > 1) { f->has = 1; f_end(f); }
            f_puts(f, pos_args[i]);
          }
          if (pos_count <= 1 && !f->len) f->has = 0;
          continue;
        }
        if (mode == 0 && !dq && !heredoc) put_split(f, v);
        else for (char *q = v; *q; q++) put_lit(f, *q, mode == 1 && (dq || heredoc));
        free(v);
        continue;
      }
    }
    if (mode == 0 && !dq && !heredoc && (c == '*' || c == '?' || c == '[')) f->glob = 1; /* only unquoted wildcards glob */
    f_putc(f, c);
  }
  if (mode == 0) f_end(f);
}

void expand_word(const char *w, Fields *f) { expand_into(w, f, 0, 0); }

char *expand_string(const char *s, int heredoc) {
  Fields f = {0};
  expand_into(s, &f, 2, heredoc);
  char *out = f.cur ? f.cur : strdup("");
  f.cur = 0;
  f_free(&f);
  return out;
}

char *expand_pattern(const char *s) {
  Fields f = {0};
  expand_into(s, &f, 1, 0);
  char *out = f.cur ? f.cur : strdup("");
  f.cur = 0;
  f_free(&f);
  return out;
}
