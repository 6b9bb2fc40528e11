/* sys.c — thin C wrappers over the system calls (errno convention), plus fork/exec/wait helpers. */
#include <syscall.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>

int errno;
char **environ;

long __syscall_ret(long r) {
  if (r < 0 && r > -4096) { errno = (int)-r; return -1; }
  return r;
}

ssize_t read(int fd, void *buf, size_t n) { return __syscall_ret(__syscall3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return __syscall_ret(__syscall3(SYS_write, fd, buf, n)); }
int close(int fd) { return __syscall_ret(__syscall1(SYS_close, fd)); }

int llseek(int fd, long long off, long long *res, int whence) {
  return __syscall_ret(__syscall5(SYS_llseek, fd, (long)(off >> 32), (long)(off & 0xffffffff), res, whence));
}
off_t lseek(int fd, off_t off, int whence) {
  long long res;
  if (llseek(fd, off, &res, whence) < 0) return -1;
  return (off_t)res;
}
int pipe2(int fds[2], int flags) { return __syscall_ret(__syscall2(SYS_pipe2, fds, flags)); }
int pipe(int fds[2]) { return pipe2(fds, 0); }
int dup(int fd) { return __syscall_ret(__syscall1(SYS_dup, fd)); }
int dup3(int a, int b, int flags) { return __syscall_ret(__syscall3(SYS_dup3, a, b, flags)); }
int dup2(int a, int b) {
  if (a == b) return fcntl(a, F_GETFD) < 0 ? -1 : b;
  return dup3(a, b, 0);
}
pid_t fork(void) { return __syscall_ret(__syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0)); }
int execve(const char *p, char *const a[], char *const e[]) { return __syscall_ret(__syscall3(SYS_execve, p, a, e)); }
int execv(const char *p, char *const a[]) { return execve(p, a, environ); }
int execvp(const char *file, char *const argv[]) {
  if (strchr(file, '/')) return execv(file, argv);
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/bin";
  char buf[256];
  int saved = ENOENT;
  while (*path) {
    size_t len = strcspn(path, ":");
    if (len + strlen(file) + 2 <= sizeof buf) {
      memcpy(buf, path, len);
      buf[len] = '/';
      strcpy(buf + len + 1, file);
      execv(buf, argv);
      if (errno != ENOENT) saved = errno;
    }
    path += len;
    if (*path == ':') path++;
  }
  errno = saved;
  return -1;
}
void _exit(int status) {
  for (;;) __syscall1(SYS_exit_group, status);
}
pid_t getpid(void) { return __syscall0(SYS_getpid); }
pid_t getppid(void) { return __syscall0(SYS_getppid); }
int setpgid(pid_t p, pid_t g) { return __syscall_ret(__syscall2(SYS_setpgid, p, g)); }
pid_t getpgid(pid_t p) { return __syscall_ret(__syscall1(SYS_getpgid, p)); }
pid_t getpgrp(void) { return getpgid(0); }
pid_t setsid(void) { return __syscall_ret(__syscall0(SYS_setsid)); }
pid_t getsid(pid_t p) { return __syscall_ret(__syscall1(SYS_getsid, p)); }
int chdir(const char *p) { return __syscall_ret(__syscall1(SYS_chdir, p)); }
char *getcwd(char *buf, size_t n) { return __syscall_ret(__syscall2(SYS_getcwd, buf, n)) < 0 ? 0 : buf; }
int unlink(const char *p) { return __syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, p, 0)); }
int rmdir(const char *p) { return __syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, p, AT_REMOVEDIR)); }
int mkdir(const char *p, mode_t m) { return __syscall_ret(__syscall3(SYS_mkdirat, AT_FDCWD, p, m)); }
int rename(const char *a, const char *b) {
  return __syscall_ret(__syscall5(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 0));
}
int sched_yield(void) { return __syscall_ret(__syscall0(SYS_sched_yield)); }
int kill(pid_t p, int s) { return __syscall_ret(__syscall2(SYS_kill, p, s)); }
int killpg(pid_t g, int s) { return kill(-g, s); }
int raise(int s) { return kill(getpid(), s); }
int uname(struct utsname *u) { return __syscall_ret(__syscall1(SYS_uname, u)); }

int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
  va_end(ap);
  return __syscall_ret(__syscall4(SYS_openat, dirfd, path, flags, mode));
}
int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
  va_end(ap);
  return __syscall_ret(__syscall4(SYS_openat, AT_FDCWD, path, flags, mode));
}
int creat(const char *p, mode_t m) { return open(p, O_WRONLY | O_CREAT | O_TRUNC, m); }
int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  return __syscall_ret(__syscall3(SYS_fcntl64, fd, cmd, arg));
}
int ioctl(int fd, unsigned long req, ...) {
  va_list ap;
  va_start(ap, req);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  return __syscall_ret(__syscall3(SYS_ioctl, fd, req, arg));
}

