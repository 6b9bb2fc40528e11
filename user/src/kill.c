/* kill — send a signal: kill [-SIG | -s SIG | -NUM] PID|-PGID...; kill -l lists the signals,
 * kill -l N names signal N (or the signal of exit status N > 128), kill -l NAME gives its number. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include "args.h"

static int list(int argc, char **argv, int i) {
  if (i >= argc) {
    for (int s = 1; s < 32; s++) printf("%2d) SIG%-8s%s", s, signame(s), s % 4 == 0 || s == 31 ? "\n" : " ");
    return 0;
  }
  int rc = 0;
  for (; i < argc; i++) {
    long n;
    if (parse_long(argv[i], &n)) {
      if (n > 128) n -= 128; /* an exit status such as 137 */
      const char *name = n > 0 && n < 32 ? signame((int)n) : 0;
      if (name) printf("%s\n", name);
      else { fprintf(stderr, "kill: %s: invalid signal number\n", argv[i]); rc = 1; }
    } else {
      int s = signum(argv[i]);
      if (s > 0) printf("%d\n", s);
      else { fprintf(stderr, "kill: %s: invalid signal name\n", argv[i]); rc = 1; }
    }
  }
  return rc;
}

int main(int argc, char **argv) {
  ARGS("kill", "[-SIG | -s SIG | -NUM] PID|-PGID... | kill -l [N|NAME]");
  int sig = SIGTERM, i = 1, rc = 0;
  if (i < argc && (!strcmp(argv[i], "-l") || !strcmp(argv[i], "-L"))) return list(argc, argv, i + 1);
  if (i < argc && !strcmp(argv[i], "-s")) {
    if (i + 1 >= argc) bad_usage("option '-s' needs a signal");
    sig = signum(argv[i + 1]);
    if (sig < 0) bad_usage("%s: invalid signal", argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") && (!isdigit(argv[i][1]) || i + 1 < argc)) {
    sig = signum(argv[i] + 1);
    if (sig < 0) bad_usage("%s: invalid signal", argv[i] + 1);
    i++;
  }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  if (sig < 0 || sig >= 65) bad_usage("invalid signal");
  if (i >= argc) bad_usage("missing process id");
  for (; i < argc; i++) {
    long pid;
    if (!parse_long(argv[i], &pid)) { fprintf(stderr, "kill: %s: arguments must be process or job IDs\n", argv[i]); rc = 1; continue; }
    if (kill((pid_t)pid, sig) < 0) { fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
  }
  return rc;
}
