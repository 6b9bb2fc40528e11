/* cf_pipes.c — pipes: EOF after the last writer closes, EPIPE/SIGPIPE, O_NONBLOCK EAGAIN, atomic
 * writes of PIPE_BUF, a pipeline of processes, select on a pipe. */
#include "cf.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>

static volatile sig_atomic_t pipes;
static void on_pipe(int s) { (void)s; pipes++; }

int main(void) {
  int p[2];
  char buf[PIPE_BUF];
  CHECK("pipe", pipe(p) == 0);
  CHECK("write then read", write(p[1], "abc", 3) == 3 && read(p[0], buf, 10) == 3);
  close(p[1]);
  CHECK("EOF when no writer is left", read(p[0], buf, 10) == 0);
  close(p[0]);
  pipe(p);
  close(p[0]);
  signal(SIGPIPE, on_pipe);
  errno = 0;
  CHECK("writing with no reader: EPIPE and SIGPIPE", write(p[1], "x", 1) == -1 && errno == EPIPE && pipes == 1);
  signal(SIGPIPE, SIG_DFL);
  close(p[1]);
  pipe(p);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    write(p[1], "x", 1); /* killed by SIGPIPE? no: a reader still exists */
    close(p[1]);
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  close(p[1]);
  CHECK("a child's write arrives", read(p[0], buf, 1) == 1);
  close(p[0]);
  pipe(p);
  close(p[0]);
  pid = fork();
  if (pid == 0) { write(p[1], "x", 1); _exit(0); }
  close(p[1]);
  CHECK("a child writing to a pipe without readers dies of SIGPIPE", waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
  pipe(p);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  errno = 0;
  CHECK("O_NONBLOCK read of an empty pipe is EAGAIN", read(p[0], buf, 1) == -1 && errno == EAGAIN);
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  struct timeval tv = {0, 10000};
  CHECK("select times out on an empty pipe", select(p[0] + 1, &r, 0, 0, &tv) == 0);
  write(p[1], "y", 1);
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv.tv_usec = 10000;
  CHECK("select sees data", select(p[0] + 1, &r, 0, 0, &tv) == 1 && FD_ISSET(p[0], &r));
  read(p[0], buf, 1);
  /* PIPE_BUF-sized writes from two writers are never interleaved */
  fcntl(p[0], F_SETFL, 0);
  for (int w = 0; w < 2; w++) {
    if (fork() == 0) {
      memset(buf, 'a' + w, sizeof buf);
      for (int i = 0; i < 4; i++) write(p[1], buf, sizeof buf);
      _exit(0);
    }
  }
  close(p[1]);
  int whole = 0, bad = 0;
  for (;;) {
    size_t got = 0;
    ssize_t n = 0;
    while (got < sizeof buf && (n = read(p[0], buf + got, sizeof buf - got)) > 0) got += (size_t)n;
    if (got == 0) break;
    for (size_t i = 1; i < got; i++) if (buf[i] != buf[0]) bad++;
    if (got == sizeof buf) whole++;
  }
  while (wait(&st) > 0) {}
  CHECK("eight PIPE_BUF writes arrive whole", whole == 8 && bad == 0);
  close(p[0]);
  /* a pipeline: echo | tr through two children */
  int a[2], b[2];
  pipe(a);
  pipe(b);
  if (fork() == 0) { close(a[0]); close(b[0]); close(b[1]); write(a[1], "pipeline\n", 9); _exit(0); }
  if (fork() == 0) {
    close(a[1]); close(b[0]);
    char c;
    while (read(a[0], &c, 1) == 1) { if (c >= 'a' && c <= 'z') c -= 32; write(b[1], &c, 1); }
    _exit(0);
  }
  close(a[0]); close(a[1]); close(b[1]);
  int n = 0, k;
  while ((k = (int)read(b[0], buf + n, sizeof buf - (size_t)n)) > 0) n += k;
  while (wait(&st) > 0) {}
  CHECK("a two-process pipeline", n == 9 && memcmp(buf, "PIPELINE\n", 9) == 0);
  return cf_failed ? 1 : 0;
}
