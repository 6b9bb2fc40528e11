/* dirent.h — directory reading on getdents64 (opendir/readdir/closedir, scandir/alphasort). */
#ifndef _DIRENT_H
#define _DIRENT_H
#include <sys/types.h>
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10
struct dirent {
  unsigned long long d_ino;
  long long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[256];
};
typedef struct DIR DIR;
DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);
/* Read the whole directory: the entries filter accepts (all when NULL), each malloc'd, in a
 * malloc'd array at *list, sorted with compar (unsorted when NULL). Returns the count, or -1
 * with errno. The caller frees each entry and the array. */
int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **));
/* For scandir: by name, byte by byte (strcmp). */
int alphasort(const struct dirent **a, const struct dirent **b);
/* Raw getdents64: fills buf with linux_dirent64 records. */
int getdents64(int fd, void *buf, size_t n);
#endif
