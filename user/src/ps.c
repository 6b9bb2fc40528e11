/* ps — list processes from /proc/<pid>/stat and /proc/<pid>/cmdline (Linux formats):
 * PID TTY STAT TIME CMD, every process, sorted by pid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include "args.h"

/* Read a small /proc file into buf (NUL-terminated); returns its length or -1. */
static int slurp(const char *path, char *buf, int cap) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int len = 0;
  for (;;) {
    ssize_t r = read(fd, buf + len, (size_t)(cap - 1 - len));
    if (r <= 0) break;
    len += (int)r;
  }
  close(fd);
  buf[len] = 0;
  return len;
}
static void tty_name(int nr, char *s, size_t n) {
  int major = (nr >> 8) & 0xfff, minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
  if (nr == 0) snprintf(s, n, "?");
  else if (major == 4) snprintf(s, n, "tty%d", minor);
  else if (major >= 136 && major <= 143) snprintf(s, n, "pts/%d", minor + (major - 136) * 256);
  else snprintf(s, n, "%d,%d", major, minor);
}
static void show(int pid) {
  char path[64], stat[1024], cmd[256];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if (slurp(path, stat, sizeof stat) <= 0) return;
  /* comm may contain spaces and parentheses: it ends at the last ')'. */
  char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
  if (!open_paren || !close_paren) return;
  *close_paren = 0;
  const char *comm = open_paren + 1;
  char *f[16];
  int nf = 0;
  for (char *p = close_paren + 2; *p && nf < 16;) {
    f[nf++] = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = 0;
  }
  if (nf < 13) return;
  /* f[0]=state f[1]=ppid f[2]=pgrp f[3]=session f[4]=tty_nr ... f[11]=utime f[12]=stime */
  char tty[16];
  tty_name(atoi(f[4]), tty, sizeof tty);
  long ticks = atol(f[11]) + atol(f[12]), secs = ticks / 100;
  snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
  int len = slurp(path, cmd, sizeof cmd);
  if (len > 0) {
    for (int i = 0; i < len - 1; i++) if (!cmd[i]) cmd[i] = ' ';
  } else snprintf(cmd, sizeof cmd, "[%s]", comm);
  printf("%5d %-8s %-4s %2ld:%02ld %s\n", pid, tty, f[0], secs / 60, secs % 60, cmd);
}
static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
  ARGS("ps", "");
  if (argc > 1) bad_usage("unknown argument '%s'", argv[1]);
  DIR *d = opendir("/proc");
  if (!d) { perror("ps: /proc"); return 1; }
  int *pids = 0, n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!isdigit(e->d_name[0])) continue;
    pids = realloc(pids, sizeof(int) * (size_t)(n + 1));
    pids[n++] = atoi(e->d_name);
  }
  closedir(d);
  qsort(pids, (size_t)n, sizeof(int), cmp_int);
  printf("  PID TTY      STAT   TIME CMD\n");
  for (int i = 0; i < n; i++) show(pids[i]);
  return 0;
}
