/* time — run COMMAND and report on stderr the time it took: real (virtual time: the machine's
 * clock advances with retired instructions, so the figure is the same on every run), and the
 * CPU time user and sys of the command as /proc accounts it (read from the finished child before
 * it is reaped). -p prints the POSIX format ("real 1.23"); the default is "real 0m1.230s". */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <time.h>
#include <signal.h>
#include <sys/wait.h>
#include "args.h"

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* utime + stime of pid in clock ticks (1/100 s) from /proc/PID/stat; -1 when unreadable. */
static long cpu_ticks(int pid, long *user, long *sys) {
  char path[32], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  /* after ") ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime */
  int field = 0;
  for (p += 2; *p && field < 11; p++) if (*p == ' ') field++;
  *user = strtol(p, &p, 10);
  *sys = strtol(p, 0, 10);
  return 0;
}

static void show(const char *name, long long ns, int posix) {
  long long ms = ns / 1000000;
  if (posix) fprintf(stderr, "%s %lld.%02lld\n", name, ms / 1000, ms % 1000 / 10);
  else fprintf(stderr, "%s\t%lldm%lld.%03llds\n", name, ms / 60000, ms / 1000 % 60, ms % 1000);
}

int main(int argc, char **argv) {
  ARGS("time", "[-p] COMMAND [ARG...]");
  int posix = 0;
  while (opt_next(argc, argv, "p") != -1) posix = 1;
  if (opt_ind >= argc) bad_usage("missing command");
  long long t0 = now_ns();
  pid_t pid = fork();
  if (pid < 0) die(125, "fork: %s", strerror(errno));
  if (pid == 0) {
    execvp(argv[opt_ind], argv + opt_ind);
    int e = errno;
    fprintf(stderr, "time: %s: %s\n", argv[opt_ind], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
  }
  /* the command's ^C is for the command, not for time */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  siginfo_t si;
  while (waitid(P_PID, pid, &si, WEXITED | 0x1000000 /* WNOWAIT: keep it for /proc */) < 0 && errno == EINTR) {}
  long long real = now_ns() - t0;
  long user = 0, sys = 0;
  cpu_ticks(pid, &user, &sys);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  if (!posix) fputc('\n', stderr);
  show("real", real, posix);
  show("user", user * 10000000LL, posix);
  show("sys", sys * 10000000LL, posix);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
