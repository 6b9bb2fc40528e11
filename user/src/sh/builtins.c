/* builtins.c — the commands the shell runs itself: : break continue exec read . source cd pwd
 * exit export unset jobs fg bg wait kill (type, command and umask are in lookup.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <ctype.h>
#include <sys/wait.h>
#include "sh.h"

int is_builtin(const char *s) {
  static const char *const names[] = {"cd", "pwd", "exit", "export", "unset", "jobs", "fg", "bg", "wait", "kill", ":", "exec", "read", ".", "source", "break", "continue",
                                      "set", "shift", "trap", "return", "eval", "getopts", "true", "false", "history", "type", "command", "umask", 0};
  for (int i = 0; names[i]; i++) if (!strcmp(s, names[i])) return 1;
  return 0;
}
/* getopts OPTSTRING NAME [ARG...]: the next option of $@ (or ARGs) into NAME, its argument into
 * OPTARG, the next index in OPTIND; status 1 when the options end. */
static int builtin_getopts(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: getopts optstring name [arg ...]\n"); return 2; }
  const char *opts = argv[1], *name = argv[2];
  char **args = argc > 3 ? argv + 3 : pos_args + 1;
  int nargs = argc > 3 ? argc - 3 : pos_count - 1;
  static int sub; /* position inside a group of options (-abc) */
  const char *oi = get_var("OPTIND", 6);
  int ind = oi ? atoi(oi) : 1;
  if (ind < 1) ind = 1;
  if (ind == 1 && sub > 0 && !oi) sub = 0;
  char buf[16];
  if (ind > nargs || args[ind - 1][0] != '-' || !args[ind - 1][1] || !strcmp(args[ind - 1], "--")) {
    if (ind <= nargs && !strcmp(args[ind - 1], "--")) ind++;
    set_var(name, "?", -1);
    snprintf(buf, sizeof buf, "%d", ind);
    set_var("OPTIND", buf, -1);
    sub = 0;
    return 1;
  }
  const char *a = args[ind - 1];
  if (sub == 0) sub = 1;
  char opt = a[sub++];
  const char *spec = strchr(opts, opt);
  int silent = opts[0] == ':';
  char o[2] = {opt, 0};
  if (!spec || opt == ':') {
    set_var(name, "?", -1);
    if (silent) set_var("OPTARG", o, -1);
    else fprintf(stderr, "%s: illegal option -- %c\n", pos_args[0], opt);
  } else if (spec[1] == ':') {
    if (a[sub]) { set_var("OPTARG", a + sub, -1); ind++; sub = 0; }
    else if (ind < nargs) { set_var("OPTARG", args[ind], -1); ind += 2; sub = 0; }
    else {
      if (silent) { set_var(name, ":", -1); set_var("OPTARG", o, -1); }
      else { set_var(name, "?", -1); fprintf(stderr, "%s: option requires an argument -- %c\n", pos_args[0], opt); }
      ind++;
      sub = 0;
      snprintf(buf, sizeof buf, "%d", ind);
      set_var("OPTIND", buf, -1);
      return 0;
    }
    set_var(name, o, -1);
  } else {
    set_var(name, o, -1);
    Var *v = find_var("OPTARG", 6); /* an option without an argument: OPTARG unset, as dash does */
    if (v) { free(v->name); free(v->value); memset(v, 0, sizeof *v); }
  }
  if (sub && !a[sub]) { ind++; sub = 0; }
  snprintf(buf, sizeof buf, "%d", ind);
  set_var("OPTIND", buf, -1);
  return 0;
}

