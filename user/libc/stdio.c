/* stdio.c — FILE: a buffered fd. stdout is line-buffered on a tty and fully buffered otherwise;
 * stderr is unbuffered. Reads are buffered too (fgets/getline/fgetc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

enum { UNKNOWN_MODE = 0, UNBUF = 1, LINEBUF = 2, FULLBUF = 3 };
struct FILE {
  int fd;
  int mode;
  int eof, err;
  size_t wlen;
  size_t rpos, rlen;
  char *wbuf, *rbuf; /* BUFSIZ each; in .bss for the standard streams so images stay small */
};
static char in_r[BUFSIZ], out_w[BUFSIZ], err_w[BUFSIZ];
static FILE f_in = {0, FULLBUF, 0, 0, 0, 0, 0, 0, in_r};
static FILE f_out = {1, UNKNOWN_MODE, 0, 0, 0, 0, 0, out_w, 0};
static FILE f_err = {2, UNBUF, 0, 0, 0, 0, 0, err_w, 0};
FILE *stdin = &f_in, *stdout = &f_out, *stderr = &f_err;
#define MAXFILES 16
static FILE *open_files[MAXFILES];

int __vformat(void (*out)(void *, const char *, size_t), void *ctx, const char *fmt, va_list ap);

/* Write all of buf to fd, retrying short writes; -1 on error. */
static int write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}
int fflush(FILE *f) {
  if (!f) {
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < MAXFILES; i++) if (open_files[i]) fflush(open_files[i]);
    return 0;
  }
  if (f->wlen == 0) return 0;
  int r = write_all(f->fd, f->wbuf, f->wlen);
  f->wlen = 0;
  if (r < 0) f->err = 1;
  return r;
}
void __stdio_flush_all(void) { fflush(0); }

static void file_out(void *ctx, const char *s, size_t n) {
  FILE *f = ctx;
  if (f->mode == UNKNOWN_MODE) f->mode = isatty(f->fd) ? LINEBUF : FULLBUF;
  if (f->mode == UNBUF) {
    fflush(f);
    if (write_all(f->fd, s, n) < 0) f->err = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (f->wlen == BUFSIZ) fflush(f);
    f->wbuf[f->wlen++] = s[i];
    if (s[i] == '\n' && f->mode == LINEBUF) fflush(f);
  }
}
/* Unbuffered FILEs still format in one piece: collect, then one write. */
int vfprintf(FILE *f, const char *fmt, va_list ap) {
  if (f->mode == UNBUF) {
    char buf[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap2);
    va_end(ap2);
    if (n < (int)sizeof buf) { file_out(f, buf, (size_t)n); return n; }
  }
  return __vformat(file_out, f, fmt, ap);
}
int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(f, fmt, ap);
  va_end(ap);
  return r;
}
int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }
int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return r;
}
static void fd_out(void *ctx, const char *s, size_t n) { write_all(*(int *)ctx, s, n); }
int vdprintf(int fd, const char *fmt, va_list ap) {
  char buf[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(buf, sizeof buf, fmt, ap2);
  va_end(ap2);
  if (n < (int)sizeof buf) { write_all(fd, buf, (size_t)n); return n; }
  return __vformat(fd_out, &fd, fmt, ap);
}
int dprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vdprintf(fd, fmt, ap);
  va_end(ap);
  return r;
}
size_t fwrite(const void *p, size_t size, size_t n, FILE *f) {
  file_out(f, p, size * n);
  return f->err ? 0 : n;
}
int fputs(const char *s, FILE *f) { file_out(f, s, strlen(s)); return f->err ? EOF : 0; }
int puts(const char *s) { fputs(s, stdout); return fputc('\n', stdout); }
int fputc(int c, FILE *f) { char ch = (char)c; file_out(f, &ch, 1); return f->err ? EOF : (unsigned char)c; }
int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

/* Refill the read buffer; 0 at EOF or error. Flushes stdout first so prompts appear. */
static int refill(FILE *f) {
  if (f == stdin) fflush(stdout);
  for (;;) {
    ssize_t r = read(f->fd, f->rbuf, BUFSIZ);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) { if (r < 0) f->err = 1; else f->eof = 1; return 0; }
    f->rpos = 0;
    f->rlen = (size_t)r;
    return 1;
  }
}
int fgetc(FILE *f) {
  if (f->rpos == f->rlen && !refill(f)) return EOF;
  return (unsigned char)f->rbuf[f->rpos++];
}
int getc(FILE *f) { return fgetc(f); }
/* Give c back: the next read returns it. One character of pushback is guaranteed (more when the
 * buffer has room before the read position, which it has after any read from it). */
