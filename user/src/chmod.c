/* chmod — change file modes: `chmod [-R] MODE FILE...`, MODE octal (`755`) or symbolic
 * (`u+x,go-w`, `a=r`, `g=u`, `+X`; see modes.h). -R: directories' contents too. A file that
 * cannot be changed is reported (`chmod: FILE: why`) and the status becomes 1. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "args.h"
#include "modes.h"

static const char *mode_word;
static unsigned cmask;
static int recurse, status;

static void change(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) { fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno)); status = 1; return; }
  unsigned m;
  apply_mode(mode_word, st.st_mode & 07777, S_ISDIR(st.st_mode), cmask, &m); /* checked in main */
  if (chmod(path, m) < 0) { fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno)); status = 1; return; }
  if (!recurse || !S_ISDIR(st.st_mode)) return;
  DIR *d = opendir(path);
  if (!d) { fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno)); status = 1; return; }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    size_t n = strlen(path) + strlen(e->d_name) + 2;
    char *sub = malloc(n);
    snprintf(sub, n, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
    struct stat ls;
    if (lstat(sub, &ls) == 0 && S_ISLNK(ls.st_mode)) { free(sub); continue; } /* links are not followed */
    change(sub);
    free(sub);
  }
  closedir(d);
}

int main(int argc, char **argv) {
  ARGS("chmod", "[-R] MODE FILE...");
  int i = 1;
  /* options, but `-w`, `-x`, `-rwx` are modes (as GNU) */
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--")) { i++; break; }
    if (!strcmp(argv[i], "-R")) recurse = 1;
    else if (!strcmp(argv[i], "--help")) { printf("usage: chmod %s\n", prog_usage); return 0; }
    else if (strspn(argv[i] + 1, "rwxXst") == strlen(argv[i] + 1)) break;
    else bad_usage("unknown option '%s'", argv[i]);
  }
  if (argc - i < 2) bad_usage(i < argc ? "missing operand after '%s'" : "missing operand", argv[i < argc ? i : 0]);
  mode_word = argv[i++];
  cmask = umask(0);
  umask(cmask);
  unsigned probe;
  if (!apply_mode(mode_word, 0, 0, cmask, &probe)) bad_usage("invalid mode: '%s'", mode_word);
  for (; i < argc; i++) change(argv[i]);
  return status;
}
