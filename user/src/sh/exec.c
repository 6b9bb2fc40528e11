/* exec.c — running the syntax tree: and-or lists, pipelines (a job of forked children in one
 * process group), simple commands (assignments, redirections, builtins in the shell, programs
 * via $PATH) and compound commands (for, while, until, if; break and continue). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include "sh.h"

static int run_andor(const char *src, AndOr *a, int in_subshell);
static int run_compound(Compound *c);

const char *cur_src;
int loop_ctl, loop_depth;
/* >0 while running something whose failure set -e ignores (conditions, left of && ||) */
static int cond_depth;

/* The status of a command of assignments only: that of the last command substitution in it, else 0. */
static int last_status_of_assign(Cmd *c) {
  for (int i = 0; i < c->nwords; i++) if (strstr(c->words[i], "$(") || strchr(c->words[i], '`')) return last_status;
  return 0;
}

void default_signals(void) {
  int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGPIPE};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}
/* Apply one redirection; returns -1 (message printed) on failure. */
static int apply_redir(Redir *r) {
  if (r->op == R_HEREDOC || r->op == R_HEREDOC_RAW || r->op == R_HEREDOC_TABS) {
    /* The body goes through a file in /tmp (a pipe could fill up and deadlock), removed at once. */
    char *body = r->op == R_HEREDOC_RAW ? strdup(r->target) : expand_string(r->target, 1);
    static int seq;
    char name[64];
    snprintf(name, sizeof name, "/tmp/.sh-heredoc-%d-%d", getpid(), seq++);
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_EXCL, 0600);
    if (fd < 0) { fprintf(stderr, "sh: here-document: %s: %s\n", name, strerror(errno)); free(body); return -1; }
    unlink(name);
    size_t len = strlen(body), done = 0;
    while (done < len) { ssize_t w = write(fd, body + done, len - done); if (w <= 0) break; done += (size_t)w; }
    free(body);
    lseek(fd, 0, SEEK_SET);
    if (fd != r->fd) { dup2(fd, r->fd); close(fd); }
    return 0;
  }
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
  /* NAME=value is one field whatever the value holds: no splitting, no globbing */
  for (int i = 0; i < c->nwords; i++) {
    if (i < k) f_add(assigns, expand_string(c->words[i], 0));
    else expand_word(c->words[i], args);
  }
}
static void do_assigns(Fields *as, int exported) {
  for (int i = 0; i < as->n; i++) {
    char *eq = strchr(as->v[i], '=');
    *eq = 0;
    set_var(as->v[i], eq + 1, exported ? 1 : -1);
    *eq = '=';
  }
}
/* set -x: the expanded command on stderr, after "+ ". */
static void trace_cmd(Fields *as, Fields *args) {
  if (!opt_xtrace) return;
  fputs("+", stderr);
  for (int i = 0; i < as->n; i++) fprintf(stderr, " %s", as->v[i]);
  for (int i = 0; i < args->n; i++) fprintf(stderr, " %s", args->v[i]);
  fputs("\n", stderr);
}
/* In a forked child: run one command of a pipeline; never returns. */
/* pas/pargs: the command's words already expanded by the shell (a lone command), or NULL. */
__attribute__((noreturn)) static void exec_child(Cmd *c, Fields *pas, Fields *pargs) {
  if (c->comp) {
    interactive = 0; /* a compound command in a pipeline or in the background: a subshell */
    if (c->fname) _exit(0);
    if (apply_redirs(c) < 0) _exit(1);
    int r = run_compound(c->comp);
    fflush(stdout);
    _exit(r);
  }
  if (c->fname) _exit(0); /* a definition in a pipeline defines nothing outside it */
  Fields as = {0}, args = {0};
  if (pas) { as = *pas; args = *pargs; }
  else {
    expansion_failed = 0;
    expand_cmd(c, &as, &args);
    if (expansion_failed) _exit(2);
    trace_cmd(&as, &args);
  }
  if (apply_redirs(c) < 0) _exit(1);
  do_assigns(&as, 1);
  if (args.n == 0) _exit(0);
  if (is_function(args.v[0])) { int r = call_function(args.n, args.v); fflush(stdout); _exit(r); }
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
  if (p->ncmds == 1 && !bg && p->cmds[0]->fname) {
    define_function(p->cmds[0]->fname, p->cmds[0]->fbody);
    return 0;
  }
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
  Fields as = {0}, args = {0};
  int pre = 0; /* a lone command: expanded here, once, in the shell (so $((i+=1)) counts once) */
  if (p->ncmds == 1 && !bg) {
    Cmd *c = p->cmds[0];
    int k = count_assigns(c->words, c->nwords), r = -1;
    expansion_failed = 0;
    if (k == c->nwords) {
      /* assignments only (with redirections, as dash: in force while the values expand) */
      int saved[3];
      for (int i = 0; i < 3; i++) saved[i] = c->nredir ? fcntl(i, 1030 /* F_DUPFD_CLOEXEC */, 10) : -1;
      if (apply_redirs(c) < 0) r = 1;
      else {
        expand_cmd(c, &as, &args);
        trace_cmd(&as, &args);
        if (!expansion_failed) do_assigns(&as, 0);
        r = expansion_failed ? 1 : last_status_of_assign(c);
      }
      fflush(stderr);
      for (int i = 0; i < 3; i++) if (saved[i] >= 0) { dup2(saved[i], i); close(saved[i]); }
    } else if (expand_cmd(c, &as, &args), expansion_failed) {
      r = 1;
    } else if (k == 0 && args.n > 0 && (is_builtin(args.v[0]) || is_function(args.v[0]))) {
      trace_cmd(&as, &args);
      /* A builtin runs in the shell itself: redirect around it, then put the fds back. */
      int saved[3], keep = !strcmp(args.v[0], "exec"); /* `exec >file` redirects the shell itself */
      for (int i = 0; i < 3; i++) saved[i] = keep ? -1 : fcntl(i, 1030 /* F_DUPFD_CLOEXEC */, 10);
      r = apply_redirs(c) < 0 ? 1 : is_function(args.v[0]) ? call_function(args.n, args.v) : builtin(args.n, args.v);
      fflush(stdout);
      fflush(stderr);
      for (int i = 0; i < 3; i++) if (saved[i] >= 0) { dup2(saved[i], i); close(saved[i]); }
    }
    if (expansion_failed && !interactive) exit_shell(2); /* POSIX: an expansion error ends a script */
    if (r >= 0) { f_free(&as); f_free(&args); return r; }
    trace_cmd(&as, &args);
    pre = 1;
  }
  Job *j = new_job(src, p->start, p->end);
  if (!j) { fprintf(stderr, "sh: too many jobs\n"); f_free(&as); f_free(&args); return 1; }
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
      exec_child(p->cmds[i], pre ? &as : 0, pre ? &args : 0);
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
  if (pre) { f_free(&as); f_free(&args); }
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
    int last = i == a->npipes - 1;
    if (!last) cond_depth++; /* set -e ignores failures left of && and || */
    st = run_pipe(src, a->pipes[i], a->bg);
    if (!last) cond_depth--;
    if (a->pipes[i]->negate) st = !st;
    last_status = st;
    if (last && st != 0 && opt_errexit && cond_depth == 0 && !a->pipes[i]->negate && !a->bg) exit_shell(st);
  }
  return st;
}

