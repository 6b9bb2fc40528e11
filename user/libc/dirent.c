/* dirent.c — opendir/readdir on getdents64 (a dirent points into the DIR's buffer); scandir. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
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

static int (*scandir_compar)(const struct dirent **, const struct dirent **);
static int scandir_cmp(const void *a, const void *b) {
  const struct dirent *x = *(struct dirent *const *)a, *y = *(struct dirent *const *)b;
  return scandir_compar(&x, &y);
}

int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **)) {
  DIR *d = opendir(path);
  if (!d) return -1;
  struct dirent **v = 0, *e;
  int n = 0;
  while ((e = readdir(d))) {
    if (filter && !filter(e)) continue;
    struct dirent **nv = realloc(v, sizeof *v * (size_t)(n + 1));
    if (nv) v = nv;
    struct dirent *copy = nv ? malloc(sizeof *copy) : 0;
    if (!copy) {
      while (n > 0) free(v[--n]);
      free(v);
      closedir(d);
      errno = ENOMEM;
      return -1;
    }
    memcpy(copy, e, e->d_reclen < sizeof *copy ? e->d_reclen : sizeof *copy);
    v[n++] = copy;
  }
  closedir(d);
  if (compar && n > 1) {
    scandir_compar = compar;
    qsort(v, (size_t)n, sizeof *v, scandir_cmp);
  }
  *list = v;
  return n;
}
int alphasort(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }
void rewinddir(DIR *d) {
  lseek(d->fd, 0, SEEK_SET);
  d->pos = d->len = 0;
}
int dirfd(DIR *d) { return d->fd; }
