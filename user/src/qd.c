/* qd — the batch queue daemon (NQS in miniature), started by init when a disk is attached
 * (docs/jobs.md). It runs queued jobs, each as `sh script` in a session of its own with its output
 * on the disk; checkpoints every running restartable job every INTERVAL virtual seconds (-i,
 * default 1; may have a fraction; the file /mnt/queue/interval, when present, sets it for the
 * queue) with the job checkpoint call; reaps finished jobs; acts on qdel
 * requests. When it starts (after a boot), a job the disk says was running was lost with the
 * machine: a restartable one resumes from its last checkpoint with the same job id — its output
 * cut back to the checkpoint (the append policy), so the final output equals an uninterrupted
 * run's — or from the start when it had none; a -r n job is marked failed, "system crash". */
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ckpt.h>
#include "queue.h"
#include "args.h"

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void set_state(int id, const char *fmt, int v) {
  char path[256], text[160];
  snprintf(text, sizeof text, fmt, v);
  q_path(path, sizeof path, id, "state");
  q_write(path, text);
}

/* Start job ID from its script: a session of its own, stdin /dev/null, stdout+stderr to out. */
static void start(int id, int truncate) {
  char script[256], out[256];
  q_path(script, sizeof script, id, "script");
  q_path(out, sizeof out, id, "out");
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    setsid();
    chdir("/");
    int in = open("/dev/null", O_RDONLY);
    int fd = open(out, O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0), 0644);
    if (in < 0 || fd < 0) _exit(127);
    dup2(in, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (in > 2) close(in);
    if (fd > 2) close(fd);
    char *argv[] = {"sh", script, 0};
    char *envp[] = {"PATH=/bin", "HOME=/", 0};
    execve("/bin/sh", argv, envp);
    _exit(127);
  }
  set_state(id, "running %d", pid);
}

/* After a boot: a job that was running died with the machine. */
static void recover(int id, const char *restartable) {
  char path[256], msg[256];
  if (strcmp(restartable, "y")) {
    set_state(id, "failed system crash", 0);
    return;
  }
  q_path(path, sizeof path, id, "ckpt.new");
  unlink(path); /* a checkpoint the crash interrupted: the previous one is the valid one */
  q_path(path, sizeof path, id, "ckpt");
  struct stat st;
  if (stat(path, &st) < 0) {
    start(id, 1); /* never checkpointed: run it again from the start */
    return;
  }
  int pid = restart(path, RESTART_RENUMBER | RESTART_REPLACE, msg, sizeof msg);
  if (pid < 0) {
    fprintf(stderr, "qd: job %d: restart: %s\n", id, msg[0] ? msg : strerror(errno));
    set_state(id, "failed restart refused", 0);
    return;
  }
  set_state(id, "running %d", pid);
}

static int numeric(const struct dirent *e) {
  return q_id(e->d_name) >= 0;
}

/* The queue's checkpoint interval: QDIR/interval (seconds, may have a fraction) when present. */
static long long queue_interval(long long dflt) {
  char buf[32];
  if (q_read(QDIR "/interval", buf, sizeof buf) <= 0) return dflt;
  long long ns = 0, unit = 1000000000LL;
  const char *p = buf;
  for (; *p >= '0' && *p <= '9' && ns < 1000000000000000LL; p++) ns = ns * 10 + (*p - '0') * unit;
  if (*p == '.') for (p++; *p >= '0' && *p <= '9'; p++) ns += (*p - '0') * (unit /= 10);
  return *p || ns <= 0 ? dflt : ns;
}
static int by_id(const struct dirent **a, const struct dirent **b) {
  return q_id((*a)->d_name) - q_id((*b)->d_name);
}

/* One pass over the queue: recover (first pass only), deletions, starts, checkpoints. */
static void pass(int first, int checkpoint_now) {
  struct dirent **list;
  int n = scandir(QDIR, &list, numeric, by_id);
  for (int i = 0; i < n; i++) {
    int id = q_id(list[i]->d_name);
    free(list[i]);
    char path[256], state[128], r[8];
    q_path(path, sizeof path, id, "state");
    if (q_read(path, state, sizeof state) < 0) continue;
    q_path(path, sizeof path, id, "restart");
    if (q_read(path, r, sizeof r) < 0) strcpy(r, "y");
    int sid = !strncmp(state, "running ", 8) ? atoi(state + 8) : 0;
    if (first && sid) {
      recover(id, r);
      continue;
    }
    q_path(path, sizeof path, id, "del");
    struct stat st;
    if (stat(path, &st) == 0) {
      unlink(path);
      if (sid > 0) kill(-sid, SIGKILL);
      if (!strcmp(state, "queued") || sid > 0) set_state(id, "deleted", 0);
      continue;
    }
    if (!strcmp(state, "queued")) start(id, 0);
    else if (sid > 0 && checkpoint_now && !strcmp(r, "y")) {
      char msg[256];
      q_path(path, sizeof path, id, "ckpt");
      if (chkpnt(CKPT_JOB, sid, path, 0, msg, sizeof msg) < 0) fprintf(stderr, "qd: job %d: checkpoint: %s\n", id, msg[0] ? msg : strerror(errno));
    }
  }
  if (n > 0) free(list);
}

/* A finished job leader: its job is done (or stays deleted). */
static void reaped(pid_t pid, int st) {
  struct dirent **list;
  int n = scandir(QDIR, &list, numeric, by_id);
  for (int i = 0; i < n; i++) {
    int id = q_id(list[i]->d_name);
    free(list[i]);
    char path[256], state[128];
    q_path(path, sizeof path, id, "state");
    if (q_read(path, state, sizeof state) < 0 || strncmp(state, "running ", 8) || atoi(state + 8) != pid) continue;
    if (WIFEXITED(st)) set_state(id, "done %d", WEXITSTATUS(st));
    else set_state(id, "done signal %d", WTERMSIG(st));
  }
  if (n > 0) free(list);
}

int main(int argc, char **argv) {
  ARGS("qd", "[-i SECONDS]");
  long long interval = 1000000000LL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-i") && i + 1 < argc) {
      long long ns = 0, unit = 1000000000LL;
      const char *p = argv[++i];
      for (; *p >= '0' && *p <= '9' && ns < 1000000000000000LL; p++) ns = ns * 10 + (*p - '0') * unit;
      if (*p == '.') for (p++; *p >= '0' && *p <= '9'; p++) ns += (*p - '0') * (unit /= 10);
      interval = *p || ns <= 0 ? -1 : ns;
    } else interval = -1;
    if (interval < 0) {
      fprintf(stderr, "usage: qd [-i SECONDS]\n");
      return 2;
    }
  }
  mkdir(QDIR, 0755);
  long long last = now_ns();
  for (int first = 1;; first = 0) {
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) reaped(pid, st);
    int due = now_ns() - last >= queue_interval(interval); /* read each pass: the operator may change it */
    pass(first, due);
    if (due) last = now_ns();
    usleep(5000); /* 5 ms of virtual time between passes */
  }
}
