/* expand.c — word expansion, done when a command runs: quote removal, $ parameters, ~, field
 * splitting of unquoted values and globbing (* and ? in the last path component, sorted). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include "sh.h"

static void f_putc(Fields *f, char c) {
  if (f->len + 2 > f->cap2) { f->cap2 = f->cap2 ? f->cap2 * 2 : 64; f->cur = realloc(f->cur, f->cap2); }
  f->cur[f->len++] = c;
  f->cur[f->len] = 0;
  f->has = 1;
}
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
void expand_word(const char *w, Fields *f) {
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
