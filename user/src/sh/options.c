/* options.c — `set` (-e exit on failure, -u unset is an error, -x trace, `set -- args`), `trap`
 * (an action per signal and for EXIT; actions run after the command during which the signal
 * came), and leaving the shell through the EXIT trap. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <ctype.h>
#include "sh.h"

int opt_errexit, opt_nounset, opt_xtrace;
int expansion_failed;

const char *shell_flags(void) {
  static char buf[8];
  char *p = buf;
  if (opt_errexit) *p++ = 'e';
  if (interactive) *p++ = 'i';
  if (opt_nounset) *p++ = 'u';
  if (opt_xtrace) *p++ = 'x';
  *p = 0;
  return buf;
}

int builtin_set(int argc, char **argv) {
  int i = 1;
  if (argc == 1) {
    for (int k = 0; k < MAXVARS; k++)
      if (vars[k].name && vars[k].value) printf("%s='%s'\n", vars[k].name, vars[k].value);
    return 0;
  }
  for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--")) { i++; break; }
    int on = argv[i][0] == '-';
    for (const char *o = argv[i] + 1; *o; o++) {
      if (*o == 'e') opt_errexit = on;
      else if (*o == 'u') opt_nounset = on;
      else if (*o == 'x') opt_xtrace = on;
      else if (*o == 'o' || *o == 'f' || *o == 'm' || *o == 'v') continue; /* accepted, no effect */
      else { fprintf(stderr, "sh: set: -%c: invalid option\nusage: set [-eux] [+eux] [--] [arg ...]\n", *o); return 2; }
    }
  }
  if (i < argc || (i > 1 && !strcmp(argv[i - 1], "--"))) {
    /* new positional parameters: $0 stays */
    char **n = malloc(sizeof(char *) * (size_t)(argc - i + 2));
    n[0] = pos_count > 0 ? pos_args[0] : "sh";
    int k = 1;
    for (; i < argc; i++) n[k++] = strdup(argv[i]);
    n[k] = 0;
    pos_args = n; /* the old array may be argv or a caller's: not freed */
    pos_count = k;
  }
  return 0;
}

/* ---------- traps ---------- */
#define NTRAP 32
static char *trap_action[NTRAP]; /* [0] = EXIT */
static volatile int trap_pending[NTRAP];
static int trap_signum(const char *s) {
  if (!strcmp(s, "EXIT") || !strcmp(s, "0")) return 0;
  if (isdigit((unsigned char)*s)) { int n = atoi(s); return n > 0 && n < NTRAP ? n : -1; }
  if (!strncmp(s, "SIG", 3)) s += 3;
  int n = signum(s);
  return n > 0 && n < NTRAP ? n : -1;
}
static void on_trapped(int sig) {
  if (sig > 0 && sig < NTRAP) trap_pending[sig] = 1;
  if (sig == SIGINT) interrupted = 1;
}
int builtin_trap(int argc, char **argv) {
  if (argc == 1) {
    for (int s = 0; s < NTRAP; s++)
      if (trap_action[s]) printf("trap -- '%s' %s\n", trap_action[s], s ? signame(s) : "EXIT");
    return 0;
  }
  int i = 1;
  if (!strcmp(argv[i], "--")) i++;
  if (i >= argc) return 0;
  const char *action = argv[i];
  /* `trap - SIG…` resets; so does a first operand that is a number (`trap 2 15`: all are signals) */
  int reset = !strcmp(action, "-") || isdigit((unsigned char)action[0]);
  if (!isdigit((unsigned char)action[0])) i++;
  int rc = 0;
  for (; i < argc; i++) {
    int s = trap_signum(argv[i]);
    if (s < 0 || s == SIGKILL || s == SIGSTOP) { fprintf(stderr, "sh: trap: %s: bad trap\n", argv[i]); rc = 1; continue; }
    free(trap_action[s]);
    trap_action[s] = 0;
    if (reset) { if (s) signal(s, SIG_DFL); continue; }
    trap_action[s] = strdup(action);
    if (s == 0) continue;
    if (!*action) signal(s, SIG_IGN);
    else signal(s, on_trapped);
  }
  return rc;
}
void run_traps(void) {
  for (int s = 1; s < NTRAP; s++) {
    if (!trap_pending[s]) continue;
    trap_pending[s] = 0;
    if (trap_action[s] && *trap_action[s]) {
      int saved = last_status;
      run_text(trap_action[s]);
      last_status = saved;
    }
  }
}
void in_subshell(void) {
  for (int s = 1; s < NTRAP; s++) {
    if (trap_action[s] && *trap_action[s]) { signal(s, SIG_DFL); free(trap_action[s]); trap_action[s] = 0; }
  }
  free(trap_action[0]);
  trap_action[0] = 0;
}
void exit_shell(int status) {
  char *a = trap_action[0];
  trap_action[0] = 0;
  if (a && *a) {
    last_status = status;
    run_text(a);
  }
  fflush(stdout);
  fflush(stderr);
  exit(status);
}
