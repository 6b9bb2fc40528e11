/* restart — bring a job snapshot (from chkpnt, a self-checkpoint or the batch queue) back into
 * the running machine, as children of this process, and wait for it: the exit status is the
 * job's first process's (128 + signal when killed), as BLCR's cr_restart does. Original pids,
 * groups and sessions are kept when free; -r renumbers taken ones; -t attaches the job to this
 * terminal (with the saved modes); -F puts back saved contents of tmpfs files changed since. */
#include <ckpt.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("restart", "[-r] [-t] [-F] FILE");
  int flags = 0;
  const char *file = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-r")) flags |= RESTART_RENUMBER;
    else if (!strcmp(a, "-t")) flags |= RESTART_ATTACH;
    else if (!strcmp(a, "-F")) flags |= RESTART_REPLACE;
    else if (a[0] == '-' && a[1]) file = 0, i = argc;
    else if (!file) file = a;
    else file = 0, i = argc;
  }
  if (!file) {
    fprintf(stderr, "usage: restart [-r] [-t] [-F] FILE\n");
    return 2;
  }
  char msg[256];
  int pid = restart(file, flags, msg, sizeof msg);
  if (pid < 0) {
    fprintf(stderr, "restart: %s\n", msg[0] ? msg : strerror(errno));
    return 1;
  }
  int status = 0, first = -1;
  for (;;) {
    int st;
    pid_t w = waitpid(-1, &st, 0);
    if (w < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (w == pid) first = st;
  }
  if (first >= 0) status = WIFEXITED(first) ? WEXITSTATUS(first) : WIFSIGNALED(first) ? 128 + WTERMSIG(first) : 0;
  return status;
}
