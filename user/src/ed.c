/* ed — the line editor, its common subset: ed [-s] [-p PROMPT] [FILE]
 *   addresses  N  .  $  +N  -N  /RE/  ?RE?  and A,B  , (all)  ; (. to $)
 *   commands   a i c (text ends with a line holding only ".")  d  p  n  =  j  m ADDR  t ADDR
 *              s/RE/REPLACEMENT/[g][p]  g/RE/CMD  v/RE/CMD  (CMD: p n d or s///)
 *              r FILE  w [FILE]  e FILE  f [FILE]  q  Q  h (explain the last ?)
 * Errors print "?" (h tells why) and make the status 1; a script read from a regular file stops at
 * its first error, as GNU ed's does; q with unsaved changes warns once. Byte counts on e, r and w
 * (unless -s). Regular expressions are POSIX basic ones (re.h). */
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include "args.h"
#include "re.h"

static char **buf;
static int nbuf, capbuf, cur, dirty, warned, silent;
static char filename[256], last_re[256], last_err[128];
static const char *prompt;

static void insert(int after, const char *s) {
  if (nbuf == capbuf) buf = realloc(buf, sizeof(char *) * (size_t)(capbuf = capbuf ? capbuf * 2 : 64));
  memmove(buf + after + 1, buf + after, sizeof(char *) * (size_t)(nbuf - after));
  buf[after] = strdup(s);
  nbuf++;
}
static void remove_lines(int a, int b) { /* 1-based, inclusive */
  for (int i = a; i <= b; i++) free(buf[i - 1]);
  memmove(buf + a - 1, buf + b, sizeof(char *) * (size_t)(nbuf - b));
  nbuf -= b - a + 1;
}

static int failed; /* an error happened: the exit status is 1 (as GNU ed) */
static int err(const char *why) {
  snprintf(last_err, sizeof last_err, "%s", why);
  failed = 1;
  printf("?\n");
  return -1;
}

/* Read FILE after line `after`; the byte count, or -1. */
static long read_file(const char *name, int after) {
  FILE *f = fopen(name, "r");
  if (!f) { snprintf(last_err, sizeof last_err, "%s", strerror(errno)); return -1; }
  char *line = 0;
  size_t cap = 0;
  ssize_t len;
  long bytes = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    bytes += len;
    if (len && line[len - 1] == '\n') line[len - 1] = 0;
    insert(after++, line);
  }
  free(line);
  fclose(f);
  cur = after;
  return bytes;
}

static long write_file(const char *name, int a, int b) {
  FILE *f = fopen(name, "w");
  if (!f) { err(strerror(errno)); return -1; }
  long bytes = 0;
  for (int i = a; i <= b && i >= 1; i++) bytes += fprintf(f, "%s\n", buf[i - 1]);
  fclose(f);
  return bytes;
}

static char *getl(void) {
  static char *line;
  static size_t cap;
  ssize_t len = getline(&line, &cap, stdin);
  if (len < 0) return 0;
  if (len && line[len - 1] == '\n') line[len - 1] = 0;
  return line;
}

/* Text lines until "." go after line `after`. */
static void input(int after) {
  char *l;
  while ((l = getl()) && strcmp(l, ".")) { insert(after++, l); dirty = 1; }
  cur = after;
}

/* A pattern between delimiters d (the last one when empty); advances *p. */
static int pattern(const char **p, char d, char *out, int size) {
  const char *s = *p;
  int n = 0;
  while (*s && *s != d) {
    if (*s == '\\' && s[1] == d) s++;
    else if (*s == '\\' && s[1]) { if (n < size - 2) out[n++] = *s; s++; }
    if (n < size - 1) out[n++] = *s;
    s++;
  }
  out[n] = 0;
  if (*s == d) s++;
  *p = s;
  if (!n) {
    if (!last_re[0]) return err("no previous pattern");
    snprintf(out, (size_t)size, "%s", last_re);
  } else snprintf(last_re, sizeof last_re, "%s", out);
  return 0;
}

/* One address at *p: the line number, -2 when none is there, -1 on error. */
static int address(const char **p) {
  const char *s = *p;
  int a = -2;
  ReMatch m;
  if (*s == '.') { a = cur; s++; }
  else if (*s == '$') { a = nbuf; s++; }
  else if (*s >= '0' && *s <= '9') a = (int)strtol(s, (char **)&s, 10);
  else if (*s == '/' || *s == '?') {
    char d = *s++, re[256];
    if (pattern(&s, d, re, sizeof re) < 0) return -1;
    a = -1;
    for (int k = 1; k <= nbuf; k++) {
      int i = d == '/' ? (cur + k - 1) % nbuf + 1 : ((cur - k - 1) % nbuf + nbuf) % nbuf + 1;
      if (re_search(re, buf[i - 1], buf[i - 1], &m)) { a = i; break; }
    }
    if (a < 0) return err("no match");
  }
  while (*s == '+' || *s == '-') {
    int sign = *s++ == '+' ? 1 : -1, k = 1;
    if (*s >= '0' && *s <= '9') k = (int)strtol(s, (char **)&s, 10);
    a = (a == -2 ? cur : a) + sign * k;
  }
  *p = s;
  return a;
}

