/* sysinfo.h — the Linux sysinfo(2) record (rv32 layout) and a reader of /proc/meminfo-style
 * "Name:   value kB" files, for uptime and free. Header-only. */
#ifndef SYSINFO_H
#define SYSINFO_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include "../libc/syscall.h"

struct sysinfo_rec {
  long uptime;
  unsigned long loads[3]; /* 1, 5, 15 minutes, scaled by 65536 */
  unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  unsigned short procs, pad;
  unsigned long totalhigh, freehigh;
  unsigned mem_unit;
  char reserved[8];
};

/* sysinfo(2): 0, or -1 with errno set (ENOSYS where the kernel lacks it). */
static __attribute__((unused)) int get_sysinfo(struct sysinfo_rec *si) {
  memset(si, 0, sizeof *si);
  long r = __syscall1(179, si);
  if (r < 0) { errno = (int)-r; return -1; }
  if (!si->mem_unit) si->mem_unit = 1;
  return 0;
}

/* The value of NAME in a "NAME: value" text (first number after the colon), or -1. */
static __attribute__((unused)) long long field_of(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : 0) {
    if (!strncmp(p, name, n) && p[n] == ':') return strtoll(p + n + 1, 0, 10);
  }
  return -1;
}

/* A small file read whole (malloc'd, NUL-terminated), or NULL. */
static __attribute__((unused)) char *read_small(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t cap = 4096, len = 0;
  char *b = malloc(cap);
  size_t n;
  while ((n = fread(b + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 >= cap) { cap *= 2; b = realloc(b, cap); }
  }
  fclose(f);
  b[len] = 0;
  return b;
}
#endif
