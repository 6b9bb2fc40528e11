/* df — file system space: `df [-h|-k] [FILE...]`. For each FILE the file system holding it
 * (without FILE: every mounted one with blocks), from statfs64(2) and the mount table
 * (/proc/self/mounts): `Filesystem 1K-blocks Used Available Use% Mounted on`, columns as wide as
 * GNU's (minimum 14 for the name, 5 for numbers). -h: sizes as 4.0K, 12M, 1.5G (rounded up). The
 * box's kernel has no statfs64 yet, which is reported. */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"
#include "sysinfo.h"

struct statfs64_rec {
  unsigned type, bsize;
  unsigned long long blocks, bfree, bavail, files, ffree;
  unsigned fsid[2];
  unsigned namelen, frsize, flags, spare[4];
};

static int human;
#define MAXROWS 64
static char *cells[MAXROWS + 1][6];
static int nrows;

static char *size_text(unsigned long long bytes) {
  char *b = malloc(32);
  if (!human) { snprintf(b, 32, "%llu", (bytes + 1023) / 1024); return b; }
  if (bytes < 1024) { snprintf(b, 32, "%llu", bytes); return b; }
  const char *units = "KMGTPE";
  int u = 0;
  unsigned long long div = 1024;
  while (bytes / div >= 1024 && units[u + 1]) { div *= 1024; u++; }
  unsigned long long tenths = (bytes * 10 + div - 1) / div;
  if (tenths < 100) snprintf(b, 32, "%llu.%llu%c", tenths / 10, tenths % 10, units[u]);
  else {
    unsigned long long whole = (bytes + div - 1) / div;
    if (whole >= 1024 && units[u + 1]) snprintf(b, 32, "1.0%c", units[u + 1]);
    else snprintf(b, 32, "%llu%c", whole, units[u]);
  }
  return b;
}

/* Add a row for the file system at mount point dir (source src); 0, or -1 with errno. */
static int add_row(const char *src, const char *dir, const char *path) {
  struct statfs64_rec s;
  memset(&s, 0, sizeof s);
  long r = __syscall3(43 /* statfs64 */, path, sizeof s, &s);
  if (r < 0) { errno = (int)-r; return -1; }
  if (nrows >= MAXROWS) return 0;
  unsigned long long fr = s.frsize ? s.frsize : s.bsize;
  unsigned long long used = (s.blocks - s.bfree) * fr, avail = s.bavail * fr;
  char pct[8] = "-";
  if (used + avail) snprintf(pct, sizeof pct, "%llu%%", (used * 100 + used + avail - 1) / (used + avail));
  char **c = cells[++nrows];
  c[0] = strdup(src);
  c[1] = size_text(s.blocks * fr);
  c[2] = size_text(used);
  c[3] = size_text(avail);
  c[4] = strdup(pct);
  c[5] = strdup(dir);
  return 0;
}

/* The mount table: n entries of (source, dir), from /proc/self/mounts (or none). */
static char *msrc[256], *mdir[256];
static int nmounts;
static void read_mounts(void) {
  char *t = read_small("/proc/self/mounts");
  if (!t) t = read_small("/proc/mounts");
  if (!t) return;
  for (char *line = t, *next; *line && nmounts < 256; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    else next = line + strlen(line);
    char *sp = strchr(line, ' ');
    if (!sp) continue;
    *sp = 0;
    char *dir = sp + 1, *e = strchr(dir, ' ');
    if (e) *e = 0;
    msrc[nmounts] = line;
    mdir[nmounts++] = dir;
  }
}

int main(int argc, char **argv) {
  ARGS("df", "[-h|-k] [FILE...]");
  int c, rc = 0;
  while ((c = opt_next(argc, argv, "hkP")) != -1) {
    if (c == 'h') human = 1;
    else if (c == 'k') human = 0;
  }
  read_mounts();
  const char *head[6] = {"Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"};
  for (int i = 0; i < 6; i++) cells[0][i] = (char *)head[i];
  if (opt_ind == argc) {
    if (!nmounts) { msrc[0] = "-"; mdir[0] = "/"; nmounts = 1; }
    for (int i = 0; i < nmounts; i++) {
      int before = nrows;
      if (add_row(msrc[i], mdir[i], mdir[i]) < 0) {
        if (errno == ENOSYS) die(1, "%s: %s", mdir[i], strerror(errno));
        continue;
      }
      /* pseudo file systems (no blocks) and mounts seen before are left out, as GNU's */
      if (nrows > before && !strcmp(cells[nrows][1], "0")) nrows--;
    }
  }
  for (int i = opt_ind; i < argc; i++) {
    /* the mount whose directory is the longest prefix of FILE's absolute path */
    char abs[4096], cwd[4096];
    if (argv[i][0] == '/') snprintf(abs, sizeof abs, "%s", argv[i]);
    else snprintf(abs, sizeof abs, "%s/%s", getcwd(cwd, sizeof cwd) ? cwd : "", argv[i]);
    int best = -1;
    size_t bl = 0;
    for (int m = 0; m < nmounts; m++) {
      size_t l = strlen(mdir[m]);
      int under = !strncmp(abs, mdir[m], l) && (abs[l] == '/' || abs[l] == 0 || !strcmp(mdir[m], "/"));
      if (under && l >= bl) { best = m; bl = l; }
    }
    if (access(argv[i], F_OK) < 0) { fprintf(stderr, "df: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    if (add_row(best >= 0 ? msrc[best] : "-", best >= 0 ? mdir[best] : "/", argv[i]) < 0) { fprintf(stderr, "df: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
  }
  if (nrows == 0) return rc ? rc : 1;
  int w[6] = {14, 5, 5, 5, 4, 0};
  for (int r = 0; r <= nrows; r++)
    for (int k = 0; k < 6; k++) if ((int)strlen(cells[r][k]) > w[k]) w[k] = (int)strlen(cells[r][k]);
  for (int r = 0; r <= nrows; r++) {
    printf("%-*s", w[0], cells[r][0]);
    for (int k = 1; k < 5; k++) printf(" %*s", w[k], cells[r][k]);
    printf(" %s\n", cells[r][5]);
  }
  return rc;
}