static int substitute(int a, int b, const char *s, int *printed) {
  char d = *s++, re[256], rep[256];
  if (!d || d == ' ' || d == '\n') return err("invalid pattern delimiter");
  if (pattern(&s, d, re, sizeof re) < 0) return -1;
  int n = 0;
  while (*s && *s != d && n < (int)sizeof rep - 2) {
    if (*s == '\\' && s[1]) rep[n++] = *s++;
    rep[n++] = *s++;
  }
  rep[n] = 0;
  if (*s == d) s++;
  int global = 0, print = 0;
  for (; *s; s++) {
    if (*s == 'g') global = 1;
    else if (*s == 'p') print = 1;
    else return err("invalid command suffix");
  }
  int any = 0;
  for (int i = a; i <= b; i++) {
    const char *line = buf[i - 1], *from = line;
    char out[4096];
    int len = 0, did = 0;
    ReMatch m;
    while (re_search(re, line, from, &m) && len < (int)sizeof out - 512) {
      memcpy(out + len, from, (size_t)(m.so[0] - from));
      len += (int)(m.so[0] - from);
      for (const char *r = rep; *r && len < (int)sizeof out - 256; r++) {
        const char *x = 0, *y = 0;
        if (*r == '&') x = m.so[0], y = m.eo[0];
        else if (*r == '\\' && r[1] >= '1' && r[1] <= '9') { int k = *++r - '0'; x = m.so[k], y = m.eo[k]; }
        else if (*r == '\\' && r[1]) { out[len++] = *++r; continue; }
        else { out[len++] = *r; continue; }
        if (x && y && y - x < 200) { memcpy(out + len, x, (size_t)(y - x)); len += (int)(y - x); }
      }
      did = 1;
      from = m.eo[0];
      if (m.eo[0] == m.so[0]) { if (!*from) break; out[len++] = *from++; }
      if (!global) break;
    }
    if (!did) continue;
    snprintf(out + len, sizeof out - (size_t)len, "%s", from);
    free(buf[i - 1]);
    buf[i - 1] = strdup(out);
    cur = i;
    any = dirty = 1;
    if (print) { printf("%s\n", buf[i - 1]); *printed = 1; }
  }
  return any ? 0 : err("no match");
}

static int command(const char *s, int in_global);

/* g/RE/CMD and v/RE/CMD: mark the lines first, then run CMD on each still there. */
static int global(int a, int b, const char *s, int invert) {
  char d = *s++, re[256];
  if (pattern(&s, d, re, sizeof re) < 0) return -1;
  const char *cmd = *s ? s : "p";
  char **marked = malloc(sizeof(char *) * (size_t)(nbuf + 1));
  int nm = 0;
  ReMatch m;
  for (int i = a; i <= b; i++)
    if (re_search(re, buf[i - 1], buf[i - 1], &m) != invert) marked[nm++] = buf[i - 1];
  for (int k = 0; k < nm; k++) {
    int at = 0;
    for (int i = 1; i <= nbuf; i++) if (buf[i - 1] == marked[k]) { at = i; break; }
    if (!at) continue; /* deleted by an earlier command */
    cur = at;
    if (command(cmd, 1) < 0) break;
  }
  free(marked);
  return 0;
}

