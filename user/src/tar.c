/* tar — ustar archives on files, pipes or tape: tar c|t|x[v][f ARCHIVE][b N] [FILE...] (the
 * leading '-' is optional, so `tar -cvf x.tar dir` works). Writes go out in whole records of
 * N×512 bytes (default 20, i.e. 10240: one tape record each); the archive ends with two zero
 * blocks, padded to a record. ARCHIVE "-" (or none, without $TAPE) is stdin/stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "args.h"

static int verbose, afd = -1, errors;
static char *rec;            /* one record */
static size_t recsize, recpos, reclen;
static FILE *msg;            /* where -v goes: stderr when the archive is stdout */

/* ---- record I/O ---- */
static void put_block(const unsigned char *b) {
  memcpy(rec + recpos, b, 512);
  recpos += 512;
  if (recpos == recsize) {
    if (write(afd, rec, recsize) != (ssize_t)recsize) { fprintf(stderr, "tar: write: %s\n", strerror(errno)); exit(2); }
    recpos = 0;
  }
}
/* Next 512-byte block of the archive, or 0 at the end. Tape reads return one record each;
 * a pipe may return less, so blocks are assembled from whatever arrives. */
static int get_block(unsigned char *b) {
  size_t have = 0;
  while (have < 512) {
    if (recpos == reclen) {
      ssize_t r = read(afd, rec, recsize);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return 0;
      reclen = (size_t)r;
      recpos = 0;
    }
    size_t k = reclen - recpos < 512 - have ? reclen - recpos : 512 - have;
    memcpy(b + have, rec + recpos, k);
    recpos += k;
    have += k;
  }
  return 1;
}

/* ---- headers ---- */
static void octal(char *dst, int width, unsigned long long v) {
  dst[width - 1] = 0;
  for (int i = width - 2; i >= 0; i--) { dst[i] = (char)('0' + (v & 7)); v >>= 3; }
}
static unsigned long long parse_octal(const unsigned char *p, int width) {
  unsigned long long v = 0;
  for (int i = 0; i < width && p[i]; i++) if (p[i] >= '0' && p[i] <= '7') v = v * 8 + (p[i] - '0');
  return v;
}
static unsigned checksum(const unsigned char *h) {
  unsigned sum = 0;
  for (int i = 0; i < 512; i++) sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return sum;
}
/* Fill a ustar header; -1 if the name cannot be stored. */
static int header(unsigned char *h, const char *name, const struct stat *st, char type, unsigned long long size) {
  memset(h, 0, 512);
  size_t len = strlen(name);
  if (len <= 100) memcpy(h, name, len);
  else {
    const char *cut = name + len - 101;
    while (*cut && *cut != '/') cut++;
    if (!*cut || cut - name > 155) return -1;
    memcpy(h + 345, name, (size_t)(cut - name));
    memcpy(h, cut + 1, strlen(cut + 1));
  }
  octal((char *)h + 100, 8, st->st_mode & 07777);
  octal((char *)h + 108, 8, 0);
  octal((char *)h + 116, 8, 0);
  octal((char *)h + 124, 12, size);
  octal((char *)h + 136, 12, st->st_mtime < 0 ? 0 : (unsigned long long)st->st_mtime);
  h[156] = (unsigned char)type;
  memcpy(h + 257, "ustar", 6);
  memcpy(h + 263, "00", 2);
  octal((char *)h + 148, 7, checksum(h));
  h[155] = ' ';
  return 0;
}

/* ---- create ---- */
static int not_dot(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }
static void add(const char *path) {
  struct stat st;
  unsigned char h[512];
  if (stat(path, &st) < 0) { fprintf(stderr, "tar: %s: %s\n", path, strerror(errno)); errors++; return; }
  if (S_ISDIR(st.st_mode)) {
    char name[300];
    snprintf(name, sizeof name, "%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/");
    if (header(h, name, &st, '5', 0) < 0) { fprintf(stderr, "tar: %s: name too long\n", path); errors++; return; }
    if (verbose) fprintf(msg, "%s\n", name);
    put_block(h);
    struct dirent **list;
    int n = scandir(path, &list, not_dot, alphasort); /* sorted: same tree, same archive */
    if (n < 0) { fprintf(stderr, "tar: %s: %s\n", path, strerror(errno)); errors++; return; }
    for (int i = 0; i < n; i++) {
      size_t l = strlen(name) + strlen(list[i]->d_name) + 1;
      char *child = malloc(l);
      snprintf(child, l, "%s%s", name, list[i]->d_name);
      add(child);
      free(child);
      free(list[i]);
    }
    free(list);
    return;
  }
  if (!S_ISREG(st.st_mode)) { fprintf(stderr, "tar: %s: not a regular file or directory, skipped\n", path); return; }
  int fd = open(path, O_RDONLY);
  if (fd < 0) { fprintf(stderr, "tar: %s: %s\n", path, strerror(errno)); errors++; return; }
  if (header(h, path, &st, '0', (unsigned long long)st.st_size) < 0) { fprintf(stderr, "tar: %s: name too long\n", path); errors++; close(fd); return; }
  if (verbose) fprintf(msg, "%s\n", path);
  put_block(h);
  long long left = st.st_size;
  while (left > 0) {
    unsigned char b[512];
    memset(b, 0, sizeof b);
    size_t want = left < 512 ? (size_t)left : 512, got = 0;
    while (got < want) {
      ssize_t r = read(fd, b + got, want - got);
      if (r <= 0) break;
      got += (size_t)r;
    }
    if (got < want) { fprintf(stderr, "tar: %s: file shrank\n", path); errors++; }
    put_block(b); /* a short file is padded with zeros so the header's size stays true */
    left -= (long long)want;
  }
  close(fd);
}
static void finish(void) {
  unsigned char z[512];
  memset(z, 0, sizeof z);
  put_block(z);
  put_block(z);
  while (recpos != 0) put_block(z);
}

