/* dirent.c — opendir/readdir on getdents64; a dirent points into the DIR's buffer. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

struct DIR { int fd; int pos, len; char buf[2048] __attribute__((aligned(8))); };

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  DIR *d = malloc(sizeof(DIR));
  if (!d) { close(fd); return 0; }
  d->fd = fd;
  d->pos = d->len = 0;
  return d;
}
struct dirent *readdir(DIR *d) {
  if (d->pos >= d->len) {
    int n = getdents64(d->fd, d->buf, sizeof d->buf);
    if (n <= 0) return 0;
    d->len = n;
    d->pos = 0;
  }
  struct dirent *e = (struct dirent *)(d->buf + d->pos);
  d->pos += e->d_reclen;
  return e;
}
int closedir(DIR *d) {
  int r = close(d->fd);
  free(d);
  return r;
}