static int command(const char *s, int in_global) {
  int a, b, naddr = 0;
  while (*s == ' ') s++;
  if (*s == ',' || *s == ';') {
    a = *s == ',' ? 1 : cur;
    b = nbuf;
    s++;
    naddr = 2;
    int x = address(&s);
    if (x == -1) return -1;
    if (x != -2) b = x;
  } else {
    a = address(&s);
    if (a == -1) return -1;
    b = a;
    if (a != -2) naddr = 1;
    if (*s == ',' || *s == ';') {
      if (*s == ';' && a != -2) cur = a;
      s++;
      b = address(&s);
      if (b == -1) return -1;
      if (b == -2) b = nbuf;
      if (a == -2) a = 1;
      naddr = 2;
    }
  }
  char c = *s ? *s++ : 0;
  if (naddr == 0) {
    a = b = cur;
    if (c == 'w' || c == 'g' || c == 'v' || c == 'W') a = 1, b = nbuf;
    if (c == 0) a = b = cur + 1; /* a newline alone prints the next line */
  }
  int needs_line = strchr("dpnlcjsmt=", c ? c : 'p') != 0 || c == 0;
  if (needs_line && c != '=' && (a < 1 || b > nbuf || a > b)) return err("invalid address");
  if (a < 0 || b > nbuf || a > b) return err("invalid address");
  while (*s == ' ' && c != 's' && c != 'g' && c != 'v') s++;
  int printed = 0;
  switch (c) {
  case 0: case 'p': case 'n': case 'l':
    for (int i = a; i <= b; i++) {
      if (c == 'n') printf("%d\t%s\n", i, buf[i - 1]);
      else if (c == 'l') printf("%s$\n", buf[i - 1]);
      else printf("%s\n", buf[i - 1]);
    }
    cur = b;
    return 0;
  case '=': printf("%d\n", naddr ? b : nbuf); return 0;
  case 'a': if (in_global) return err("unsupported in g"); input(b); return 0;
  case 'i': if (in_global) return err("unsupported in g"); input(b > 0 ? b - 1 : 0); return 0;
  case 'c': if (in_global) return err("unsupported in g"); remove_lines(a, b); input(a - 1); dirty = 1; return 0;
  case 'd': remove_lines(a, b); cur = a <= nbuf ? a : nbuf; dirty = 1; return 0;
  case 'j': {
    if (naddr < 2) b = a + 1;
    if (b > nbuf) return err("invalid address");
    size_t l = 1;
    for (int i = a; i <= b; i++) l += strlen(buf[i - 1]);
    char *j = malloc(l);
    j[0] = 0;
    for (int i = a; i <= b; i++) strcat(j, buf[i - 1]);
    remove_lines(a + 1, b);
    free(buf[a - 1]);
    buf[a - 1] = j;
    cur = a;
    dirty = 1;
    return 0;
  }
  case 'm': case 't': {
    int to = address(&s);
    if (to < 0 || to > nbuf || (c == 'm' && to >= a && to < b)) return err("invalid destination");
    int n = b - a + 1;
    char **copy = malloc(sizeof(char *) * (size_t)n);
    for (int i = 0; i < n; i++) copy[i] = strdup(buf[a - 1 + i]);
    if (c == 'm') { remove_lines(a, b); if (to > b) to -= n; }
    for (int i = 0; i < n; i++) { insert(to + i, copy[i]); free(copy[i]); }
    free(copy);
    cur = to + n;
    dirty = 1;
    return 0;
  }
  case 's': {
    int r = substitute(a, b, s, &printed);
    return r;
  }
  case 'g': case 'v':
    if (in_global) return err("cannot nest global commands");
    return global(naddr ? a : 1, naddr ? b : nbuf, s, c == 'v');
  case 'w': case 'W': {
    if (*s) snprintf(filename, sizeof filename, "%s", s);
    if (!filename[0]) return err("no current filename");
    long n = write_file(filename, nbuf ? a : 1, nbuf ? b : 0);
    if (n < 0) return -1;
    if (a == 1 && b == nbuf) dirty = 0;
    if (!silent) printf("%ld\n", n);
    return 0;
  }
  case 'r': {
    const char *name = *s ? s : filename;
    if (!*name) return err("no current filename");
    long n = read_file(name, naddr ? b : nbuf);
    if (n < 0) { printf("?\n"); failed = 1; return -1; }
    dirty = 1;
    if (!silent) printf("%ld\n", n);
    return 0;
  }
  case 'e': case 'E': {
    if (c == 'e' && dirty && !warned) { warned = 1; return err("warning: buffer modified"); }
    if (!*s) return err("no file name");
    remove_lines(1, nbuf);
    snprintf(filename, sizeof filename, "%s", s);
    long n = read_file(filename, 0);
    dirty = 0;
    if (n < 0) { printf("?\n"); failed = 1; return -1; }
    if (!silent) printf("%ld\n", n);
    return 0;
  }
  case 'f':
    if (*s) snprintf(filename, sizeof filename, "%s", s);
    printf("%s\n", filename);
    return 0;
  case 'h': if (last_err[0]) printf("%s\n", last_err); return 0;
  case 'q':
    if (dirty && !warned) { warned = 1; return err("warning: buffer modified"); }
    exit(0);
  case 'Q': exit(0);
  default: return err("unknown command");
  }
}

int main(int argc, char **argv) {
  ARGS("ed", "[-s] [-p PROMPT] [FILE]");
  int c;
  while ((c = opt_next(argc, argv, "sp:")) != -1) {
    if (c == 's') silent = 1;
    else prompt = opt_arg;
  }
  if (argc - opt_ind > 1) bad_usage("one file at a time");
  if (opt_ind < argc) {
    snprintf(filename, sizeof filename, "%s", argv[opt_ind]);
    long n = read_file(filename, 0);
    if (n >= 0 && !silent) printf("%ld\n", n);
    else if (n < 0) printf("%s: %s\n", filename, last_err);
  }
  struct stat st;
  int script_file = fstat(0, &st) == 0 && S_ISREG(st.st_mode);
  for (;;) {
    if (prompt) { fputs(prompt, stdout); }
    fflush(stdout);
    char *l = getl();
    if (!l) break;
    int was_warned = warned;
    /* a script in a file stops at its first error, as GNU ed does (a terminal or pipe goes on) */
    if (command(l, 0) < 0 && script_file) return 1;
    if (was_warned) warned = 0; /* the warning holds for the very next command only */
    fflush(stdout);
  }
  return failed;
}
