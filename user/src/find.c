/* find — walk directory trees: find [PATH...] [EXPRESSION]
 *   tests    -name GLOB  -type f|d|c|p|l|s  -maxdepth N  -mindepth N  -empty
 *   actions  -print  -exec COMMAND {} ;   (the default action is -print)
 *   operators  ! / -not, and the implicit -a (-a accepted), -o
 * Paths are visited before their contents, entries in name order (so the output does not
 * depend on the order a directory stores them). */
#include <unistd.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "args.h"

typedef struct Node {
  int kind; /* 'n' name, 't' type, 'e' empty, 'p' print, 'x' exec, '!' not, '&' and, '|' or, 'T' true */
  const char *arg;
  char type;
  char **argv;
  int argc;
  struct Node *l, *r;
} Node;

static char **args;
static int nargs, at, has_action, rc, maxdepth = -1, mindepth = 0;

/* fnmatch-like: * ? [set] and \ quoting. */
static int glob(const char *p, const char *s) {
  for (; *p; p++, s++) {
    if (*p == '*') {
      while (p[1] == '*') p++;
      for (const char *t = s;; t++) {
        if (glob(p + 1, t)) return 1;
        if (!*t) return 0;
      }
    }
    if (!*s) return 0;
    if (*p == '?') continue;
    if (*p == '[') {
      const char *q = p + 1;
      int neg = *q == '!' || *q == '^', hit = 0;
      if (neg) q++;
      for (int first = 1; *q && (first || *q != ']'); first = 0, q++) {
        if (q[1] == '-' && q[2] && q[2] != ']') { hit |= *s >= q[0] && *s <= q[2]; q += 2; }
        else hit |= *q == *s;
      }
      if (*q != ']') { if (*s != '[') return 0; continue; } /* no closing bracket: a literal [ */
      if (hit == neg) return 0;
      p = q;
      continue;
    }
    if (*p == '\\' && p[1]) p++;
    if (*p != *s) return 0;
  }
  return !*s;
}

static Node *node(int kind) {
  Node *n = calloc(1, sizeof *n);
  n->kind = kind;
  return n;
}

static Node *parse_or(void);
static Node *parse_primary(void) {
  if (at >= nargs) bad_usage("expression expected");
  const char *a = args[at++];
  if (!strcmp(a, "!") || !strcmp(a, "-not")) { Node *n = node('!'); n->l = parse_primary(); return n; }
  if (!strcmp(a, "(")) {
    Node *n = parse_or();
    if (at >= nargs || strcmp(args[at], ")")) bad_usage("missing ')'");
    at++;
    return n;
  }
  const char *need = 0;
  if (!strcmp(a, "-name") || !strcmp(a, "-type") || !strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth")) {
    if (at >= nargs) bad_usage("missing argument to '%s'", a);
    need = args[at++];
  }
  if (!strcmp(a, "-name")) { Node *n = node('n'); n->arg = need; return n; }
  if (!strcmp(a, "-type")) {
    if (strlen(need) != 1 || !strchr("fdcpls", need[0])) bad_usage("unknown argument to -type: %s", need);
    Node *n = node('t');
    n->type = need[0];
    return n;
  }
  if (!strcmp(a, "-maxdepth")) { maxdepth = (int)number_arg(need, "-maxdepth"); return node('T'); }
  if (!strcmp(a, "-mindepth")) { mindepth = (int)number_arg(need, "-mindepth"); return node('T'); }
  if (!strcmp(a, "-empty")) return node('e');
  if (!strcmp(a, "-print")) { has_action = 1; return node('p'); }
  if (!strcmp(a, "-exec")) {
    Node *n = node('x');
    n->argv = args + at;
    while (at < nargs && strcmp(args[at], ";")) at++;
    if (at >= nargs) bad_usage("missing argument to '-exec' (it ends with ';')");
    n->argc = (int)(args + at - n->argv);
    if (n->argc == 0) bad_usage("-exec needs a command");
    at++;
    has_action = 1;
    return n;
  }
  bad_usage("unknown predicate '%s'", a);
}
static Node *parse_and(void) {
  Node *l = parse_primary();
  while (at < nargs && strcmp(args[at], "-o") && strcmp(args[at], ")")) {
    if (!strcmp(args[at], "-a")) at++;
    Node *n = node('&');
    n->l = l;
    n->r = parse_primary();
    l = n;
  }
  return l;
}
static Node *parse_or(void) {
  Node *l = parse_and();
  while (at < nargs && !strcmp(args[at], "-o")) {
    at++;
    Node *n = node('|');
    n->l = l;
    n->r = parse_and();
    l = n;
  }
  return l;
}

