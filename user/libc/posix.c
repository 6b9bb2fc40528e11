/* posix.c — the smaller POSIX calls: sysconf/pathconf, the execl family, file calls (access,
 * fsync, truncate, chmod, links, lockf), temporary files, system, getopt, rand, and small
 * stdlib helpers. */
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syscall.h>

long sysconf(int name) {
  switch (name) {
    case _SC_ARG_MAX: return ARG_MAX;
    case _SC_CHILD_MAX: return CHILD_MAX;
    case _SC_CLK_TCK: return 100;
    case _SC_NGROUPS_MAX: return NGROUPS_MAX;
    case _SC_OPEN_MAX: return OPEN_MAX;
    case _SC_STREAM_MAX: return 16;
    case _SC_TZNAME_MAX: return 6;
    case _SC_PAGESIZE: return 4096;
    case _SC_LINE_MAX: return LINE_MAX;
    case _SC_RTSIG_MAX: return SIGRTMAX - SIGRTMIN + 1;
    case _SC_SIGQUEUE_MAX: return SIGQUEUE_MAX;
    case _SC_NPROCESSORS_CONF: case _SC_NPROCESSORS_ONLN: return 1;
    case _SC_PHYS_PAGES: return 65536;
    case _SC_HOST_NAME_MAX: return HOST_NAME_MAX;
    case _SC_LOGIN_NAME_MAX: return LOGIN_NAME_MAX;
    case _SC_TTY_NAME_MAX: return TTY_NAME_MAX;
    case _SC_SYMLOOP_MAX: return 40;
    case _SC_TIMER_MAX: return TIMER_MAX;
    case _SC_DELAYTIMER_MAX: return DELAYTIMER_MAX;
    case _SC_TIMERS: return _POSIX_TIMERS;
    case _SC_SEM_NSEMS_MAX: case _SC_SEM_VALUE_MAX:
    case _SC_AIO_LISTIO_MAX: case _SC_AIO_MAX: case _SC_MQ_OPEN_MAX: return -1;
    case _SC_AIO_PRIO_DELTA_MAX: return 0;
    case _SC_MQ_PRIO_MAX: return 32768;
    case _SC_VERSION: return _POSIX_VERSION;
    case _SC_2_VERSION: return _POSIX2_VERSION;
    case _SC_XOPEN_VERSION: return _XOPEN_VERSION;
    case _SC_XOPEN_UNIX: return _XOPEN_UNIX;
    case _SC_JOB_CONTROL: return _POSIX_JOB_CONTROL;
    case _SC_SAVED_IDS: return _POSIX_SAVED_IDS;
    case _SC_REALTIME_SIGNALS: return _POSIX_REALTIME_SIGNALS;
    case _SC_PRIORITY_SCHEDULING: return _POSIX_PRIORITY_SCHEDULING;
    case _SC_FSYNC: return _POSIX_FSYNC;
    case _SC_SYNCHRONIZED_IO: return _POSIX_SYNCHRONIZED_IO;
    case _SC_MEMLOCK: return _POSIX_MEMLOCK;
    case _SC_MEMLOCK_RANGE: return _POSIX_MEMLOCK_RANGE;
    case _SC_MEMORY_PROTECTION: return _POSIX_MEMORY_PROTECTION;
    case _SC_MONOTONIC_CLOCK: return _POSIX_MONOTONIC_CLOCK;
    case _SC_CLOCK_SELECTION: return _POSIX_CLOCK_SELECTION;
    case _SC_CPUTIME: return _POSIX_CPUTIME;
    case _SC_ASYNCHRONOUS_IO: case _SC_PRIORITIZED_IO: case _SC_MAPPED_FILES:
    case _SC_MESSAGE_PASSING: case _SC_SEMAPHORES: case _SC_SHARED_MEMORY_OBJECTS: case _SC_THREADS:
    case _SC_THREAD_CPUTIME: case _SC_TIMEOUTS: case _SC_SPAWN: return -1;
  }
  errno = EINVAL;
  return -1;
}
long fpathconf(int fd, int name) {
  (void)fd;
  switch (name) {
    case _PC_LINK_MAX: return LINK_MAX;
    case _PC_MAX_CANON: return MAX_CANON;
    case _PC_MAX_INPUT: return MAX_INPUT;
    case _PC_NAME_MAX: return NAME_MAX;
    case _PC_PATH_MAX: return PATH_MAX;
    case _PC_PIPE_BUF: return PIPE_BUF;
    case _PC_CHOWN_RESTRICTED: return 1;
    case _PC_NO_TRUNC: return 1;
    case _PC_VDISABLE: return 0;
  }
  errno = EINVAL;
  return -1;
}
long pathconf(const char *path, int name) {
  struct stat st;
  if (stat(path, &st) < 0) return -1;
  return fpathconf(-1, name);
}
int getpagesize(void) { return 4096; }

