/* minirt: _start, raw system calls, string functions, printf, malloc.
 * See minirt.h. Kept small and obvious: it is test scaffolding, not a libc. */
#include "minirt.h"

char **environ;
unsigned int *__auxv;
int main(int argc, char **argv, char **envp);

/* The kernel leaves sp pointing at argc; pass it to C untouched (it is 16-byte aligned). */
__asm__(".text\n.globl _start\n_start:\n  mv a0, sp\n  call __start_c\n  unimp\n");

__attribute__((used, noreturn)) void __start_c(unsigned int *sp) {
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  char **envp = argv + argc + 1;
  char **e = envp;
  while (*e) e++;
  environ = envp;
  __auxv = (unsigned int *)(e + 1);
  exit(main(argc, argv, envp));
}

long __syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  register long a5 __asm__("a5") = f;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
  return a0;
}

unsigned long getauxval(unsigned long key) {
  for (unsigned int *a = __auxv; a[0] != 0; a += 2)
    if (a[0] == key) return a[1];
  return 0;
}

ssize_t read(int fd, void *buf, size_t n) { return syscall3(SYS_read, fd, buf, n); }

/* stdout is buffered and flushed at newline, when full, and at exit. */
static char outbuf[1024];
static size_t outlen;

static void flush(void) {
  size_t done = 0;
  while (done < outlen) {
    long r = syscall3(SYS_write, 1, outbuf + done, outlen - done);
    if (r <= 0) break;
    done += (size_t)r;
  }
  outlen = 0;
}

ssize_t write(int fd, const void *buf, size_t n) {
  if (fd == 1) flush();
  return syscall3(SYS_write, fd, buf, n);
}

void exit(int status) {
  flush();
  for (;;) syscall1(SYS_exit_group, status);
}

static void putch(char c) {
  if (outlen == sizeof outbuf) flush();
  outbuf[outlen++] = c;
  if (c == '\n') flush();
}

int puts(const char *s) {
  while (*s) putch(*s++);
  putch('\n');
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}
int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}
int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}
char *strcpy(char *d, const char *s) {
  char *r = d;
  while ((*d++ = *s++)) {}
  return r;
}
char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return NULL;
  }
}
char *strrchr(const char *s, int c) {
  const char *last = NULL;
  for (;; s++) {
    if (*s == (char)c) last = s;
    if (!*s) return (char *)last;
  }
}
/* The compiler may turn loops into calls to these, so they must not be written as such loops
 * in a way it would turn back into themselves: volatile pointers prevent that. */
void *memcpy(void *d, const void *s, size_t n) {
  volatile unsigned char *dp = d;
  const unsigned char *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}
void *memmove(void *d, const void *s, size_t n) {
  volatile unsigned char *dp = d;
  const unsigned char *sp = s;
  if (dp < sp) {
    while (n--) *dp++ = *sp++;
  } else {
    while (n--) dp[n] = sp[n];
  }
  return d;
}
void *memset(void *d, int c, size_t n) {
  volatile unsigned char *dp = d;
  while (n--) *dp++ = (unsigned char)c;
  return d;
}
int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

static void putu(unsigned int v, unsigned int base, int width, char pad) {
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (width-- > n) putch(pad);
  while (n) putch(tmp[--n]);
}

int printf(const char *fmt, ...) {
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putch(*fmt);
      continue;
    }
    char pad = ' ';
    int width = 0;
    fmt++;
    if (*fmt == '0') pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    switch (*fmt) {
      case 'd': {
        int v = __builtin_va_arg(ap, int);
        if (v < 0) {
          putch('-');
          putu(0u - (unsigned int)v, 10, width - 1, pad);
        } else {
          putu((unsigned int)v, 10, width, pad);
        }
        break;
      }
      case 'u': putu(__builtin_va_arg(ap, unsigned int), 10, width, pad); break;
      case 'x': putu(__builtin_va_arg(ap, unsigned int), 16, width, pad); break;
      case 'c': putch((char)__builtin_va_arg(ap, int)); break;
      case 's': {
        const char *s = __builtin_va_arg(ap, const char *);
        int len = (int)strlen(s);
        while (width-- > len) putch(' ');
        while (*s) putch(*s++);
        break;
      }
      case '%': putch('%'); break;
      default: putch('%'); putch(*fmt); break;
    }
  }
  __builtin_va_end(ap);
  return 0;
}

/* malloc: a first-fit free list over memory obtained with brk. Each block has an 8-byte
 * header (size including header, and a free flag); adjacent free blocks are merged. */
struct block {
  size_t size;
  size_t free;
};
static struct block *heap_start, *heap_end;

static void *sbrk(size_t n) {
  static char *cur;
  if (!cur) cur = (char *)syscall1(SYS_brk, 0);
  char *want = cur + n;
  if ((char *)syscall1(SYS_brk, want) != want) return NULL;
  char *old = cur;
  cur = want;
  return old;
}

void *malloc(size_t n) {
  size_t need = ((n + 7) & ~7u) + sizeof(struct block);
  if (n > 0x10000000) return NULL;
  for (struct block *b = heap_start; b && b < heap_end; b = (struct block *)((char *)b + b->size)) {
    if (!b->free) continue;
    struct block *next = (struct block *)((char *)b + b->size);
    while (next < heap_end && next->free) {
      b->size += next->size;
      next = (struct block *)((char *)b + b->size);
    }
    if (b->size >= need) {
      if (b->size - need >= 32) {
        struct block *rest = (struct block *)((char *)b + need);
        rest->size = b->size - need;
        rest->free = 1;
        b->size = need;
      }
      b->free = 0;
      return b + 1;
    }
  }
  struct block *b = sbrk(need);
  if (!b) return NULL;
  if (!heap_start) heap_start = b;
  heap_end = (struct block *)((char *)b + need);
  b->size = need;
  b->free = 0;
  return b + 1;
}

void free(void *p) {
  if (p) ((struct block *)p - 1)->free = 1;
}

void *calloc(size_t n, size_t size) {
  if (size && n > 0xffffffffu / size) return NULL;
  void *p = malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  size_t have = ((struct block *)p - 1)->size - sizeof(struct block);
  if (have >= n) return p;
  void *q = malloc(n);
  if (q) {
    memcpy(q, p, have);
    free(p);
  }
  return q;
}
