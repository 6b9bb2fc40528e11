/* wc — count lines, words and bytes (-l -w -c select columns; default all three). */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <ctype.h>
#include <sys/stat.h>
#include "args.h"

static int fl, fw, fc, fm;
static unsigned long tl, tw, tc;

static int width = 7;
static void show(unsigned long l, unsigned long w, unsigned long c, const char *name) {
  int first = 1;
  if (fl) { printf("%*lu", width, l); first = 0; }
  if (fw) { printf(first ? "%*lu" : " %*lu", width, w); first = 0; }
  if (fc || fm) printf(first ? "%*lu" : " %*lu", width, c);
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
    if (!fm) c += (unsigned long)n;
    for (ssize_t i = 0; i < n; i++) {
      if (fm && ((unsigned char)buf[i] & 0xc0) != 0x80) c++; /* a character: any byte but a UTF-8 continuation */
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
  ARGS("wc", "[-c|-m] [-lw] [FILE...]");
  int rc = 0, c;
  /* POSIX: the columns always come in the order lines, words, bytes (or characters with -m) */
  while ((c = opt_next(argc, argv, "lwcm")) != -1) {
    if (c == 'l') fl = 1;
    else if (c == 'w') fw = 1;
    else if (c == 'c') fc = 1, fm = 0;
    else fm = 1, fc = 0;
  }
  int i = opt_ind;
  if (!fl && !fw && !fc && !fm) fl = fw = fc = 1;
  /* One column for one input: no padding (as GNU wc prints `wc -l < f`). */
  if (fl + fw + fc + fm == 1 && argc - i <= 1) width = 1;
  else if (i < argc) {
    /* as GNU: regular files only → as wide as their total size needs; stdin or a device → 7 */
    long long sum = 0;
    int regular = 1;
    for (int k = i; k < argc; k++) {
      struct stat st;
      if (!strcmp(argv[k], "-") || stat(argv[k], &st) < 0 || !S_ISREG(st.st_mode)) regular = 0;
      else sum += st.st_size;
    }
    if (regular) for (width = 1; sum >= 10; sum /= 10) width++;
  }
  if (i == argc) return count(0, 0);
  int files = argc - i;
  for (; i < argc; i++) {
    int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= count(fd, argv[i]);
    if (fd) close(fd);
  }
  if (files > 1) show(tl, tw, tc, "total");
  return rc;
}
