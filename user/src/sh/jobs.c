/* jobs.c — the job table: one entry per pipeline or background list (its processes, their
 * states and statuses, its process group), reaping and reporting, foreground waits, fg/bg. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <ctype.h>
#include <sys/wait.h>
#include "sh.h"

Job jobs[MAXJOBS];
int interactive, shell_pgid, current_job = -1;
int fg_job_stopped; /* the last foreground job stopped (^Z): lineedit.c puts the shell's terminal modes back */
volatile int interrupted;

int job_state(Job *j) {
  int run = 0, stop = 0;
  for (int i = 0; i < j->n; i++) { if (j->pstate[i] == P_RUN) run++; if (j->pstate[i] == P_STOP) stop++; }
  return run ? P_RUN : stop ? P_STOP : P_DONE;
}
/* Exit status of a job the way $? reports it: last process; 128+sig when killed. */
int job_status(Job *j) {
  int st = j->pstatus[j->n - 1];
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  if (WIFSTOPPED(st)) return 128 + WSTOPSIG(st);
  return WEXITSTATUS(st);
}
Job *new_job(const char *src, int start, int end) {
  for (int i = 0; i < MAXJOBS; i++) {
    if (jobs[i].used) continue;
    Job *j = &jobs[i];
    memset(j, 0, sizeof *j);
    j->used = 1;
    int len = end - start;
    if (len > (int)sizeof j->cmd - 1) len = (int)sizeof j->cmd - 1;
    memcpy(j->cmd, src + start, (size_t)len);
    j->cmd[len] = 0;
    while (len > 0 && j->cmd[len - 1] == ' ') j->cmd[--len] = 0;
    return j;
  }
  return 0;
}
/* Record a wait status for pid in whichever job owns it. */
void note_status(pid_t pid, int st) {
  for (int i = 0; i < MAXJOBS; i++) {
    Job *j = &jobs[i];
    if (!j->used) continue;
    for (int k = 0; k < j->n; k++) {
      if (j->pids[k] != pid) continue;
      if (WIFSTOPPED(st)) j->pstate[k] = P_STOP;
      else if (WIFCONTINUED(st)) j->pstate[k] = P_RUN;
      else j->pstate[k] = P_DONE;
      if (!WIFCONTINUED(st)) j->pstatus[k] = st;
      return;
    }
  }
}
int job_index(Job *j) { return (int)(j - jobs) + 1; }
/* Reap without blocking and report finished background jobs (before each prompt). */
void report_jobs(int print) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0) note_status(pid, st);
  for (int i = 0; i < MAXJOBS; i++) {
    Job *j = &jobs[i];
    if (!j->used) continue;
    int s = job_state(j);
    if (s == P_DONE) {
      if (print) {
        /* "Done" for success, "Exit N" for failure, the signal's name for a kill (as bash). */
        int st = j->pstatus[j->n - 1];
        char how[48];
        if (WIFSIGNALED(st)) snprintf(how, sizeof how, "%s", strsignal(WTERMSIG(st)));
        else if (WEXITSTATUS(st)) snprintf(how, sizeof how, "Exit %d", WEXITSTATUS(st));
        else snprintf(how, sizeof how, "Done");
        printf("[%d]+ %s  %s\n", job_index(j), how, j->cmd);
      }
      j->used = 0;
      if (current_job == i) current_job = -1;
    } else if (s == P_STOP && !j->notified_stop && print) {
      printf("[%d]+ Stopped  %s\n", job_index(j), j->cmd);
      j->notified_stop = 1;
    }
  }
  fflush(stdout);
}
/* Wait while the job runs in the foreground; gives the terminal back to the shell afterwards. */
int wait_fg(Job *j) {
  while (job_state(j) == P_RUN) {
    int st;
    pid_t pid = waitpid(-1, &st, WUNTRACED);
    if (pid < 0) { if (errno == EINTR) continue; break; }
    note_status(pid, st);
  }
  if (interactive) tcsetpgrp(0, shell_pgid);
  if (job_state(j) == P_STOP) {
    fg_job_stopped = 1;
    current_job = job_index(j) - 1;
    printf("\n[%d]+ Stopped  %s\n", job_index(j), j->cmd);
    fflush(stdout);
    j->notified_stop = 1;
    return 128 + SIGTSTP;
  }
  int r = job_status(j);
  int st = j->pstatus[j->n - 1];
  if (WIFSIGNALED(st) && interactive) {
    int sig = WTERMSIG(st);
    if (sig == SIGINT) { printf("\n"); interrupted = 1; }
    else if (sig != SIGPIPE) printf("%s\n", strsignal(sig));
    fflush(stdout);
  }
  j->used = 0;
  return r;
}
/* Parse "%n", "%+", "%%" or nothing (the current job). */
Job *job_arg(const char *a) {
  int idx = current_job;
  if (a && a[0] == '%' && isdigit(a[1])) idx = atoi(a + 1) - 1;
  else if (a && !(a[0] == '%' && (a[1] == '+' || a[1] == '%' || a[1] == 0))) idx = -1;
  if (idx < 0) for (int i = MAXJOBS - 1; i >= 0 && idx < 0; i--) if (jobs[i].used) idx = i;
  if (idx < 0 || idx >= MAXJOBS || !jobs[idx].used) return 0;
  return &jobs[idx];
}
int cont_job(Job *j, int fg) {
  for (int k = 0; k < j->n; k++) if (j->pstate[k] == P_STOP) j->pstate[k] = P_RUN;
  j->notified_stop = 0;
  current_job = job_index(j) - 1;
  if (fg) {
    printf("%s\n", j->cmd);
    fflush(stdout);
    if (interactive) tcsetpgrp(0, j->pgid);
    kill(-j->pgid, SIGCONT);
    return wait_fg(j);
  }
  printf("[%d]+ %s &\n", job_index(j), j->cmd);
  kill(-j->pgid, SIGCONT);
  return 0;
}
