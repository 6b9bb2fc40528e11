/* xargs — build command lines from stdin: xargs [-n N] [-I REPL] [-t] [-0] [-r] [COMMAND [ARG...]]
 * Items are separated by blanks and newlines, with '...' "..." and \ quoting (-0: NUL-separated,
 * no quoting); -I runs COMMAND once per input line with REPL replaced by it. The default command
 * is echo. Status 123 when a command failed, 124 when one exited 255, 125 when one was killed,
 * 127 when COMMAND was not found (POSIX). */
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
#include <ctype.h>
#include "args.h"

static int trace;

static int run(char **v) {
  if (trace) {
    for (int i = 0; v[i]; i++) {
      /* quoted for the shell when it needs to be, as GNU's -t prints it */
      int plain = *v[i] != 0;
      for (const char *p = v[i]; *p; p++) if (!isalnum((unsigned char)*p) && !strchr("_./=:,+-@%^", *p)) plain = 0;
      if (plain) fprintf(stderr, "%s%s", i ? " " : "", v[i]);
      else {
        fprintf(stderr, "%s'", i ? " " : "");
        for (const char *p = v[i]; *p; p++) fprintf(stderr, *p == '\'' ? "'\\''" : "%c", *p);
        fputc('\'', stderr);
      }
    }
    fputc('\n', stderr);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) die(125, "fork: %s", strerror(errno));
  if (pid == 0) {
    execvp(v[0], v);
    int e = errno;
    fprintf(stderr, "xargs: %s: %s\n", v[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
  }
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  if (WIFSIGNALED(st)) { fprintf(stderr, "xargs: %s: terminated by signal %d\n", v[0], WTERMSIG(st)); exit(125); }
  int s = WEXITSTATUS(st);
  if (s == 255) { fprintf(stderr, "xargs: %s: exited with status 255; aborting\n", v[0]); exit(124); }
  if (s == 126 || s == 127) exit(s);
  return s ? 123 : 0;
}

/* The next item from stdin (malloc'd), or NULL at the end. */
static char *item(int nul, int whole_line) {
  size_t cap = 64, len = 0;
  char *s = malloc(cap);
  int c, q = 0, any = 0;
  while ((c = getchar()) != EOF) {
    if (len + 2 > cap) s = realloc(s, cap *= 2);
    if (nul) { if (!c) { any = 1; break; } s[len++] = (char)c; any = 1; continue; }
    if (q) { if (c == q) q = 0; else s[len++] = (char)c; continue; }
    if (whole_line && c != '\'' && c != '"' && c != '\\') {
      /* -I: a whole line is one item; blanks inside it are kept, leading ones dropped */
      if (c == '\n') { if (any) break; continue; }
      if (!any && (c == ' ' || c == '\t')) continue;
      s[len++] = (char)c;
      any = 1;
      continue;
    }
    if (c == '\'' || c == '"') { q = c; any = 1; continue; }
    if (c == '\\') { c = getchar(); if (c == EOF) break; s[len++] = (char)c; any = 1; continue; }
    if (c == ' ' || c == '\t' || c == '\n') { if (any) break; continue; }
    s[len++] = (char)c;
    any = 1;
  }
  if (q) die(1, "unmatched %s quote", q == '"' ? "double" : "single");
  if (!any) { free(s); return 0; }
  s[len] = 0;
  return s;
}

static char *replace(const char *a, const char *repl, const char *with) {
  size_t rl = strlen(repl), wl = strlen(with), n = 0;
  for (const char *p = strstr(a, repl); p; p = strstr(p + rl, repl)) n++;
  char *out = malloc(strlen(a) + n * wl + 1), *o = out;
  for (const char *p = a;;) {
    const char *h = strstr(p, repl);
    if (!h) { strcpy(o, p); break; }
    memcpy(o, p, (size_t)(h - p));
    o += h - p;
    memcpy(o, with, wl);
    o += wl;
    p = h + rl;
  }
  return out;
}

int main(int argc, char **argv) {
  ARGS("xargs", "[-n N] [-I REPL] [-t] [-0] [-r] [COMMAND [ARG...]]");
  long per = 0;
  int nul = 0, norun = 0, c;
  const char *repl = 0;
  while ((c = opt_next(argc, argv, "n:I:t0r")) != -1) {
    if (c == 'n') { per = number_arg(opt_arg, "number of arguments"); if (per < 1) bad_usage("-n needs a positive number"); }
    else if (c == 'I') repl = opt_arg;
    else if (c == 't') trace = 1;
    else if (c == '0') nul = 1;
    else norun = 1;
  }
  static char *echo_cmd[] = {"echo", 0};
  char **cmd = opt_ind < argc ? argv + opt_ind : echo_cmd;
  int ncmd = opt_ind < argc ? argc - opt_ind : 1, rc = 0;
  if (repl) {
    char *it;
    while ((it = item(nul, 1))) {
      char **v = malloc(sizeof(char *) * (size_t)(ncmd + 1));
      for (int i = 0; i < ncmd; i++) v[i] = replace(cmd[i], repl, it);
      v[ncmd] = 0;
      int r = run(v);
      if (r) rc = r;
      for (int i = 0; i < ncmd; i++) free(v[i]);
      free(v);
      free(it);
    }
    return rc;
  }
  /* as many items a command as -n allows, or as fit in 16 KiB of arguments */
  int cap = 64, n = 0, ran = 0;
  size_t bytes = 0;
  char **v = malloc(sizeof(char *) * (size_t)(ncmd + cap + 1));
  for (int i = 0; i < ncmd; i++) v[i] = cmd[i];
  for (;;) {
    char *it = item(nul, 0);
    if (it) {
      if (n == cap) v = realloc(v, sizeof(char *) * (size_t)(ncmd + (cap *= 2) + 1));
      v[ncmd + n++] = it;
      bytes += strlen(it) + 1;
    }
    if (n && (!it || (per && n >= per) || bytes > 16384)) {
      v[ncmd + n] = 0;
      int r = run(v);
      if (r) rc = r;
      ran = 1;
      for (int i = 0; i < n; i++) free(v[ncmd + i]);
      n = 0;
      bytes = 0;
    }
    if (!it) break;
  }
  if (!ran && !norun) { v[ncmd] = 0; rc = run(v); } /* no input: the command runs once (GNU; -r: not at all) */
  return rc;
}
