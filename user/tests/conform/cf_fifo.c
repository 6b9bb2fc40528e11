/* cf_fifo.c — named pipes and the system-information calls: mkfifo/mknodat (types, EEXIST, EPERM,
 * EINVAL), the FIFO open rendezvous (O_NONBLOCK: ENXIO for a writer alone, a reader at once), data,
 * EOF, EAGAIN, EPIPE, unread bytes dropped at the last close, a blocking open interrupted by a signal
 * (EINTR), O_RDWR (never waits), fstat of an end; statfs64/fstatfs64 (sizes, /proc's and a pipe's magic), sync/syncfs,
 * sysinfo, the shape of /proc/meminfo, /proc/uptime, /proc/loadavg and /proc/self/mounts, and
 * sethostname refused to an unprivileged process. Only what Linux and the box both promise: no host
 * figures are compared (and not statfs64's size check: qemu-user does not make it, Linux and the box do). */
#include "cf.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "../../libc/syscall.h"

struct statfs64_rec {
  unsigned type, bsize;
  unsigned long long blocks, bfree, bavail, files, ffree;
  unsigned fsid[2];
  unsigned namelen, frsize, flags, spare[4];
};

struct sysinfo_rec {
  long uptime;
  unsigned long loads[3];
  unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  unsigned short procs, pad;
  unsigned long totalhigh, freehigh;
  unsigned mem_unit;
  char reserved[8];
};

static void on_alarm(int s) { (void)s; }

static long mknod_(const char *path, unsigned mode, unsigned dev) { return __syscall4(33, -100, (long)path, mode, dev); }

/* A small file read whole into buf (NUL-terminated); its length or -1. */
static int slurp(const char *path, char *buf, int cap) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int n = 0, k;
  while (n < cap - 1 && (k = read(fd, buf + n, cap - 1 - n)) > 0) n += k;
  close(fd);
  buf[n] = 0;
  return n;
}

