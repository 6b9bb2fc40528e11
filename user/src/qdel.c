/* qdel — ask the queue daemon to delete job N: a queued job never starts, a running one is killed. */
#include <stdio.h>
#include <stdlib.h>
#include "queue.h"
#include "args.h"

int main(int argc, char **argv) {
  ARGS("qdel", "JOB");
  if (argc != 2 || q_id(argv[1]) < 0) {
    fprintf(stderr, "usage: qdel JOB\n");
    return 2;
  }
  char path[256], state[128];
  int id = q_id(argv[1]);
  q_path(path, sizeof path, id, "state");
  if (q_read(path, state, sizeof state) < 0) {
    fprintf(stderr, "qdel: no job %d\n", id);
    return 1;
  }
  if (!strncmp(state, "done", 4) || !strncmp(state, "failed", 6) || !strcmp(state, "deleted")) {
    fprintf(stderr, "qdel: job %d has ended (%s)\n", id, state);
    return 1;
  }
  q_path(path, sizeof path, id, "del");
  if (q_write(path, "del") < 0) {
    fprintf(stderr, "qdel: %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}
