/* kill — send a signal: kill [-SIG | -s SIG | -NUM] PID|-PGID...; kill -l lists the names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>

int main(int argc, char **argv) {
  int sig = SIGTERM, i = 1, rc = 0;
  if (i < argc && !strcmp(argv[i], "-l")) {
    for (int s = 1; s < 32; s++) printf("%2d) SIG%s\n", s, signame(s));
    return 0;
  }
  if (i < argc && !strcmp(argv[i], "-s")) {
    if (i + 1 >= argc) goto usage;
    sig = signum(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") && (!isdigit(argv[i][1]) || i + 1 < argc)) {
    sig = signum(argv[i] + 1);
    i++;
  }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  if (sig < 0 || sig >= 65) { fprintf(stderr, "kill: bad signal\n"); return 1; }
  if (i >= argc) goto usage;
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end || end == argv[i]) { fprintf(stderr, "kill: %s: not a pid\n", argv[i]); rc = 1; continue; }
    if (kill((pid_t)pid, sig) < 0) { fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
  }
  return rc;
usage:
  fprintf(stderr, "usage: kill [-SIG | -s SIG] PID|-PGID...\n");
  return 2;
}