int main(void) {
  char path[64], other[64], buf[4096];
  snprintf(path, sizeof path, "/tmp/cf_fifo.%d", (int)getpid());
  snprintf(other, sizeof other, "/tmp/cf_fifo.%d.n", (int)getpid());
  unlink(path);
  unlink(other);
  umask(022);

  CHECK("mkfifo", mkfifo(path, 0666) == 0);
  struct stat st;
  CHECK("stat: a FIFO, mode & ~umask, size 0", stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0644 && st.st_size == 0);
  errno = 0;
  CHECK("mkfifo of an existing name: EEXIST", mkfifo(path, 0666) == -1 && errno == EEXIST);
  errno = 0;
  CHECK("a writer alone, O_NONBLOCK: ENXIO", open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
  int r = open(path, O_RDONLY | O_NONBLOCK);
  CHECK("a reader, O_NONBLOCK: opens at once", r >= 0);
  CHECK("read with no writer: EOF", read(r, buf, sizeof buf) == 0);
  int w = open(path, O_WRONLY | O_NONBLOCK);
  CHECK("a writer opens once a reader is there", w >= 0);
  errno = 0;
  CHECK("empty with a writer, O_NONBLOCK: EAGAIN", read(r, buf, sizeof buf) == -1 && errno == EAGAIN);
  CHECK("bytes go through", write(w, "abc", 3) == 3 && read(r, buf, sizeof buf) == 3 && memcmp(buf, "abc", 3) == 0);
  struct stat fst;
  CHECK("fstat of an end is the FIFO", fstat(r, &fst) == 0 && S_ISFIFO(fst.st_mode) && fst.st_ino == st.st_ino);
  close(w);
  CHECK("EOF after the writer closes", read(r, buf, sizeof buf) == 0);
  close(r);

  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(path, O_WRONLY); /* waits for the parent's reader */
    if (fd < 0) _exit(1);
    write(fd, "hello", 5);
    close(fd);
    _exit(0);
  }
  r = open(path, O_RDONLY); /* waits for the child's writer, or completes its wait */
  CHECK("a blocking reader and a blocking writer meet", r >= 0);
  int n = 0, k;
  while ((k = read(r, buf + n, sizeof buf - n)) > 0) n += k;
  int status;
  waitpid(pid, &status, 0);
  CHECK("the writer's bytes, then EOF", n == 5 && memcmp(buf, "hello", 5) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(r);

  r = open(path, O_RDONLY | O_NONBLOCK);
  w = open(path, O_WRONLY);
  close(r);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  CHECK("writing with the reader gone: EPIPE", write(w, "x", 1) == -1 && errno == EPIPE);
  signal(SIGPIPE, SIG_DFL);
  close(w);
  r = open(path, O_RDONLY | O_NONBLOCK);
  w = open(path, O_WRONLY);
  write(w, "lost", 4);
  close(w);
  close(r);
  r = open(path, O_RDONLY | O_NONBLOCK);
  CHECK("bytes unread at the last close are gone", read(r, buf, sizeof buf) == 0);
  close(r);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART */
  sigaction(SIGALRM, &sa, 0);
  alarm(1);
  errno = 0;
  CHECK("a blocking open interrupted by a signal: EINTR", open(path, O_RDONLY) == -1 && errno == EINTR);
  errno = 0;
  CHECK("and nothing of it is left: a writer alone still gets ENXIO", open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);

  int rw = open(path, O_RDWR); /* never waits: it is a reader and a writer itself */
  CHECK("O_RDWR opens at once and reads what it wrote", rw >= 0 && write(rw, "rw", 2) == 2 && read(rw, buf, sizeof buf) == 2 && !memcmp(buf, "rw", 2));
  w = open(path, O_WRONLY | O_NONBLOCK);
  CHECK("an O_RDWR end is a reader for other writers", w >= 0);
  close(w);
  close(rw);

  CHECK("mknod S_IFDIR: EPERM", mknod_(other, S_IFDIR | 0755, 0) == -EPERM);
  CHECK("mknod of an unknown type: EINVAL", mknod_(other, 0170000 | 0644, 0) == -EINVAL);
  CHECK("mknod S_IFREG makes a regular file", mknod_(other, S_IFREG | 0600, 0) == 0 && stat(other, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
  CHECK("mknod of an existing name: EEXIST", mknod_(other, S_IFIFO | 0600, 0) == -EEXIST);
  unlink(other);
  CHECK("mknod type 0 makes a regular file", mknod_(other, 0640, 0) == 0 && stat(other, &st) == 0 && S_ISREG(st.st_mode));
  unlink(other);
  CHECK("mknod S_IFIFO", mknod_(other, S_IFIFO | 0600, 0) == 0 && stat(other, &st) == 0 && S_ISFIFO(st.st_mode));
  unlink(other);
  CHECK("unlink the FIFO", unlink(path) == 0 && stat(path, &st) == -1 && errno == ENOENT);

  struct statfs64_rec sf;
  CHECK("statfs64 of /tmp", __syscall3(43, (long)"/tmp", sizeof sf, (long)&sf) == 0 && sf.bsize > 0 && sf.bfree <= sf.blocks && sf.bavail <= sf.bfree && sf.namelen == 255);
  CHECK("statfs64 of a missing path: ENOENT", __syscall3(43, (long)"/tmp/cf_fifo_nosuch/x", sizeof sf, (long)&sf) == -ENOENT);
  CHECK("statfs64 of /proc: PROC_SUPER_MAGIC", __syscall3(43, (long)"/proc", sizeof sf, (long)&sf) == 0 && sf.type == 0x9fa0);
  int p[2];
  pipe(p);
  CHECK("fstatfs64 of a pipe: PIPEFS_MAGIC", __syscall3(44, p[0], sizeof sf, (long)&sf) == 0 && sf.type == 0x50495045);
  CHECK("fstatfs64 of a closed fd: EBADF", __syscall3(44, 99, sizeof sf, (long)&sf) == -EBADF);
  CHECK("sync", __syscall0(81) == 0);
  CHECK("syncfs", __syscall1(267, p[0]) == 0);
  CHECK("syncfs of a closed fd: EBADF", __syscall1(267, 99) == -EBADF);
  close(p[0]);
  close(p[1]);

  struct sysinfo_rec si;
  memset(&si, 0, sizeof si);
  CHECK("sysinfo", __syscall1(179, (long)&si) == 0 && si.procs >= 1 && si.mem_unit >= 1 && si.totalram > 0 && si.freeram <= si.totalram && si.freeswap <= si.totalswap);
  CHECK("/proc/meminfo starts with MemTotal in kB", slurp("/proc/meminfo", buf, sizeof buf) > 0 && !strncmp(buf, "MemTotal:", 9) && strstr(buf, " kB\nMemFree:") != 0 && strstr(buf, "\nMemAvailable:") != 0);
  double up, idle;
  CHECK("/proc/uptime: two numbers with hundredths", slurp("/proc/uptime", buf, sizeof buf) > 0 && sscanf(buf, "%lf %lf", &up, &idle) == 2 && strchr(buf, '.')[3] == ' ');
  double l1, l5, l15;
  int running, total, last;
  CHECK("/proc/loadavg: three loads, running/total, the last pid", slurp("/proc/loadavg", buf, sizeof buf) > 0 && sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &total, &last) == 6 && running >= 1 && total >= running);
  CHECK("/proc/self/mounts names the root", slurp("/proc/self/mounts", buf, sizeof buf) > 0 && strstr(buf, " / ") != 0);

  pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && setuid(65534) != 0) _exit(2);
    _exit(__syscall2(161, (long)"nobody-may", 10) == -EPERM ? 0 : 1);
  }
  waitpid(pid, &status, 0);
  CHECK("sethostname unprivileged: EPERM", WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return cf_failed != 0;
}
