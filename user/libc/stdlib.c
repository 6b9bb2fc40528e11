/* stdlib.c — program start/exit, number parsing, environment, qsort, getauxval. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include <signal.h>
#include <sys/auxv.h>

int main(int argc, char **argv, char **envp);
void __stdio_flush_all(void);

static void (*atexit_fns[8])(void);
static int n_atexit;

unsigned long *__auxv; /* after envp's NULL on the initial stack; see getauxval */

/* Called by crt0 with the values from the initial stack. */
__attribute__((noreturn)) void __libc_start(int argc, char **argv, char **envp) {
  environ = envp;
  char **e = envp;
  while (*e) e++;
  __auxv = (unsigned long *)(e + 1);
  exit(main(argc, argv, envp));
}
int atexit(void (*fn)(void)) {
  if (n_atexit == 8) return -1;
  atexit_fns[n_atexit++] = fn;
  return 0;
}
void exit(int status) {
  while (n_atexit > 0) atexit_fns[--n_atexit]();
  __stdio_flush_all();
  _exit(status);
}
void abort(void) {
  raise(6);
  _exit(134);
}


int abs(int x) { return x < 0 ? -x : x; }

unsigned long getauxval(unsigned long type) {
  for (unsigned long *a = __auxv; a[0] != AT_NULL; a += 2)
    if (a[0] == type) return a[1];
  errno = ENOENT;
  return 0;
}

unsigned long long __strtoull(const char *s, char **end, int base, int *neg) {
  const char *orig = s;
  while (isspace(*s)) s++;
  *neg = 0;
  if (*s == '-' || *s == '+') *neg = *s++ == '-';
  if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit(s[2])) {
    s += 2;
    base = 16;
  } else if (base == 0) {
    base = s[0] == '0' ? 8 : 10;
  }
  unsigned long long v = 0;
  const char *start = s;
  for (;; s++) {
    int d;
    if (isdigit(*s)) d = *s - '0';
    else if (isalpha(*s)) d = tolower(*s) - 'a' + 10;
    else break;
    if (d >= base) break;
    v = v * (unsigned)base + (unsigned)d;
  }
  if (end) *end = (char *)(s == start ? orig : s); /* no digits: nothing was converted */
  return v;
}
long long strtoll(const char *s, char **end, int base) {
  int neg;
  unsigned long long v = __strtoull(s, end, base, &neg);
  return neg ? -(long long)v : (long long)v;
}
long strtol(const char *s, char **end, int base) { return (long)strtoll(s, end, base); }
unsigned long strtoul(const char *s, char **end, int base) { return (unsigned long)strtoll(s, end, base); }
int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }

char *getenv(const char *name) {
  size_t n = strlen(name);
  if (!environ) return 0;
  for (char **e = environ; *e; e++)
    if (!strncmp(*e, name, n) && (*e)[n] == '=') return *e + n + 1;
  return 0;
}
static int env_owned;
/* Make environ a malloc'd array we may grow; returns its length. */
static int own_env(void) {
  int n = 0;
  while (environ && environ[n]) n++;
  if (!env_owned) {
    char **ne = malloc(sizeof(char *) * (size_t)(n + 1));
    if (!ne) return -1;
    for (int i = 0; i < n; i++) ne[i] = environ[i];
    ne[n] = 0;
    environ = ne;
    env_owned = 1;
  }
  return n;
}
int unsetenv(const char *name) {
  size_t l = strlen(name);
  int n = own_env();
  if (n < 0) return -1;
  for (int i = 0; i < n; i++) {
    if (!strncmp(environ[i], name, l) && environ[i][l] == '=') {
      memmove(&environ[i], &environ[i + 1], sizeof(char *) * (size_t)(n - i));
      n--;
      i--;
    }
  }
  return 0;
}
int setenv(const char *name, const char *value, int overwrite) {
  if (!name[0] || strchr(name, '=')) { errno = EINVAL; return -1; }
  if (getenv(name) && !overwrite) return 0;
  unsetenv(name);
  int n = own_env();
  if (n < 0) return -1;
  size_t ln = strlen(name), lv = strlen(value);
  char *s = malloc(ln + lv + 2);
  char **ne = realloc(environ, sizeof(char *) * (size_t)(n + 2));
  if (!s || !ne) return -1;
  memcpy(s, name, ln);
  s[ln] = '=';
  memcpy(s + ln + 1, value, lv + 1);
  environ = ne;
  environ[n] = s;
  environ[n + 1] = 0;
  return 0;
}

static void swap_bytes(char *a, char *b, size_t n) {
  while (n--) { char t = *a; *a++ = *b; *b++ = t; }
}
/* Shell sort: small, no recursion, good enough for directory listings. */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  char *b = base;
  for (size_t gap = n / 2; gap > 0; gap /= 2)
    for (size_t i = gap; i < n; i++)
      for (size_t j = i; j >= gap && cmp(b + (j - gap) * size, b + j * size) > 0; j -= gap)
        swap_bytes(b + (j - gap) * size, b + j * size, size);
}
