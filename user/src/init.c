/* init — process 1: start a login shell on every terminal /dev/tty0../dev/tty7 that opens, reap
 * every child (orphans are reparented to us) and respawn a terminal's shell when it exits. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#define MAXTTY 8
static pid_t shell[MAXTTY];
static long long started[MAXTTY];
static int fast_deaths[MAXTTY];

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Fork a session leader with /dev/ttyN as its controlling terminal, running /bin/sh. */
static void spawn(int n) {
  pid_t pid = fork();
  if (pid < 0) { dprintf(2, "init: fork: %s\n", strerror(errno)); return; }
  if (pid == 0) {
    char dev[16];
    snprintf(dev, sizeof dev, "/dev/tty%d", n);
    setsid();
    int fd = open(dev, O_RDWR);
    if (fd < 0) _exit(127);
    for (int i = 0; i < 3; i++) if (fd != i) dup2(fd, i);
    if (fd > 2) close(fd);
    ioctl(0, TIOCSCTTY, 0);
    tcsetpgrp(0, getpid());
    char *argv[] = {"-sh", 0};
    char *envp[] = {"PATH=/bin", "HOME=/", "TERM=vt100", 0};
    execve("/bin/sh", argv, envp);
    dprintf(2, "init: /bin/sh: %s\n", strerror(errno));
    _exit(127);
  }
  shell[n] = pid;
  started[n] = now_ns();
}

/* With a disk attached at /mnt, start the batch queue daemon (docs/jobs.md). */
static void start_queue(void) {
  struct stat st;
  if (stat("/mnt", &st) < 0 || !S_ISDIR(st.st_mode) || stat("/bin/qd", &st) < 0) return;
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {"qd", 0};
    char *envp[] = {"PATH=/bin", "HOME=/", 0};
    execve("/bin/qd", argv, envp);
    _exit(127);
  }
}

int main(void) {
  int ntty = 0;
  for (; ntty < MAXTTY; ntty++) {
    char dev[16];
    snprintf(dev, sizeof dev, "/dev/tty%d", ntty);
    int fd = open(dev, O_RDWR | O_NOCTTY);
    if (fd < 0) break;
    close(fd);
  }
  for (int n = 0; n < ntty; n++) spawn(n);
  start_queue();
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      /* No children at all (no terminals): block forever on a pipe nobody writes, so the
       * machine can go idle instead of spinning. */
      int p[2];
      char c;
      if (pipe(p) == 0) for (;;) read(p[0], &c, 1);
      for (;;) sched_yield();
    }
    for (int n = 0; n < ntty; n++) {
      if (shell[n] != pid) continue;
      /* A shell that dies within a second five times running is throttled: wait 5 s first. */
      fast_deaths[n] = now_ns() - started[n] < 1000000000LL ? fast_deaths[n] + 1 : 0;
      if (fast_deaths[n] >= 5) { sleep(5); fast_deaths[n] = 0; }
      spawn(n);
    }
  }
}
