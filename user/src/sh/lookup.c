/* lookup.c — builtins about what a name means and the file-creation mask: `type NAME...`,
 * `command [-v|-V] NAME [ARG...]` (without -v/-V: run NAME skipping functions) and
 * `umask [-S] [MODE]`. Messages and statuses as dash's: `type` of an unknown name prints
 * `NAME: not found` and gives 127; `command -v` prints nothing for it and gives 127 too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "sh.h"
#include "../modes.h"

static int is_keyword(const char *s) {
  static const char *const kw[] = {"if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "in", "{", "}", "!", 0};
  for (int i = 0; kw[i]; i++) if (!strcmp(s, kw[i])) return 1;
  return 0;
}
/* POSIX's special builtins (dash names them so in `type`). */
static int is_special(const char *s) {
  static const char *const sp[] = {":", ".", "break", "continue", "eval", "exec", "exit", "export", "return", "set", "shift", "trap", "unset", 0};
  for (int i = 0; sp[i]; i++) if (!strcmp(s, sp[i])) return 1;
  return 0;
}

/* The executable file NAME runs as, searched in $PATH (default /bin), into buf; 0 when none. */
static int find_in_path(const char *name, char *buf, size_t n) {
  struct stat st;
  if (strchr(name, '/')) {
    if (stat(name, &st) < 0 || !S_ISREG(st.st_mode) || access(name, X_OK) < 0) return 0;
    snprintf(buf, n, "%s", name);
    return 1;
  }
  const char *path = get_var("PATH", 4);
  if (!path) path = "/bin";
  for (const char *p = path;; p++) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == 0) snprintf(buf, n, "%s", name); /* an empty entry is the current directory */
    else snprintf(buf, n, "%.*s/%s", (int)len, p, name);
    if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0) return 1;
    if (!e) return 0;
    p = e;
  }
}

/* Describe one name: verbose as `type` (and `command -V`), else as `command -v`. 0 when found. */
static int describe(const char *name, int verbose) {
  char buf[512];
  if (is_keyword(name)) {
    if (verbose) printf("%s is a shell keyword\n", name);
    else printf("%s\n", name);
    return 0;
  }
  if (is_function(name)) {
    if (verbose) printf("%s is a shell function\n", name);
    else printf("%s\n", name);
    return 0;
  }
  if (is_builtin(name)) {
    if (verbose) printf("%s is a %sshell builtin\n", name, is_special(name) ? "special " : "");
    else printf("%s\n", name);
    return 0;
  }
  if (find_in_path(name, buf, sizeof buf)) {
    if (verbose) printf("%s is %s\n", name, buf);
    else printf("%s\n", buf);
    return 0;
  }
  if (verbose) printf("%s: not found\n", name);
  return 127;
}

int builtin_type(int argc, char **argv) {
  int rc = 0;
  for (int i = 1; i < argc; i++) if (describe(argv[i], 1)) rc = 127;
  return rc;
}

int builtin_command(int argc, char **argv) {
  int i = 1, mode = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--")) { i++; break; }
    for (const char *o = argv[i] + 1; *o; o++) {
      if (*o == 'v' || *o == 'V') mode = *o;
      else if (*o != 'p') { fprintf(stderr, "sh: command: bad option -%c\nusage: command [-v|-V] name [arg ...]\n", *o); return 2; }
    }
  }
  if (i >= argc) return 0;
  if (mode) {
    int rc = 0;
    for (; i < argc; i++) if (describe(argv[i], mode == 'V')) rc = 127;
    return rc;
  }
  /* run it: a builtin here, anything else as a program (functions are skipped) */
  if (is_builtin(argv[i])) return builtin(argc - i, argv + i);
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) { fprintf(stderr, "sh: fork: %s\n", strerror(errno)); return 1; }
  if (pid == 0) {
    default_signals();
    environ = build_env();
    execvp(argv[i], argv + i);
    int e = errno;
    fprintf(stderr, "sh: %s: %s\n", argv[i], e == ENOENT ? "not found" : strerror(e));
    _exit(e == ENOENT ? 127 : 126);
  }
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return 1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int builtin_umask(int argc, char **argv) {
  int i = 1, sym = 0;
  if (i < argc && !strcmp(argv[i], "-S")) { sym = 1; i++; }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  mode_t cur = umask(0);
  umask(cur);
  if (i >= argc) {
    if (sym) {
      char buf[32];
      symbolic_perms(~cur & 0777, buf);
      printf("%s\n", buf);
    } else printf("%04o\n", cur & 0777);
    return 0;
  }
  unsigned perms;
  if (argv[i][0] >= '0' && argv[i][0] <= '7') {
    unsigned v;
    if (!apply_mode(argv[i], 0, 0, 0, &v) || v > 0777) { fprintf(stderr, "sh: umask: Illegal mode: %s\n", argv[i]); return 2; }
    umask(v);
    return 0;
  }
  /* symbolic: the clauses act on the permissions the mask lets through */
  if (!apply_mode(argv[i], ~cur & 0777, 1, 0, &perms)) { fprintf(stderr, "sh: umask: Illegal mode: %s\n", argv[i]); return 2; }
  umask(~perms & 0777);
  return 0;
}