/* statx into our struct stat: the offsets are those of Linux struct statx. */
static int do_statx(int dirfd, const char *path, int flags, struct stat *st) {
  unsigned char b[256];
  int r = __syscall_ret(__syscall5(SYS_statx, dirfd, path, flags, 0x7ff, b));
  if (r < 0) return r;
  memset(st, 0, sizeof *st);
  memcpy(&st->st_nlink, b + 16, 4);
  memcpy(&st->st_uid, b + 20, 4);
  memcpy(&st->st_gid, b + 24, 4);
  unsigned short mode;
  memcpy(&mode, b + 28, 2);
  st->st_mode = mode;
  memcpy(&st->st_ino, b + 32, 8);
  memcpy(&st->st_size, b + 40, 8);
  memcpy(&st->st_mtime, b + 112, 8);
  memcpy(&st->st_blksize, b + 4, 4);
  memcpy(&st->st_rdev_major, b + 128, 4);
  memcpy(&st->st_rdev_minor, b + 132, 4);
  return 0;
}
int stat(const char *p, struct stat *st) { return do_statx(AT_FDCWD, p, 0, st); }
int lstat(const char *p, struct stat *st) { return do_statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, st); }
int fstat(int fd, struct stat *st) { return do_statx(fd, "", AT_EMPTY_PATH, st); }

int waitid(int idtype, int id, siginfo_t *info, int options) {
  return __syscall_ret(__syscall5(SYS_waitid, idtype, id, info, options, 0));
}
pid_t waitpid(pid_t pid, int *status, int options) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int idtype = P_PID, id = pid;
  if (pid == -1) { idtype = P_ALL; id = 0; }
  else if (pid == 0) { idtype = P_PGID; id = getpgrp(); }
  else if (pid < -1) { idtype = P_PGID; id = -pid; }
  int opts = WEXITED | (options & (WNOHANG | WUNTRACED | WCONTINUED));
  if (waitid(idtype, id, &si, opts) < 0) return -1;
  if (si.si_pid == 0) return 0;
  int st = 0;
  switch (si.si_code) {
    case CLD_EXITED: st = (si.si_status & 0xff) << 8; break;
    case CLD_KILLED: st = si.si_status & 0x7f; break;
    case CLD_DUMPED: st = (si.si_status & 0x7f) | 0x80; break;
    case CLD_STOPPED: case 4: st = ((si.si_status & 0xff) << 8) | 0x7f; break;
    case CLD_CONTINUED: st = 0xffff; break;
  }
  if (status) *status = st;
  return si.si_pid;
}
pid_t wait(int *status) { return waitpid(-1, status, 0); }

int isatty(int fd) {
  unsigned char t[64];
  return ioctl(fd, 0x5401, t) == 0;
}
pid_t tcgetpgrp(int fd) {
  pid_t p;
  return ioctl(fd, TIOCGPGRP, &p) < 0 ? -1 : p;
}
int tcsetpgrp(int fd, pid_t p) { return ioctl(fd, TIOCSPGRP, &p); }

int clock_gettime(int clk, struct timespec *ts) {
  return __syscall_ret(__syscall2(SYS_clock_gettime64, clk, ts));
}
time_t time(time_t *t) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (t) *t = (time_t)ts.tv_sec;
  return (time_t)ts.tv_sec;
}
int nanosleep(const struct timespec *req, struct timespec *rem) {
  return __syscall_ret(__syscall4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, req, rem));
}
unsigned sleep(unsigned s) {
  struct timespec ts = {s, 0}, rem = {0, 0};
  if (nanosleep(&ts, &rem) < 0) return (unsigned)rem.tv_sec;
  return 0;
}
int usleep(unsigned us) {
  struct timespec ts = {us / 1000000, (long long)(us % 1000000) * 1000};
  return nanosleep(&ts, 0);
}

static unsigned long cur_brk;
int brk(void *addr) {
  unsigned long r = __syscall1(SYS_brk, addr);
  cur_brk = r;
  if (r < (unsigned long)addr) { errno = ENOMEM; return -1; }
  return 0;
}
void *sbrk(long inc) {
  if (!cur_brk) cur_brk = __syscall1(SYS_brk, 0);
  unsigned long old = cur_brk;
  if (inc == 0) return (void *)old;
  if (brk((void *)(old + inc)) < 0) return (void *)-1;
  return (void *)old;
}

int getdents64(int fd, void *buf, size_t n) { return __syscall_ret(__syscall3(SYS_getdents64, fd, buf, n)); }
