/* main.c — the shell's input and startup: `sh -c CMDS [ARGS]`, `sh SCRIPT [ARGS]`, or lines from
 * stdin (a terminal: prompts and job control); lines that end inside quotes, after a backslash
 * or inside a construct are joined with the next before running. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include "sh.h"

/* Parse and run a piece of input. Returns P_MORE (nothing run) when it stops inside a compound
 * command or after | && ||, so the caller can read another line and try again. */
int run_text(const char *line) {
  Tok *toks;
  int nt = lex(line, &toks);
  if (nt == LEX_MORE) {
    free(toks);
    return P_MORE;
  }
  if (nt <= 0) { if (nt < 0) last_status = 2; free(toks); return P_OK; }
  int r;
  List *l = parse(line, toks, nt, &r);
  if (l && r == P_OK) {
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

/* Open a script for the shell to read, on an fd of 10 or above (close-on-exec), so that the
 * script's own redirections of fds 0..9 (`exec 3>file`) cannot take it away; NULL with errno. */
FILE *open_script(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  int high = fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 10);
  close(fd);
  if (high < 0) return 0;
  FILE *f = fdopen(high, "r");
  if (!f) close(high);
  return f;
}

/* Run every line of a script (quotes and trailing backslashes continue onto the next line). */
void run_file(FILE *f) {
  char *acc = 0, *line = 0;
  size_t cap = 0;
  while (getline(&line, &cap, f) >= 0) {
    size_t la = acc ? strlen(acc) : 0, ll = strlen(line);
    acc = realloc(acc, la + ll + 1);
    memcpy(acc + la, line, ll + 1);
    if (incomplete(acc) || run_text(acc) == P_MORE) continue;
    free(acc);
    acc = 0;
  }
  if (acc) { if (run_text(acc) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of file\n"); last_status = 2; } free(acc); }
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
    if (run_text(argv[2]) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of input\n"); last_status = 2; }
    report_jobs(0);
    exit_shell(last_status);
  }
  FILE *script = 0;
  if (argc > 1) {
    script = open_script(argv[1]);
    if (!script) { fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno)); return 127; }
    pos_args = argv + 1;
    pos_count = argc - 1;
  }
  interactive = !script && isatty(0) && isatty(2);
  if (interactive) init_job_control();
  char *acc = 0;
  for (;;) {
    char *line;
    if (interactive) {
      if (!acc) report_jobs(1);
      const char *ps = acc ? "> " : get_var("PS1", 3);
      int r = lineedit_read(ps ? ps : "$ ", &line); /* lineedit.c */
      if (r < 0) {
        fputs(ps ? ps : "$ ", stderr);
        if ((line = read_line(0, script))) history_add(line);
      } else if (r == 0) line = 0;
    } else line = read_line(0, script);
    if (!line) break;
    if (acc) {
      char *n = malloc(strlen(acc) + strlen(line) + 1);
      strcpy(n, acc);
      strcat(n, line);
      free(acc);
      acc = n;
    } else acc = strdup(line);
    if (incomplete(acc) || run_text(acc) == P_MORE) continue;
    free(acc);
    acc = 0;
  }
  if (acc && run_text(acc) == P_MORE) { fprintf(stderr, "sh: syntax error: unexpected end of file\n"); last_status = 2; }
  if (interactive) fputs("exit\n", stderr);
  exit_shell(last_status);
}