/* ---- list / extract ---- */
static void make_parents(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    mkdir(path, 0777);
    *p = '/';
  }
}
static int read_archive(int extract) {
  unsigned char h[512];
  while (get_block(h)) {
    int zero = 1;
    for (int i = 0; i < 512 && zero; i++) if (h[i]) zero = 0;
    if (zero) return 0;
    if (parse_octal(h + 148, 8) != checksum(h)) { fprintf(stderr, "tar: bad header checksum\n"); return 2; }
    char name[260];
    if (h[345]) snprintf(name, sizeof name, "%.155s/%.100s", (char *)h + 345, (char *)h);
    else snprintf(name, sizeof name, "%.100s", (char *)h);
    unsigned long long size = parse_octal(h + 124, 12);
    unsigned mode = (unsigned)parse_octal(h + 100, 8);
    char type = (char)h[156];
    if (type == '5') size = 0;
    if (verbose || !extract) {
      if (verbose && !extract) fprintf(msg, "%c%04o %10llu %s\n", type == '5' ? 'd' : '-', mode, size, name);
      else fprintf(msg, "%s\n", name);
    }
    int fd = -1;
    if (extract) {
      if (strstr(name, "..")) { fprintf(stderr, "tar: %s: refusing a name with '..'\n", name); errors++; }
      else if (type == '5') { make_parents(name); if (mkdir(name, mode ? mode : 0755) < 0 && errno != EEXIST) { fprintf(stderr, "tar: %s: %s\n", name, strerror(errno)); errors++; } }
      else if (type == '0' || type == 0) {
        make_parents(name);
        fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, mode ? mode : 0644);
        if (fd < 0) { fprintf(stderr, "tar: %s: %s\n", name, strerror(errno)); errors++; }
      }
    }
    while (size > 0) {
      unsigned char b[512];
      if (!get_block(b)) { fprintf(stderr, "tar: unexpected end of archive\n"); return 2; }
      size_t k = size < 512 ? (size_t)size : 512;
      if (fd >= 0 && write(fd, b, k) != (ssize_t)k) { fprintf(stderr, "tar: %s: %s\n", name, strerror(errno)); errors++; close(fd); fd = -1; }
      size -= k;
    }
    if (fd >= 0) close(fd);
  }
  return 0;
}

int main(int argc, char **argv) {
  ARGS("tar", "c|t|x[v][f ARCHIVE][b BLOCKS] [FILE...]");
  if (argc < 2) goto usage;
  const char *ops = argv[1][0] == '-' ? argv[1] + 1 : argv[1];
  const char *archive = getenv("TAPE");
  int mode = 0, blocking = 20, ai = 2;
  for (const char *o = ops; *o; o++) {
    if (*o == 'c' || *o == 't' || *o == 'x') mode = *o;
    else if (*o == 'v') verbose = 1;
    else if (*o == 'f') { if (ai >= argc) goto usage; archive = argv[ai++]; }
    else if (*o == 'b') { if (ai >= argc) goto usage; blocking = atoi(argv[ai++]); }
    else goto usage;
  }
  if (!mode || blocking < 1 || blocking > 256) goto usage;
  if (!archive) archive = "-";
  recsize = (size_t)blocking * 512;
  rec = malloc(recsize);
  int tostdout = !strcmp(archive, "-") && mode == 'c';
  msg = tostdout ? stderr : stdout;
  if (!strcmp(archive, "-")) afd = mode == 'c' ? 1 : 0;
  else afd = open(archive, mode == 'c' ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0666);
  if (afd < 0) { fprintf(stderr, "tar: %s: %s\n", archive, strerror(errno)); return 2; }
  int rc = 0;
  if (mode == 'c') {
    if (ai >= argc) { fprintf(stderr, "tar: refusing to create an empty archive\n"); return 2; }
    for (int i = ai; i < argc; i++) add(argv[i]);
    finish();
  } else rc = read_archive(mode == 'x');
  fflush(stdout);
  if (afd > 1 && close(afd) < 0) { fprintf(stderr, "tar: %s: %s\n", archive, strerror(errno)); rc = 2; }
  return rc ? rc : errors ? 1 : 0;
usage:
  fprintf(stderr, "usage: tar c|t|x[v][f ARCHIVE][b BLOCKS] [FILE...]\n");
  return 2;
}
