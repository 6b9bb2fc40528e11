/* du — disk usage: `du [-s] [-a] [-c] [-h|-k] [FILE...]` (default `.`). The blocks each file
 * occupies (statx's count of 512-byte blocks, as the file system reports it), summed over
 * directories, printed in KiB (rounded up) or with -h as GNU's human sizes (4.0K, 12M). A file with
 * several links is counted once, and with several FILEs anything met twice. -s: only each FILE's total; -a: every file too; -c: a total line.
 * Symbolic links are not followed. */
#include <stdio.h>
#include <dirent.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"
#include "statblocks.h"

static int summarize, all, human, status, hash_all;

/* (major, minor, inode) of files seen with more than one link */
static struct { unsigned maj, min; unsigned long long ino; } *seen;
static int nseen, capseen;

static int seen_before(const StatBlocks *s) {
  for (int i = 0; i < nseen; i++)
    if (seen[i].ino == s->ino && seen[i].maj == s->dev_major && seen[i].min == s->dev_minor) return 1;
  if (nseen == capseen) {
    capseen = capseen ? capseen * 2 : 64;
    seen = realloc(seen, (size_t)capseen * sizeof *seen);
  }
  seen[nseen].maj = s->dev_major;
  seen[nseen].min = s->dev_minor;
  seen[nseen++].ino = s->ino;
  return 0;
}

static void show(unsigned long long blocks, const char *path) {
  unsigned long long bytes = blocks * 512;
  if (!human) { printf("%llu\t%s\n", (bytes + 1023) / 1024, path); return; }
  if (bytes < 1024) { printf("%llu\t%s\n", bytes, path); return; }
  /* GNU's -h: round up; one decimal below 10 */
  const char *units = "KMGTPE";
  int u = 0;
  unsigned long long div = 1024;
  while (bytes / div >= 1024 && units[u + 1]) { div *= 1024; u++; }
  unsigned long long tenths = (bytes * 10 + div - 1) / div; /* ceil(bytes / div * 10) */
  if (tenths < 100) { printf("%llu.%llu%c\t%s\n", tenths / 10, tenths % 10, units[u], path); return; }
  unsigned long long whole = (bytes + div - 1) / div;
  if (whole >= 1024 && units[u + 1]) { printf("1.0%c\t%s\n", units[u + 1], path); return; }
  printf("%llu%c\t%s\n", whole, units[u], path);
}

/* The blocks under path; prints entries as the options ask. depth 0 = an operand. */
static unsigned long long walk(const char *path, int depth) {
  StatBlocks st;
  if (stat_blocks(path, 0, &st) < 0) { fprintf(stderr, "du: %s: %s\n", path, strerror(errno)); status = 1; return 0; }
  /* counted once: a file with several links, and with several operands anything seen (as GNU) */
  if ((hash_all || (st.nlink > 1 && !S_ISDIR(st.mode))) && seen_before(&st)) return 0;
  unsigned long long total = st.blocks;
  if (S_ISDIR(st.mode)) {
    DIR *d = opendir(path);
    if (!d) { fprintf(stderr, "du: %s: %s\n", path, strerror(errno)); status = 1; }
    else {
      struct dirent *e;
      while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *sub = malloc(n);
        snprintf(sub, n, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        total += walk(sub, depth + 1);
        free(sub);
      }
      closedir(d);
    }
    if (!summarize || depth == 0) show(total, path);
  } else if (depth == 0 || (all && !summarize)) show(total, path);
  return total;
}

int main(int argc, char **argv) {
  ARGS("du", "[-s] [-a] [-c] [-h|-k] [FILE...]");
  int c, grand = 0;
  while ((c = opt_next(argc, argv, "sachk")) != -1) {
    if (c == 's') summarize = 1;
    else if (c == 'a') all = 1;
    else if (c == 'c') grand = 1;
    else if (c == 'h') human = 1;
    else if (c == 'k') human = 0;
  }
  if (summarize && all) bad_usage("cannot both summarize and show all entries");
  unsigned long long total = 0;
  hash_all = argc - opt_ind > 1;
  if (opt_ind == argc) total = walk(".", 0);
  for (int i = opt_ind; i < argc; i++) total += walk(argv[i], 0);
  if (grand) show(total, "total");
  return status;
}