static int run_exec(Node *n, const char *path) {
  char **v = malloc(sizeof(char *) * (size_t)(n->argc + 1));
  for (int i = 0; i < n->argc; i++) {
    const char *a = n->argv[i], *b = strstr(a, "{}");
    if (!b) { v[i] = (char *)a; continue; }
    size_t l = strlen(a) - 2 + strlen(path) + 1;
    v[i] = malloc(l);
    snprintf(v[i], l, "%.*s%s%s", (int)(b - a), a, path, b + 2);
  }
  v[n->argc] = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execvp(v[0], v);
    fprintf(stderr, "find: %s: %s\n", v[0], strerror(errno));
    _exit(127);
  }
  int st = 1;
  if (pid > 0) while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  free(v);
  return pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int eval(Node *n, const char *path, const char *name, struct stat *st) {
  switch (n->kind) {
  case 'T': return 1;
  case 'n': return glob(n->arg, name);
  case 't': {
    unsigned m = st->st_mode & S_IFMT;
    char t = m == S_IFDIR ? 'd' : m == S_IFCHR ? 'c' : m == S_IFIFO ? 'p' : m == S_IFLNK ? 'l' : m == S_IFSOCK ? 's' : 'f';
    return t == n->type;
  }
  case 'e': {
    if (S_ISREG(st->st_mode)) return st->st_size == 0;
    if (!S_ISDIR(st->st_mode)) return 0;
    DIR *d = opendir(path);
    if (!d) return 0;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d))) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
    closedir(d);
    return empty;
  }
  case 'p': printf("%s\n", path); return 1;
  case 'x': return run_exec(n, path);
  case '!': return !eval(n->l, path, name, st);
  case '&': return eval(n->l, path, name, st) && eval(n->r, path, name, st);
  case '|': return eval(n->l, path, name, st) || eval(n->r, path, name, st);
  }
  return 0;
}

static int keep(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }

static void walk(Node *expr, const char *path, int depth) {
  struct stat st;
  if (lstat(path, &st) < 0) { fprintf(stderr, "find: '%s': %s\n", path, strerror(errno)); rc = 1; return; }
  const char *name = strrchr(path, '/');
  name = name && name[1] ? name + 1 : path;
  if (depth >= mindepth) {
    int r = expr ? eval(expr, path, name, &st) : 1;
    if (r && !has_action) printf("%s\n", path);
  }
  if (!S_ISDIR(st.st_mode) || (maxdepth >= 0 && depth >= maxdepth)) return;
  struct dirent **list;
  int n = scandir(path, &list, keep, alphasort);
  if (n < 0) { fprintf(stderr, "find: '%s': %s\n", path, strerror(errno)); rc = 1; return; }
  for (int i = 0; i < n; i++) {
    size_t l = strlen(path) + strlen(list[i]->d_name) + 2;
    char *child = malloc(l);
    snprintf(child, l, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", list[i]->d_name);
    walk(expr, child, depth + 1);
    free(child);
    free(list[i]);
  }
  free(list);
}

int main(int argc, char **argv) {
  ARGS("find", "[PATH...] [-name GLOB] [-type f|d|c|p|l] [-maxdepth N] [-mindepth N] [-empty] [!] [-o] [-print] [-exec CMD {} ;]");
  int i = 1;
  while (i < argc && argv[i][0] != '-' && strcmp(argv[i], "!") && strcmp(argv[i], "(")) i++;
  args = argv + i;
  nargs = argc - i;
  Node *expr = nargs ? parse_or() : 0;
  if (at < nargs) bad_usage("unexpected '%s'", args[at]);
  if (i == 1) walk(expr, ".", 0);
  for (int k = 1; k < i; k++) walk(expr, argv[k], 0);
  return rc;
}
