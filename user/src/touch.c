/* touch — create each FILE if it does not exist (times are not changed: no utimensat here). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

int main(int argc, char **argv) {
  int rc = 0;
  if (argc < 2) { fprintf(stderr, "usage: touch FILE...\n"); return 1; }
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
    if (fd < 0) { fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    close(fd);
  }
  return rc;
}
