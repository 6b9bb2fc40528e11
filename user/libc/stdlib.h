/* stdlib.h — conversions, malloc (malloc.c), environment, qsort, exit. */
#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
/* align: a power of two (and, for posix_memalign, a multiple of sizeof(void *)), else EINVAL. */
int posix_memalign(void **out, size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
char *getenv(const char *name);
/* setenv/unsetenv keep a private copy of environ (malloc'd). */
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int abs(int x);
long labs(long x);
long long llabs(long long x);
typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
div_t div(int a, int b);
ldiv_t ldiv(long a, long b);
#define RAND_MAX 0x7fffffff
int rand(void);
void srand(unsigned seed);
int rand_r(unsigned *seed);
long random(void);
void srandom(unsigned seed);
unsigned long long strtoull(const char *s, char **end, int base);
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
double atof(const char *s);
/* mkstemp: replaces the trailing XXXXXX of tmpl and creates the file (0600); returns its fd. */
int mkstemp(char *tmpl);
char *mktemp(char *tmpl);
char *mkdtemp(char *tmpl);
int system(const char *cmd);
void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int putenv(char *s);
/* exit: flushes stdio, then _exit. */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);
int atexit(void (*fn)(void));
#endif
