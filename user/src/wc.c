/* wc — count lines, words and bytes (-l -w -c select columns; default all three). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <ctype.h>

static int fl, fw, fc;
static unsigned long tl, tw, tc;

static int width = 7;
static void show(unsigned long l, unsigned long w, unsigned long c, const char *name) {
  int first = 1;
  if (fl) { printf("%*lu", width, l); first = 0; }
  if (fw) { printf(first ? "%*lu" : " %*lu", width, w); first = 0; }
  if (fc) printf(first ? "%*lu" : " %*lu", width, c);
  if (name) printf(" %s", name);
  printf("\n");
}
static int count(int fd, const char *name) {
  static char buf[4096];
  unsigned long l = 0, w = 0, c = 0;
  int inword = 0;
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) != 0) {
    if (n < 0) { if (errno == EINTR) continue; fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno)); return 1; }
    c += (unsigned long)n;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n') l++;
      if (isspace((unsigned char)buf[i])) inword = 0;
      else if (!inword) { inword = 1; w++; }
    }
  }
  show(l, w, c, name);
  tl += l; tw += w; tc += c;
  return 0;
}

int main(int argc, char **argv) {
  int i = 1, rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *f = argv[i] + 1; *f; f++) {
      if (*f == 'l') fl = 1;
      else if (*f == 'w') fw = 1;
      else if (*f == 'c') fc = 1;
      else { fprintf(stderr, "usage: wc [-lwc] [FILE...]\n"); return 1; }
    }
  if (!fl && !fw && !fc) fl = fw = fc = 1;
  /* One column for one input: no padding (as GNU wc prints `wc -l < f`). */
  if (fl + fw + fc == 1 && argc - i <= 1) width = 1;
  if (i == argc) return count(0, 0);
  int files = argc - i;
  for (; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= count(fd, argv[i]);
    close(fd);
  }
  if (files > 1) show(tl, tw, tc, "total");
  return rc;
}
