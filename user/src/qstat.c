/* qstat — list the batch queue's jobs: id, restartable, state, and the script's first line. */
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include "queue.h"
#include "args.h"

static int by_id(const struct dirent **a, const struct dirent **b) {
  return q_id((*a)->d_name) - q_id((*b)->d_name);
}

static int numeric(const struct dirent *e) {
  return q_id(e->d_name) >= 0;
}

int main(int argc, char **argv) {
  ARGS("qstat", "");
  if (argc > 1) bad_usage("unknown argument '%s'", argv[1]);
  struct dirent **list;
  int n = scandir(QDIR, &list, numeric, by_id);
  if (n < 0) {
    fprintf(stderr, "qstat: no batch queue (%s: %s)\n", QDIR, strerror(errno));
    return 1;
  }
  printf("JOB  R  STATE                 SCRIPT\n");
  for (int i = 0; i < n; i++) {
    int id = q_id(list[i]->d_name);
    char path[256], state[128], r[8], script[64];
    q_path(path, sizeof path, id, "state");
    if (q_read(path, state, sizeof state) < 0) strcpy(state, "?");
    q_path(path, sizeof path, id, "restart");
    if (q_read(path, r, sizeof r) < 0) strcpy(r, "?");
    q_path(path, sizeof path, id, "script");
    if (q_read(path, script, sizeof script) < 0) script[0] = 0;
    char *nl = strchr(script, '\n');
    if (nl) *nl = 0;
    printf("%-4d %s  %-21s %s\n", id, r, state, script);
  }
  return 0;
}
