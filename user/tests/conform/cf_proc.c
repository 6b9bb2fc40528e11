/* cf_proc.c — processes: fork/wait statuses, process groups and sessions, ids and set*id rules,
 * execl, sysconf, nice and the scheduler calls, the group and orphan rules of kill. */
#include "cf.h"
#include <signal.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/wait.h>
#include <sys/resource.h>

int main(void) {
  int st;
  pid_t pid = fork();
  if (pid == 0) _exit(42);
  CHECK("waitpid reports exit 42", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42);
  pid = fork();
  if (pid == 0) { pause(); _exit(0); }
  kill(pid, SIGTERM);
  CHECK("a child killed by SIGTERM", waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
  /* The continued child waits on a pipe before it exits: on Linux an exit that comes before the
     parent's waitpid(WCONTINUED) is reported instead of the continue (a race on a loaded host). */
  int gate[2];
  pipe(gate);
  pid = fork();
  if (pid == 0) { char c; close(gate[1]); raise(SIGSTOP); read(gate[0], &c, 1); _exit(3); }
  close(gate[0]);
  CHECK("WUNTRACED sees the stop", waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
  kill(pid, SIGCONT);
  CHECK("WCONTINUED sees the continue", waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
  close(gate[1]);
  CHECK("then the exit", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3);
  errno = 0;
  CHECK("no children: ECHILD", waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
  pid = fork();
  if (pid == 0) { struct timespec t = {0, 50000000}; nanosleep(&t, 0); _exit(0); }
  CHECK("WNOHANG on a running child is 0", waitpid(pid, &st, WNOHANG) == 0);
  waitpid(pid, &st, 0);
  pid = fork();
  if (pid == 0) { execl("/bin/sh", "sh", "-c", "exit 9", (char *)0); _exit(99); }
  CHECK("execl runs /bin/sh with its arguments", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 9);

  /* groups and sessions */
  CHECK("getpgid(0) is getpgrp()", getpgid(0) == getpgrp());
  pid = fork();
  if (pid == 0) {
    int ok = setsid() == getpid() && getpgrp() == getpid() && getsid(0) == getpid();
    errno = 0;
    ok = ok && setpgid(0, getppid()) == -1 && errno == EPERM;
    _exit(ok ? 0 : 1);
  }
  CHECK("a child's setsid makes it leader of a new session and group", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);
  int sync_pipe[2];
  pipe(sync_pipe);
  pid = fork();
  if (pid == 0) { char c; close(sync_pipe[1]); read(sync_pipe[0], &c, 1); _exit(0); }
  CHECK("setpgid(child, child)", setpgid(pid, pid) == 0 && getpgid(pid) == pid);
  CHECK("killpg(child's group, 0)", killpg(pid, 0) == 0);
  errno = 0;
  CHECK("setpgid to a group in no session of ours is EPERM", setpgid(pid, 999999) == -1 && (errno == EPERM || errno == ESRCH));
  close(sync_pipe[1]);
  waitpid(pid, &st, 0);
  CHECK("killpg(getpgrp(), 0) reaches our own group", killpg(getpgrp(), 0) == 0);
  errno = 0;
  CHECK("kill of a nonexistent pid is ESRCH", kill(999999, 0) == -1 && errno == ESRCH);
  errno = 0;
  CHECK("kill with signal 65 is EINVAL", kill(getpid(), 65) == -1 && errno == EINVAL);

  /* ids: the child drops root and follows the unprivileged rules */
  CHECK("getuid() == geteuid()", getuid() == geteuid() && getgid() == getegid());
  pid = fork();
  if (pid == 0) {
    if (getuid() != 0) _exit(0); /* not root on this host: nothing to drop */
    int ok = setgid(100) == 0 && getgid() == 100 && getegid() == 100;
    ok = ok && setuid(1000) == 0 && getuid() == 1000 && geteuid() == 1000;
    errno = 0;
    ok = ok && setuid(0) == -1 && errno == EPERM;
    ok = ok && seteuid(1000) == 0;
    errno = 0;
    ok = ok && setgid(0) == -1 && errno == EPERM;
    _exit(ok ? 0 : 1);
  }
  CHECK("setuid drops root for good", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);
  pid = fork();
  if (pid == 0) {
    if (getuid() != 0) _exit(0);
    int ok = seteuid(1000) == 0 && geteuid() == 1000 && getuid() == 0;
    ok = ok && seteuid(0) == 0 && geteuid() == 0; /* the saved id is still 0 */
    _exit(ok ? 0 : 1);
  }
  CHECK("seteuid keeps the saved id", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);
  gid_t groups[4];
  CHECK("getgroups counts", getgroups(4, groups) >= 0);

  /* scheduling */
  CHECK("sched_getscheduler is SCHED_OTHER", sched_getscheduler(0) == SCHED_OTHER);
  CHECK("SCHED_FIFO priorities are 1..99", sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99);
  CHECK("SCHED_OTHER priority is 0", sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0);
  errno = 0;
  CHECK("a bad policy is EINVAL", sched_get_priority_max(12345) == -1 && errno == EINVAL);
  struct sched_param sp = {0};
  CHECK("sched_getparam gives priority 0", sched_getparam(0, &sp) == 0 && sp.sched_priority == 0);
  CHECK("sched_yield", sched_yield() == 0);
  pid = fork();
  if (pid == 0) _exit(nice(5) == 5 && nice(0) == 5 ? 0 : 1);
  CHECK("nice raises the nice value", waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);
  struct rlimit rl;
  CHECK("getrlimit(RLIMIT_NOFILE)", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 2 && rl.rlim_cur <= rl.rlim_max);
  errno = 0;
  CHECK("getrlimit(bad) is EINVAL", getrlimit(12345, &rl) == -1 && errno == EINVAL);
  struct rusage ru;
  CHECK("getrusage(RUSAGE_SELF)", getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec < 1000000);
  CHECK("getpriority(PRIO_PROCESS, 0) is 0", getpriority(PRIO_PROCESS, 0) == 0);
  CHECK("sysconf(_SC_PAGESIZE) is 4096", sysconf(_SC_PAGESIZE) == 4096);
  CHECK("sysconf(_SC_OPEN_MAX) is positive", sysconf(_SC_OPEN_MAX) > 0);
  errno = 0;
  CHECK("sysconf(bad) is -1 EINVAL", sysconf(-1) == -1 && errno == EINVAL);
  return cf_failed ? 1 : 0;
}
