/* rm — remove files; -f: ignore missing; -r: remove directories recursively. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>

static int force, recursive;

static int not_dot(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }

static int remove_path(const char *p) {
  struct stat st;
  if (lstat(p, &st) < 0) {
    if (force && errno == ENOENT) return 0;
    fprintf(stderr, "rm: %s: %s\n", p, strerror(errno));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!recursive) { fprintf(stderr, "rm: %s: is a directory\n", p); return 1; }
    int rc = 0;
    /* Read the whole directory first: removing while reading would disturb the offsets. */
    struct dirent **list;
    int n = scandir(p, &list, not_dot, 0);
    if (n < 0) { fprintf(stderr, "rm: %s: %s\n", p, strerror(errno)); return 1; }
    for (int i = 0; i < n; i++) {
      size_t l = strlen(p) + strlen(list[i]->d_name) + 2;
      char *path = malloc(l);
      snprintf(path, l, "%s/%s", p, list[i]->d_name);
      rc |= remove_path(path);
      free(path);
      free(list[i]);
    }
    free(list);
    if (rmdir(p) < 0) { fprintf(stderr, "rm: %s: %s\n", p, strerror(errno)); return 1; }
    return rc;
  }
  if (unlink(p) < 0) { fprintf(stderr, "rm: %s: %s\n", p, strerror(errno)); return 1; }
  return 0;
}

int main(int argc, char **argv) {
  int i = 1, rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (const char *f = argv[i] + 1; *f; f++) {
      if (*f == 'f') force = 1;
      else if (*f == 'r' || *f == 'R') recursive = 1;
      else { fprintf(stderr, "usage: rm [-rf] FILE...\n"); return 1; }
    }
  }
  if (i >= argc && !force) { fprintf(stderr, "usage: rm [-rf] FILE...\n"); return 1; }
  for (; i < argc; i++) rc |= remove_path(argv[i]);
  return rc;
}
