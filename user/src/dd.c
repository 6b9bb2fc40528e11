/* dd — copy records: if= of= bs= (default 512, suffixes k M) count= skip= seek=. Each read of bs
 * bytes is one record (on a tape, one tape record) and is written as one record. Reports
 * "N+M records in/out" (full + partial) to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

/* "512", "4k", "1M", "2b" (512-byte blocks); -1 if malformed. */
static long number(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || v < 0) return -1;
  if (*end == 'k' || *end == 'K') { v *= 1024; end++; }
  else if (*end == 'M') { v *= 1024 * 1024; end++; }
  else if (*end == 'b') { v *= 512; end++; }
  return *end ? -1 : v;
}

int main(int argc, char **argv) {
  ARGS("dd", "[if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]");
  const char *in = 0, *out = 0;
  long bs = 512, count = -1, skip = 0, seek = 0;
  for (int i = 1; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if (!eq) bad_usage("bad operand '%s'", argv[i]);
    *eq = 0;
    const char *k = argv[i], *v = eq + 1;
    long *dst = 0;
    if (!strcmp(k, "if")) in = v;
    else if (!strcmp(k, "of")) out = v;
    else if (!strcmp(k, "bs") || !strcmp(k, "ibs") || !strcmp(k, "obs")) dst = &bs;
    else if (!strcmp(k, "count")) dst = &count;
    else if (!strcmp(k, "skip")) dst = &skip;
    else if (!strcmp(k, "seek")) dst = &seek;
    else bad_usage("unknown operand '%s'", k);
    if (dst && (*dst = number(v)) < 0) bad_usage("invalid number '%s'", v);
  }
  if (bs <= 0 || bs > 4 * 1024 * 1024) { fprintf(stderr, "dd: invalid block size\n"); return 1; }
  int ifd = 0, ofd = 1;
  if (in && (ifd = open(in, O_RDONLY)) < 0) { fprintf(stderr, "dd: %s: %s\n", in, strerror(errno)); return 1; }
  if (out && (ofd = open(out, O_WRONLY | O_CREAT | (seek ? 0 : O_TRUNC), 0666)) < 0) {
    fprintf(stderr, "dd: %s: %s\n", out, strerror(errno));
    return 1;
  }
  char *buf = malloc((size_t)bs);
  if (!buf) { fprintf(stderr, "dd: out of memory\n"); return 1; }
  int rc = 0;
  for (long i = 0; i < skip; i++) {
    ssize_t r = read(ifd, buf, (size_t)bs);
    if (r <= 0) break;
  }
  if (seek && lseek(ofd, seek * bs, SEEK_SET) < 0) {
    /* Not seekable (a pipe, a tape): skip by writing nothing, like dd on such outputs. */
    fprintf(stderr, "dd: %s: cannot seek: %s\n", out ? out : "stdout", strerror(errno));
    rc = 1;
  }
  unsigned long fin = 0, pin = 0, fout = 0, pout = 0, bytes = 0;
  while (count < 0 || (long)(fin + pin) < count) {
    ssize_t r = read(ifd, buf, (size_t)bs);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { fprintf(stderr, "dd: %s: %s\n", in ? in : "stdin", strerror(errno)); rc = 1; break; }
    if (r == 0) break;
    if (r == bs) fin++; else pin++;
    ssize_t w = write(ofd, buf, (size_t)r);
    if (w < 0) { fprintf(stderr, "dd: %s: %s\n", out ? out : "stdout", strerror(errno)); rc = 1; break; }
    if (w == bs) fout++; else pout++;
    bytes += (unsigned long)w;
  }
  fprintf(stderr, "%lu+%lu records in\n%lu+%lu records out\n%lu bytes copied\n", fin, pin, fout, pout, bytes);
  if (ofd != 1 && close(ofd) < 0) rc = 1;
  return rc;
}
