/* nohup — run COMMAND immune to hangups: SIGHUP ignored; output that would go to a terminal goes
 * to nohup.out (appended) instead, as POSIX says. Status 127 if COMMAND is not found, 126 if it
 * cannot be run. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("nohup", "COMMAND [ARG...]");
  while (opt_next(argc, argv, "") != -1) {}
  if (opt_ind >= argc) bad_usage("missing operand");
  signal(SIGHUP, SIG_IGN);
  if (isatty(1)) {
    int fd = open("nohup.out", O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) {
      const char *home = getenv("HOME");
      char path[512];
      snprintf(path, sizeof path, "%s/nohup.out", home ? home : "/");
      fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd < 0) { fprintf(stderr, "nohup: cannot open nohup.out: %s\n", strerror(errno)); return 127; }
      fprintf(stderr, "nohup: ignoring input and appending output to '%s'\n", path);
    } else fprintf(stderr, "nohup: ignoring input and appending output to 'nohup.out'\n");
    dup2(fd, 1);
    close(fd);
  }
  if (isatty(2)) dup2(1, 2);
  execvp(argv[opt_ind], argv + opt_ind);
  int e = errno;
  fprintf(stderr, "nohup: %s: %s\n", argv[opt_ind], strerror(e));
  return e == ENOENT ? 127 : 126;
}