int ungetc(int c, FILE *f) {
  if (c == EOF) return EOF;
  if (f->rpos == 0) {
    if (!f->rbuf || f->rlen == BUFSIZ) return EOF;
    memmove(f->rbuf + 1, f->rbuf, f->rlen);
    f->rlen++;
    f->rpos = 1;
  }
  f->rbuf[--f->rpos] = (char)c;
  f->eof = 0;
  return (unsigned char)c;
}
int getchar(void) { return fgetc(stdin); }
size_t fread(void *p, size_t size, size_t n, FILE *f) {
  size_t want = size * n, got = 0;
  char *d = p;
  while (got < want) {
    if (f->rpos == f->rlen && !refill(f)) break;
    size_t k = f->rlen - f->rpos;
    if (k > want - got) k = want - got;
    memcpy(d + got, f->rbuf + f->rpos, k);
    f->rpos += k;
    got += k;
  }
  return size ? got / size : 0;
}
char *fgets(char *s, int n, FILE *f) {
  int i = 0;
  while (i < n - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    s[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return 0;
  s[i] = 0;
  return s;
}
ssize_t getline(char **line, size_t *cap, FILE *f) {
  size_t len = 0;
  for (;;) {
    int c = fgetc(f);
    if (c == EOF) break;
    if (!*line || len + 2 > *cap) {
      size_t nc = *cap ? *cap * 2 : 128;
      char *nl = realloc(*line, nc);
      if (!nl) return -1;
      *line = nl;
      *cap = nc;
    }
    (*line)[len++] = (char)c;
    if (c == '\n') break;
  }
  if (len == 0) return -1;
  (*line)[len] = 0;
  return (ssize_t)len;
}
int feof(FILE *f) { return f->eof; }
int ferror(FILE *f) { return f->err; }
int fileno(FILE *f) { return f->fd; }

FILE *fdopen(int fd, const char *mode) {
  (void)mode;
  FILE *f = calloc(1, sizeof(FILE) + 2 * BUFSIZ);
  if (!f) return 0;
  f->wbuf = (char *)(f + 1);
  f->rbuf = f->wbuf + BUFSIZ;
  f->fd = fd;
  f->mode = UNKNOWN_MODE;
  for (int i = 0; i < MAXFILES; i++) if (!open_files[i]) { open_files[i] = f; break; }
  return f;
}
FILE *fopen(const char *path, const char *mode) {
  int flags = O_RDONLY;
  if (mode[0] == 'w') flags = O_WRONLY | O_CREAT | O_TRUNC;
  else if (mode[0] == 'a') flags = O_WRONLY | O_CREAT | O_APPEND;
  if (strchr(mode, '+')) flags = (flags & ~O_ACCMODE) | O_RDWR;
  int fd = open(path, flags, 0666);
  if (fd < 0) return 0;
  FILE *f = fdopen(fd, mode);
  if (!f) close(fd);
  return f;
}
int fclose(FILE *f) {
  fflush(f);
  int r = close(f->fd);
  for (int i = 0; i < MAXFILES; i++) if (open_files[i] == f) open_files[i] = 0;
  if (f != stdin && f != stdout && f != stderr) free(f);
  return r;
}
void perror(const char *s) {
  if (s && *s) fprintf(stderr, "%s: %s\n", s, strerror(errno));
  else fprintf(stderr, "%s\n", strerror(errno));
}

/* Seeking drops the read buffer (its bytes were read ahead of the position) after writing out
 * what is buffered. */
int fseek(FILE *f, long off, int whence) {
  if (fflush(f) < 0) return -1;
  if (whence == SEEK_CUR) off -= (long)(f->rlen - f->rpos);
  if (lseek(f->fd, off, whence) < 0) return -1;
  f->rpos = f->rlen = 0;
  f->eof = 0;
  return 0;
}
long ftell(FILE *f) {
  long pos = lseek(f->fd, 0, SEEK_CUR);
  if (pos < 0) return -1;
  return pos - (long)(f->rlen - f->rpos) + (long)f->wlen;
}
void rewind(FILE *f) {
  fseek(f, 0, SEEK_SET);
  f->err = 0;
}
void clearerr(FILE *f) { f->eof = f->err = 0; }
int setvbuf(FILE *f, char *buf, int mode, size_t size) {
  (void)buf;
  (void)size;
  fflush(f);
  f->mode = mode == _IONBF ? UNBUF : mode == _IOLBF ? LINEBUF : FULLBUF;
  return 0;
}
void setbuf(FILE *f, char *buf) { setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ); }
int remove(const char *path) {
  if (unlink(path) == 0) return 0;
  if (errno == EISDIR) return rmdir(path);
  return -1;
}