int exec_list(List *l) {
  int st = 0;
  for (int i = 0; i < l->n && !interrupted && !loop_ctl; i++) {
    st = last_status = run_andor(cur_src, l->items[i], 0);
    run_traps();
  }
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
      if (ctl == L_RETURN) break;
      loop_ctl = L_NONE;
      if (ctl == L_BREAK) break;
    }
    loop_depth--;
    f_free(&f);
  } else if (c->kind == C_WHILE || c->kind == C_UNTIL) {
    loop_depth++;
    for (;;) {
      cond_depth++;
      int t = exec_list(c->cond);
      cond_depth--;
      if (interrupted || loop_ctl == L_RETURN || (t == 0) != (c->kind == C_WHILE)) break;
      st = exec_list(c->body);
      int ctl = loop_ctl;
      if (ctl == L_RETURN) break;
      loop_ctl = L_NONE;
      if (interrupted || ctl == L_BREAK) break;
    }
    loop_depth--;
  } else if (c->kind == C_IF) {
    cond_depth++;
    int t = exec_list(c->cond);
    cond_depth--;
    if (loop_ctl) st = t;
    else if (t == 0) st = exec_list(c->body);
    else if (c->alt && !interrupted) st = exec_list(c->alt);
  } else if (c->kind == C_GROUP) {
    st = exec_list(c->body);
  } else if (c->kind == C_SUBSHELL) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { perror("sh: fork"); st = 1; }
    else if (pid == 0) {
      interactive = 0;
      in_subshell();
      loop_depth = 0;
      exec_list(c->body);
      exit_shell(last_status);
    } else {
      int ws;
      while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
      st = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    }
  } else if (c->kind == C_CASE) {
    char *word = expand_string(c->var, 0);
    for (int i = 0; i < c->nitems; i++) {
      int hit = 0;
      for (int k = 0; k < c->items[i].npats && !hit; k++) {
        char *pat = expand_pattern(c->items[i].pats[k]);
        hit = glob_match(pat, word);
        free(pat);
      }
      if (hit) { st = exec_list(c->items[i].body); break; }
    }
    free(word);
  }
  last_status = st;
  return st;
}