/* ---- execl family: the argument list becomes an argv array on the stack ---- */
#define EXECL_MAX 256
static int collect(const char *arg, va_list ap, char **argv, char ***envp) {
  int n = 0;
  argv[n++] = (char *)arg;
  while (arg) {
    if (n == EXECL_MAX) { errno = E2BIG; return -1; }
    arg = va_arg(ap, const char *);
    argv[n++] = (char *)arg;
  }
  if (envp) *envp = va_arg(ap, char **);
  return 0;
}
int execl(const char *path, const char *arg, ...) {
  char *argv[EXECL_MAX + 1];
  va_list ap;
  va_start(ap, arg);
  int r = collect(arg, ap, argv, 0);
  va_end(ap);
  return r < 0 ? r : execv(path, argv);
}
int execlp(const char *file, const char *arg, ...) {
  char *argv[EXECL_MAX + 1];
  va_list ap;
  va_start(ap, arg);
  int r = collect(arg, ap, argv, 0);
  va_end(ap);
  return r < 0 ? r : execvp(file, argv);
}
int execle(const char *path, const char *arg, ...) {
  char *argv[EXECL_MAX + 1], **envp;
  va_list ap;
  va_start(ap, arg);
  int r = collect(arg, ap, argv, &envp);
  va_end(ap);
  return r < 0 ? r : execve(path, argv, envp);
}

/* ---- files ---- */
int faccessat(int dirfd, const char *path, int mode, int flags) {
  return __syscall_ret(flags ? __syscall4(439, dirfd, path, mode, flags) : __syscall3(48, dirfd, path, mode));
}
int access(const char *path, int mode) { return faccessat(AT_FDCWD, path, mode, 0); }
int fsync(int fd) { return __syscall_ret(__syscall1(82, fd)); }
int fdatasync(int fd) { return __syscall_ret(__syscall1(83, fd)); }
void sync(void) { __syscall0(81); }
int ftruncate(int fd, off_t len) { return __syscall_ret(__syscall3(46, fd, len, len < 0 ? -1 : 0)); }
int truncate(const char *path, off_t len) { return __syscall_ret(__syscall3(45, path, len, len < 0 ? -1 : 0)); }
int chmod(const char *path, mode_t mode) { return __syscall_ret(__syscall3(53, AT_FDCWD, path, mode)); }
int fchmod(int fd, mode_t mode) { return __syscall_ret(__syscall2(52, fd, mode)); }
mode_t umask(mode_t mask) { return (mode_t)__syscall1(166, mask); }
int mkfifo(const char *path, mode_t mode) { return __syscall_ret(__syscall4(33, AT_FDCWD, path, mode | S_IFIFO, 0)); }
int link(const char *from, const char *to) { return __syscall_ret(__syscall5(37, AT_FDCWD, from, AT_FDCWD, to, 0)); }
int symlink(const char *target, const char *path) { return __syscall_ret(__syscall3(36, target, AT_FDCWD, path)); }
ssize_t readlink(const char *path, char *buf, size_t n) { return __syscall_ret(__syscall4(78, AT_FDCWD, path, buf, n)); }
int chown(const char *path, uid_t u, gid_t g) { return __syscall_ret(__syscall5(54, AT_FDCWD, path, u, g, 0)); }
int lchown(const char *path, uid_t u, gid_t g) { return __syscall_ret(__syscall5(54, AT_FDCWD, path, u, g, AT_SYMLINK_NOFOLLOW)); }
int fchown(int fd, uid_t u, gid_t g) { return __syscall_ret(__syscall3(55, fd, u, g)); }
int fchdir(int fd) { return __syscall_ret(__syscall1(50, fd)); }
int nice(int inc) {
  /* getpriority returns 20 - nice; setpriority takes the nice value. */
  long cur = __syscall2(141, 0, 0);
  if (cur < 0) return __syscall_ret(cur);
  int want = 20 - (int)cur + inc;
  if (want > 19) want = 19;
  if (want < -20) want = -20;
  if (__syscall_ret(__syscall3(140, 0, 0, want)) < 0) return -1;
  return want;
}
int gethostname(char *name, size_t n) {
  char u[65 * 6];
  if (__syscall_ret(__syscall1(160, u)) < 0) return -1;
  size_t l = strlen(u + 65);
  if (l + 1 > n) { errno = ENAMETOOLONG; return -1; }
  memcpy(name, u + 65, l + 1);
  return 0;
}
char *ttyname(int fd) {
  static char buf[32];
  if (!isatty(fd)) { errno = ENOTTY; return 0; }
  char link[32];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, sizeof buf - 1);
  if (n < 0) { strcpy(buf, "/dev/tty"); return buf; }
  buf[n] = 0;
  return buf;
}
int lockf(int fd, int cmd, off_t len) {
  struct flock l = {F_WRLCK, SEEK_CUR, 0, len, 0};
  switch (cmd) {
    case F_ULOCK: l.l_type = F_UNLCK; return fcntl(fd, F_SETLK, &l);
    case F_LOCK: return fcntl(fd, F_SETLKW, &l);
    case F_TLOCK: return fcntl(fd, F_SETLK, &l);
    case F_TEST:
      l.l_type = F_RDLCK;
      if (fcntl(fd, F_GETLK, &l) < 0) return -1;
      if (l.l_type == F_UNLCK || l.l_pid == getpid()) return 0;
      errno = EACCES;
      return -1;
  }
  errno = EINVAL;
  return -1;
}

