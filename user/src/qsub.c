/* qsub — submit SCRIPT to the batch queue on the disk (/mnt/queue, docs/jobs.md) and print its job
 * id. -r y (the default) makes the job restartable: the queue daemon checkpoints it every few
 * virtual seconds and restarts it from its last checkpoint after a crash; -r n jobs are marked
 * failed ("system crash") instead. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "queue.h"
#include "args.h"

int main(int argc, char **argv) {
  ARGS("qsub", "[-r y|n] SCRIPT");
  const char *restartable = "y", *script = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-r") && i + 1 < argc && (!strcmp(argv[i + 1], "y") || !strcmp(argv[i + 1], "n"))) restartable = argv[++i];
    else if (argv[i][0] != '-' && !script) script = argv[i];
    else script = 0, i = argc;
  }
  if (!script) {
    fprintf(stderr, "usage: qsub [-r y|n] SCRIPT\n");
    return 2;
  }
  static char text[65536];
  int len = q_read(script, text, sizeof text);
  if (len < 0) {
    fprintf(stderr, "qsub: %s: %s\n", script, strerror(errno));
    return 1;
  }
  struct stat st;
  if (stat(QDIR, &st) < 0) {
    fprintf(stderr, "qsub: no batch queue (%s: %s): is a disk attached?\n", QDIR, strerror(errno));
    return 1;
  }
  char buf[32], path[256];
  int id = q_read(QDIR "/seq", buf, sizeof buf) > 0 ? atoi(buf) + 1 : 1;
  snprintf(buf, sizeof buf, "%d", id);
  snprintf(path, sizeof path, QDIR "/%d", id);
  if (mkdir(path, 0755) < 0 || q_write(QDIR "/seq", buf) < 0) {
    fprintf(stderr, "qsub: %s: %s\n", path, strerror(errno));
    return 1;
  }
  q_path(path, sizeof path, id, "script");
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, text, (size_t)len) != len || write(fd, "\n", 1) != 1) {
    fprintf(stderr, "qsub: %s: %s\n", path, strerror(errno));
    return 1;
  }
  close(fd);
  q_path(path, sizeof path, id, "restart");
  q_write(path, restartable);
  q_path(path, sizeof path, id, "state"); /* last: qd starts a job once its state says queued */
  q_write(path, "queued");
  printf("%d\n", id);
  return 0;
}
