/* rm — remove files; -f: ignore missing; -r: remove directories recursively. */
#include <unistd.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "args.h"

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

/* "/", "//", "/." ...: the root however written */
static int is_root(const char *p) {
  if (*p != '/') return 0;
  for (; *p; p++) if (*p != '/' && !(*p == '.' && (p[1] == '/' || !p[1]) && p[-1] == '/')) return 0;
  return 1;
}
/* the last component is . or .. (POSIX: rm must not remove those) */
static int is_dot(const char *p) {
  size_t l = strlen(p);
  while (l > 1 && p[l - 1] == '/') l--;
  size_t b = l;
  while (b > 0 && p[b - 1] != '/') b--;
  return (l - b == 1 && p[b] == '.') || (l - b == 2 && p[b] == '.' && p[b + 1] == '.');
}

int main(int argc, char **argv) {
  ARGS("rm", "[-rf] FILE...");
  int rc = 0, c;
  while ((c = opt_next(argc, argv, "frR")) != -1) {
    if (c == 'f') force = 1;
    else recursive = 1;
  }
  if (opt_ind >= argc && !force) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) {
    if (recursive && is_root(argv[i])) {
      fprintf(stderr, "rm: refusing to remove '%s' recursively: it is the root directory\n", argv[i]);
      rc = 1;
    } else if (is_dot(argv[i])) {
      fprintf(stderr, "rm: refusing to remove '.' or '..' directory: skipping '%s'\n", argv[i]);
      rc = 1;
    } else rc |= remove_path(argv[i]);
  }
  return rc;
}
