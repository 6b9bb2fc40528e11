/* ls — list directories and files, sorted by name; -a: include dot files; -l: long format
 * (mode, links, owner and group names, size, date, name, `-> target` for a symbolic link; a
 * directory's listing starts with `total N`,
 * the KiB its entries occupy, as GNU's — `total 0` for an empty one); -1: one per line; -d:
 * directories as themselves, not their contents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <pwd.h>
#include <grp.h>
#include "args.h"
#include "statblocks.h"

static int opt_a, opt_l, opt_1, opt_d;


static void mode_string(unsigned m, char *s) {
  s[0] = S_ISDIR(m) ? 'd' : S_ISCHR(m) ? 'c' : S_ISFIFO(m) ? 'p' : S_ISLNK(m) ? 'l' : S_ISSOCK(m) ? 's' : (m & S_IFMT) == S_IFBLK ? 'b' : '-';
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) s[i + 1] = (m >> (8 - i)) & 1 ? rwx[i] : '-';
  s[10] = 0;
}
/* "Mon DD HH:MM" from seconds since 1970 (UTC, proleptic Gregorian). */
static void date_string(long long t, char *s, size_t n) {
  static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (t < 0) t = 0;
  long days = (long)(t / 86400), secs = (long)(t % 86400);
  long z = days + 719468, era = z / 146097, doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  snprintf(s, n, "%s %2ld %02ld:%02ld", mon[m - 1], d, secs / 3600, secs / 60 % 60);
}
static void long_line(const char *path, const char *name) {
  struct stat st;
  if (lstat(path, &st) < 0) { fprintf(stderr, "ls: %s: %s\n", path, strerror(errno)); return; }
  char ms[11], ds[32];
  mode_string(st.st_mode, ms);
  date_string(st.st_mtime, ds, sizeof ds);
  /* owner and group by name (/etc/passwd, /etc/group, or root), as Linux's ls; the number when unknown */
  char us[16], gs[16];
  struct passwd *pw = getpwuid(st.st_uid);
  struct group *gr = getgrgid(st.st_gid);
  if (pw) snprintf(us, sizeof us, "%s", pw->pw_name); else snprintf(us, sizeof us, "%u", st.st_uid);
  if (gr) snprintf(gs, sizeof gs, "%s", gr->gr_name); else snprintf(gs, sizeof gs, "%u", st.st_gid);
  if (S_ISCHR(st.st_mode)) printf("%s %2u %-8s %-8s %4u, %4u %s %s\n", ms, st.st_nlink, us, gs, st.st_rdev_major, st.st_rdev_minor, ds, name);
  else {
    char to[4096]; /* a symbolic link's target, as GNU's ls -l shows it: name -> target */
    ssize_t tl = S_ISLNK(st.st_mode) ? readlink(path, to, sizeof to - 1) : -1;
    to[tl > 0 ? tl : 0] = 0;
    printf("%s %2u %-8s %-8s %10lld %s %s%s%s\n", ms, st.st_nlink, us, gs, st.st_size, ds, name, tl > 0 ? " -> " : "", to);
  }
}
static void print_names(const char *dir, char **names, int n) {
  if (opt_l) {
    for (int i = 0; i < n; i++) {
      char path[512];
      if (dir) snprintf(path, sizeof path, "%s/%s", dir, names[i]);
      else snprintf(path, sizeof path, "%s", names[i]);
      long_line(path, names[i]);
    }
    return;
  }
  if (opt_1 || !isatty(1)) {
    for (int i = 0; i < n; i++) printf("%s\n", names[i]);
    return;
  }
  struct winsize ws;
  int width = ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80, col = 0;
  for (int i = 0; i < n; i++) {
    int l = (int)strlen(names[i]);
    if (col && col + l + 2 > width) { printf("\n"); col = 0; }
    printf("%s%s", col ? "  " : "", names[i]);
    col += l + (col ? 2 : 0);
  }
  if (col) printf("\n");
}
static int visible(const struct dirent *e) { return opt_a || e->d_name[0] != '.'; }
/* A name given on the command line: with -l a symbolic link is shown as itself (GNU); without,
 * a link to a directory lists the directory, and a dangling link is still a name to print. */
static int arg_stat(const char *p, struct stat *st) {
  if (!opt_l && stat(p, st) == 0) return 0;
  return lstat(p, st);
}
static int list_dir(const char *path) {
  struct dirent **list;
  int n = scandir(path, &list, visible, alphasort);
  if (n < 0) { fprintf(stderr, "ls: %s: %s\n", path, strerror(errno)); return 1; }
  char **names = malloc(sizeof(char *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) names[i] = list[i]->d_name;
  if (opt_l) {
    unsigned long long blocks = 0;
    for (int i = 0; i < n; i++) {
      char sub[512];
      StatBlocks sb;
      snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
      if (stat_blocks(sub, 0, &sb) == 0) blocks += sb.blocks;
    }
    printf("total %llu\n", (blocks * 512 + 1023) / 1024);
  }
  print_names(path, names, n);
  for (int i = 0; i < n; i++) free(list[i]);
  free(list);
  free(names);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("ls", "[-adl1] [FILE...]");
  int rc = 0, c;
  while ((c = opt_next(argc, argv, "adl1")) != -1) {
    if (c == 'a') opt_a = 1;
    else if (c == 'd') opt_d = 1;
    else if (c == 'l') opt_l = 1;
    else opt_1 = 1;
  }
  int i = opt_ind;
  char *dot[] = {".", 0};
  if (i == argc && opt_d) { print_names(0, dot, 1); return 0; }
  if (i == argc) return list_dir(".");
  /* Files first (as given), then each directory under a heading when there are several. */
  char **files = malloc(sizeof(char *) * (size_t)argc);
  int nf = 0, ndirs = 0;
  for (int k = i; k < argc; k++) {
    struct stat st;
    if (arg_stat(argv[k], &st) < 0) { fprintf(stderr, "ls: %s: %s\n", argv[k], strerror(errno)); rc = 1; continue; }
    if (S_ISDIR(st.st_mode) && !opt_d) ndirs++;
    else files[nf++] = argv[k];
  }
  print_names(0, files, nf);
  int shown = nf;
  for (int k = i; k < argc; k++) {
    struct stat st;
    if (opt_d || arg_stat(argv[k], &st) < 0 || !S_ISDIR(st.st_mode)) continue;
    if (argc - i > 1) printf("%s%s:\n", shown++ ? "\n" : "", argv[k]);
    rc |= list_dir(argv[k]);
  }
  return rc;
}