/* ---- memory and scheduling ---- */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  long r = __syscall6(222, (long)addr, (long)len, prot, flags, fd, off / 4096);
  if (r < 0 && r > -4096) { errno = (int)-r; return MAP_FAILED; }
  return (void *)r;
}
int munmap(void *addr, size_t len) { return __syscall_ret(__syscall2(215, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { return __syscall_ret(__syscall3(226, addr, len, prot)); }
int msync(void *addr, size_t len, int flags) { return __syscall_ret(__syscall3(227, addr, len, flags)); }
int mlock(const void *addr, size_t len) { return __syscall_ret(__syscall2(228, addr, len)); }
int munlock(const void *addr, size_t len) { return __syscall_ret(__syscall2(229, addr, len)); }
int mlockall(int flags) { return __syscall_ret(__syscall1(230, flags)); }
int munlockall(void) { return __syscall_ret(__syscall0(231)); }
int madvise(void *addr, size_t len, int advice) { return __syscall_ret(__syscall3(233, addr, len, advice)); }
int posix_madvise(void *addr, size_t len, int advice) {
  long r = __syscall3(233, addr, len, advice);
  return r < 0 ? (int)-r : 0;
}
int sched_get_priority_max(int policy) { return __syscall_ret(__syscall1(125, policy)); }
int sched_get_priority_min(int policy) { return __syscall_ret(__syscall1(126, policy)); }
int sched_getparam(pid_t pid, struct sched_param *p) { return __syscall_ret(__syscall2(121, pid, p)); }
int sched_setparam(pid_t pid, const struct sched_param *p) { return __syscall_ret(__syscall2(118, pid, p)); }
int sched_getscheduler(pid_t pid) { return __syscall_ret(__syscall1(120, pid)); }
int sched_setscheduler(pid_t pid, int policy, const struct sched_param *p) { return __syscall_ret(__syscall3(119, pid, policy, p)); }
int sched_rr_get_interval(pid_t pid, struct timespec *t) { return __syscall_ret(__syscall2(423, pid, t)); }

/* ---- temporary files ---- */
static unsigned tmp_counter;
/* Fill the trailing XXXXXX of tmpl (EINVAL without them) with a new name, try `make`, retry on EEXIST. */
static int make_temp(char *tmpl, int (*make)(const char *)) {
  size_t l = strlen(tmpl);
  if (l < 6 || strcmp(tmpl + l - 6, "XXXXXX")) { errno = EINVAL; return -1; }
  static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (int tries = 0; tries < 1000; tries++) {
    unsigned v = (unsigned)getpid() * 2654435761u + ++tmp_counter * 40503u;
    for (int i = 0; i < 6; i++) { tmpl[l - 6 + i] = set[v % 62]; v = v / 62 + (unsigned)i * 977u + tmp_counter; }
    int r = make(tmpl);
    if (r >= 0 || errno != EEXIST) return r;
  }
  errno = EEXIST;
  return -1;
}
static int make_file(const char *p) { return open(p, O_RDWR | O_CREAT | O_EXCL, 0600); }
static int make_dir(const char *p) { return mkdir(p, 0700); }
static int make_none(const char *p) {
  struct stat st;
  if (stat(p, &st) == 0) { errno = EEXIST; return -1; }
  return 0;
}
int mkstemp(char *tmpl) { return make_temp(tmpl, make_file); }
char *mkdtemp(char *tmpl) { return make_temp(tmpl, make_dir) < 0 ? 0 : tmpl; }
char *mktemp(char *tmpl) {
  if (make_temp(tmpl, make_none) < 0) tmpl[0] = 0;
  return tmpl;
}

/* system: sh -c cmd with SIGINT/SIGQUIT ignored and SIGCHLD blocked while it runs (POSIX). */
int system(const char *cmd) {
  if (!cmd) return 1;
  struct sigaction ign, oint, oquit;
  sigset_t chld, omask;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ign, &oint);
  sigaction(SIGQUIT, &ign, &oquit);
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &omask);
  int status = -1;
  pid_t pid = fork();
  if (pid == 0) {
    sigaction(SIGINT, &oint, 0);
    sigaction(SIGQUIT, &oquit, 0);
    sigprocmask(SIG_SETMASK, &omask, 0);
    execl("/bin/sh", "sh", "-c", cmd, (char *)0);
    _exit(127);
  }
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  sigaction(SIGINT, &oint, 0);
  sigaction(SIGQUIT, &oquit, 0);
  sigprocmask(SIG_SETMASK, &omask, 0);
  return pid < 0 ? -1 : status;
}

/* ---- getopt (POSIX: no permutation, "+"/":" prefixes honoured) ---- */
char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos = 1;
int getopt(int argc, char *const argv[], const char *opts) {
  if (optind == 0) { optind = 1; optpos = 1; }
  if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || !argv[optind][1]) return -1;
  if (!strcmp(argv[optind], "--")) { optind++; return -1; }
  if (*opts == '+') opts++;
  int quiet = *opts == ':';
  char c = argv[optind][optpos];
  const char *o = c == ':' ? 0 : strchr(opts, c);
  optopt = c;
  if (!argv[optind][++optpos]) { optind++; optpos = 1; }
  if (!o) {
    if (opterr && !quiet) fprintf(stderr, "%s: illegal option -- %c\n", argv[0], c);
    return '?';
  }
  if (o[1] == ':') {
    if (optpos > 1) { optarg = (char *)argv[optind] + optpos; optind++; optpos = 1; }
    else if (optind < argc) optarg = argv[optind++];
    else {
      if (quiet) return ':';
      if (opterr) fprintf(stderr, "%s: option requires an argument -- %c\n", argv[0], c);
      return '?';
    }
  }
  return c;
}

