/* minirt: the tiny runtime the cryobox guest test programs are linked with.
 * Raw Linux RV32 system calls, _start, a few string functions, a small printf
 * and a first-fit malloc over brk. Self-contained so that the test programs
 * do not depend on the userland libc. */
#ifndef MINIRT_H
#define MINIRT_H

typedef unsigned int size_t;
typedef int ssize_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;
#define NULL ((void *)0)

/* Set by _start before main runs. */
extern char **environ;
extern unsigned int *__auxv;

long __syscall6(long n, long a, long b, long c, long d, long e, long f);
#define syscall0(n) __syscall6((n), 0, 0, 0, 0, 0, 0)
#define syscall1(n, a) __syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b) __syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c) __syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall6(n, a, b, c, d, e, f) \
  __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

enum {
  SYS_ioctl = 29, SYS_openat = 56, SYS_close = 57, SYS_read = 63, SYS_write = 64,
  SYS_readv = 65, SYS_writev = 66, SYS_fstat = 80, SYS_exit = 93, SYS_exit_group = 94,
  SYS_set_tid_address = 96, SYS_clock_gettime = 113, SYS_rt_sigaction = 134,
  SYS_rt_sigprocmask = 135, SYS_uname = 160, SYS_getpid = 172, SYS_brk = 214,
  SYS_clock_gettime64 = 403,
  SYS_munmap = 215, SYS_mmap = 222, SYS_getrandom = 278,
};

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
void exit(int status) __attribute__((noreturn));
unsigned long getauxval(unsigned long key);

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int puts(const char *s);

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

#endif