int builtin(int argc, char **argv) {
  const char *c = argv[0];
  if (!strcmp(c, ":") || !strcmp(c, "true")) return 0;
  if (!strcmp(c, "false")) return 1;
  if (!strcmp(c, "history")) return builtin_history(argc, argv); /* lineedit.c */
  if (!strcmp(c, "type")) return builtin_type(argc, argv);       /* lookup.c */
  if (!strcmp(c, "command")) return builtin_command(argc, argv);
  if (!strcmp(c, "umask")) return builtin_umask(argc, argv);
  if (!strcmp(c, "set")) return builtin_set(argc, argv);
  if (!strcmp(c, "trap")) return builtin_trap(argc, argv);
  if (!strcmp(c, "shift")) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 0 || n > pos_count - 1) { fprintf(stderr, "sh: shift: can't shift that many\n"); return 1; }
    pos_args[n] = pos_args[0];
    pos_args += n;
    pos_count -= n;
    return 0;
  }
  if (!strcmp(c, "return")) {
    if (func_depth == 0) { fprintf(stderr, "sh: return: not in a function\n"); return 1; }
    loop_ctl = L_RETURN;
    return argc > 1 ? atoi(argv[1]) & 255 : last_status;
  }
  if (!strcmp(c, "eval")) {
    size_t len = 1;
    for (int i = 1; i < argc; i++) len += strlen(argv[i]) + 1;
    char *text = malloc(len + 1);
    text[0] = 0;
    for (int i = 1; i < argc; i++) { if (i > 1) strcat(text, " "); strcat(text, argv[i]); }
    strcat(text, "\n");
    last_status = 0;
    run_text(text);
    free(text);
    return last_status;
  }
  if (!strcmp(c, "getopts")) return builtin_getopts(argc, argv);
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
    FILE *f = open_script(argv[1]);
    if (!f) { fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno)); return 1; }
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
    exit_shell(argc > 1 ? atoi(argv[1]) & 255 : last_status);
  }
  if (!strcmp(c, "export") || !strcmp(c, "unset")) {
    int exp = c[0] == 'e';
    if (exp && argc == 1) {
      for (int i = 0; i < MAXVARS; i++)
        if (vars[i].name && vars[i].exported) printf("export %s=\"%s\"\n", vars[i].name, vars[i].value ? vars[i].value : "");
      return 0;
    }
    int i = 1, funcs_only = 0;
    if (!exp && i < argc && (!strcmp(argv[i], "-f") || !strcmp(argv[i], "-v"))) funcs_only = argv[i++][1] == 'f';
    for (; i < argc; i++) {
      if (funcs_only) { unset_function(argv[i]); continue; }
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
    /* wait: every job, status 0; wait ID...: each in turn, the status of the last (127 for an
     * ID that is no child of ours, as POSIX) */
    int rc = 0;
    for (int a = 1; a < argc || a == 1; a++) {
      const char *id = a < argc ? argv[a] : 0;
      int found = 0;
      for (int i = 0; i < MAXJOBS; i++) {
        Job *j = &jobs[i];
        if (!j->used) continue;
        if (id && (id[0] == '%' ? j != job_arg(id) : atoi(id) != j->pids[j->n - 1])) continue;
        found = 1;
        while (job_state(j) == P_RUN) {
          int st;
          pid_t pid = waitpid(-1, &st, WUNTRACED);
          if (pid < 0) { if (errno == EINTR) continue; break; }
          note_status(pid, st);
        }
        if (job_state(j) == P_DONE) { rc = job_status(j); j->used = 0; }
      }
      if (!id) { rc = 0; break; }
      if (!found) {
        int st;
        char *end;
        long pid = strtol(id, &end, 10);
        if (id[0] != '%' && *id && !*end && pid > 0 && waitpid((int)pid, &st, 0) == pid) rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        else rc = 127;
      }
    }
    return rc;
  }
  if (!strcmp(c, "kill")) {
    int sig = SIGTERM, i = 1, rc = 0;
    if (i < argc && !strcmp(argv[i], "-s") && i + 1 < argc) { sig = signum(argv[i + 1]); i += 2; }
    else if (i < argc && !strcmp(argv[i], "-l")) {
      for (int s = 1; s < 32; s++) printf("%d) SIG%s\n", s, signame(s));
      return 0;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && !isdigit(argv[i][1]) && strcmp(argv[i], "--")) { sig = signum(argv[i] + 1); i++; }
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
      } else {
        /* A pid or -pgid: anything else would silently become pid 0, our own group. */
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (!argv[i][0] || *end) { fprintf(stderr, "sh: kill: %s: arguments must be process or job IDs\n", argv[i]); rc = 1; continue; }
        r = kill((int)pid, sig);
      }
      if (r < 0) { fprintf(stderr, "sh: kill: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
    }
    return rc;
  }
  return 1;
}