/* ---- rand: the POSIX example generator (rand) and a 32-bit LCG for random ---- */
static unsigned long rand_next = 1;
int rand_r(unsigned *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return (int)((*seed >> 1) & RAND_MAX);
}
int rand(void) {
  unsigned s = (unsigned)rand_next;
  int r = rand_r(&s);
  rand_next = s;
  return r;
}
void srand(unsigned seed) { rand_next = seed; }
long random(void) { return rand(); }
void srandom(unsigned seed) { srand(seed); }

/* ---- small stdlib helpers ---- */
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
intmax_t imaxabs(intmax_t x) { return x < 0 ? -x : x; }
div_t div(int a, int b) { return (div_t){a / b, a % b}; }
ldiv_t ldiv(long a, long b) { return (ldiv_t){a / b, a % b}; }
unsigned long long __strtoull(const char *s, char **end, int base, int *neg);
unsigned long long strtoull(const char *s, char **end, int base) {
  int neg;
  unsigned long long v = __strtoull(s, end, base, &neg);
  return neg ? -v : v;
}
intmax_t strtoimax(const char *s, char **end, int base) { return strtoll(s, end, base); }
uintmax_t strtoumax(const char *s, char **end, int base) { return strtoull(s, end, base); }
void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  const char *b = base;
  while (n > 0) {
    const char *mid = b + (n / 2) * size;
    int c = cmp(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) { b = mid + size; n -= n / 2 + 1; }
    else n /= 2;
  }
  return 0;
}
int putenv(char *s) {
  char *eq = strchr(s, '=');
  if (!eq) return unsetenv(s);
  char name[256];
  size_t l = (size_t)(eq - s);
  if (l >= sizeof name) { errno = EINVAL; return -1; }
  memcpy(name, s, l);
  name[l] = 0;
  return setenv(name, eq + 1, 1);
}
