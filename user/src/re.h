/* re.h — the basic regular expressions sed and ed share (a POSIX BRE subset): literal characters,
 * `.`, bracket sets `[a-z]`, `[^...]`, `[[:alpha:]]` and the other classes, `*` after any of
 * those, anchors `^` and `$`, groups `\(...\)` (not repeatable) for `\1`..`\9`, and `\` quoting.
 * Backtracking, on NUL-terminated lines. Header-only, so each program stays one .c file. */
#ifndef RE_H
#define RE_H
#include <string.h>
#include <ctype.h>

typedef struct { const char *so[10], *eo[10]; } ReMatch;

/* Length of the atom at re (a character, an escape, a set); 0 at the end. */
static int re_atom_len(const char *re) {
  if (!*re) return 0;
  if (*re == '\\') return re[1] ? 2 : 1;
  if (*re != '[') return 1;
  const char *p = re + 1;
  if (*p == '^') p++;
  if (*p == ']') p++;
  while (*p && *p != ']') {
    if (p[0] == '[' && p[1] == ':') {
      const char *e = strstr(p + 2, ":]");
      p = e ? e + 2 : p + 1;
    } else p++;
  }
  return *p ? (int)(p - re + 1) : (int)(p - re);
}

static int re_class(const char *name, int n, int c) {
  if (!strncmp(name, "alpha", (size_t)n)) return isalpha(c);
  if (!strncmp(name, "digit", (size_t)n)) return isdigit(c);
  if (!strncmp(name, "alnum", (size_t)n)) return isalnum(c);
  if (!strncmp(name, "upper", (size_t)n)) return isupper(c);
  if (!strncmp(name, "lower", (size_t)n)) return islower(c);
  if (!strncmp(name, "space", (size_t)n)) return isspace(c);
  if (!strncmp(name, "blank", (size_t)n)) return c == ' ' || c == '\t';
  if (!strncmp(name, "punct", (size_t)n)) return ispunct(c);
  if (!strncmp(name, "print", (size_t)n)) return isprint(c);
  if (!strncmp(name, "xdigit", (size_t)n)) return isxdigit(c);
  return 0;
}

/* Does the atom at re (length n) match character c? */
static int re_atom_match(const char *re, int n, int c) {
  if (!c) return 0;
  if (*re == '.') return 1;
  if (*re == '\\') return n == 2 && (re[1] == 'n' ? c == '\n' : re[1] == 't' ? c == '\t' : re[1] == c);
  if (*re != '[') return *re == c;
  const char *p = re + 1, *end = re + n - 1;
  int neg = *p == '^', hit = 0;
  if (neg) p++;
  for (int first = 1; p < end; first = 0) {
    if (p[0] == '[' && p[1] == ':') {
      const char *e = strstr(p + 2, ":]");
      if (e) { hit |= re_class(p + 2, (int)(e - p - 2), c) != 0; p = e + 2; continue; }
    }
    (void)first;
    if (p + 2 < end && p[1] == '-') {
      hit |= (unsigned char)c >= (unsigned char)p[0] && (unsigned char)c <= (unsigned char)p[2];
      p += 3;
    } else hit |= *p++ == c;
  }
  return neg ? !hit : hit;
}

/* Match re at text exactly here; the end of the match, or NULL. bol: text is a line start. */
static const char *re_here(const char *re, const char *text, const char *line, ReMatch *m, int *g) {
  for (;;) {
    if (!*re) return text;
    if (re[0] == '\\' && re[1] == '(') {
      int n = ++*g;
      if (n < 10) m->so[n] = text;
      re += 2;
      continue;
    }
    if (re[0] == '\\' && re[1] == ')') {
      /* the innermost open group without an end */
      for (int k = *g; k >= 1; k--)
        if (k < 10 && m->eo[k] == 0) { m->eo[k] = text; break; }
      re += 2;
      continue;
    }
    if (re[0] == '\\' && re[1] >= '1' && re[1] <= '9') { /* back-reference */
      int k = re[1] - '0';
      if (!m->so[k] || !m->eo[k]) return 0;
      size_t l = (size_t)(m->eo[k] - m->so[k]);
      if (strncmp(text, m->so[k], l)) return 0;
      text += l;
      re += 2;
      continue;
    }
    if (re[0] == '$' && !re[1]) return *text ? 0 : text;
    int n = re_atom_len(re);
    if (re[n] == '*') {
      const char *t = text;
      while (re_atom_match(re, n, (unsigned char)*t)) t++;
      for (; t >= text; t--) {
        ReMatch save = *m;
        int gs = *g;
        const char *e = re_here(re + n + 1, t, line, m, g);
        if (e) return e;
        *m = save;
        *g = gs;
      }
      return 0;
    }
    if (!re_atom_match(re, n, (unsigned char)*text)) return 0;
    re += n;
    text++;
  }
}

/* The first match of re in line at or after from: 1 and m filled (so[0]..eo[0] the whole match). */
static int re_search(const char *re, const char *line, const char *from, ReMatch *m) {
  int anchored = re[0] == '^';
  if (anchored) re++;
  for (const char *t = from;; t++) {
    if (!anchored || t == line) {
      memset(m, 0, sizeof *m);
      int g = 0;
      const char *e = re_here(re, t, line, m, &g);
      if (e) { m->so[0] = t; m->eo[0] = e; return 1; }
    }
    if (!*t || anchored) return 0;
  }
}
#endif
