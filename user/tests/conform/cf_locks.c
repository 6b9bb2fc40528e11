/* cf_locks.c — POSIX record locks between processes: F_GETLK reports the holder, F_SETLK fails
 * with EAGAIN on a conflict, F_SETLKW waits for the release, read locks share, unlocking splits a
 * range, closing any descriptor releases the process's locks, and a wait cycle is EDEADLK. */
#include "cf.h"
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>

static int lk(int fd, int cmd, int type, long start, long len) {
  struct flock l = {(short)type, SEEK_SET, start, len, 0};
  return fcntl(fd, cmd, &l);
}
static struct flock probe(int fd, int type, long start, long len) {
  struct flock l = {(short)type, SEEK_SET, start, len, 0};
  fcntl(fd, F_GETLK, &l);
  return l;
}
/* The child's results are kept and printed at its end, after every line of the parent's that
 * comes before the final handshake, so the output's order does not depend on scheduling. */
static char child_out[2048];
#define CCHECK(name, cond) do { size_t n_ = strlen(child_out); \
  snprintf(child_out + n_, sizeof child_out - n_, "%s: %s\n", name, (cond) ? "ok" : "FAILED"); if (!(cond)) cf_failed++; } while (0)
/* Tell the other side something through a pipe and wait for its answer. */
static void say(int fd) { char c = 'x'; write(fd, &c, 1); }
static void hear(int fd) { char c; read(fd, &c, 1); }

int main(void) {
  char path[] = "/tmp/cflockXXXXXX";
  int fd = mkstemp(path);
  CHECK("mkstemp", fd >= 0);
  write(fd, "0123456789abcdefghij", 20);
  int to_child[2], to_parent[2];
  pipe(to_child);
  pipe(to_parent);
  CHECK("write lock on 0..9", lk(fd, F_SETLK, F_WRLCK, 0, 10) == 0);
  CHECK("read lock on 15.. (to EOF)", lk(fd, F_SETLK, F_RDLCK, 15, 0) == 0);
  struct flock me = probe(fd, F_WRLCK, 0, 0);
  CHECK("F_GETLK ignores the caller's own locks", me.l_type == F_UNLCK);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    struct flock l = probe(fd, F_WRLCK, 5, 1);
    CCHECK("child: F_GETLK sees the parent's write lock", l.l_type == F_WRLCK && l.l_pid == parent && l.l_start == 0 && l.l_len == 10);
    l = probe(fd, F_RDLCK, 15, 3);
    CCHECK("child: a read lock does not conflict with a read probe", l.l_type == F_UNLCK);
    l = probe(fd, F_WRLCK, 100, 1);
    CCHECK("child: the read lock to EOF covers offset 100", l.l_type == F_RDLCK && l.l_start == 15 && l.l_len == 0);
    errno = 0;
    CCHECK("child: F_SETLK on a locked range is EAGAIN", lk(fd, F_SETLK, F_WRLCK, 9, 2) == -1 && (errno == EAGAIN || errno == EACCES));
    CCHECK("child: a read lock shares the parent's read lock", lk(fd, F_SETLK, F_RDLCK, 16, 2) == 0);
    CCHECK("child: the range between is free", lk(fd, F_SETLK, F_WRLCK, 10, 5) == 0);
    say(to_parent[1]);
    /* the parent unlocks 0..4 after a pause; F_SETLKW waits for it */
    CCHECK("child: F_SETLKW waits, then gets 2..3", lk(fd, F_SETLKW, F_WRLCK, 2, 2) == 0);
    hear(to_child[0]);
    printf("%s", child_out);
    l = probe(fd, F_WRLCK, 0, 20);
    CHECK("child: the parent's locks went when it closed a descriptor", l.l_type == F_UNLCK);
    _exit(cf_failed);
  }
  hear(to_parent[0]);
  struct flock l = probe(fd, F_WRLCK, 10, 1);
  CHECK("parent: sees the child's lock on 10..14", l.l_type == F_WRLCK && l.l_pid == pid && l.l_start == 10 && l.l_len == 5);
  struct timespec nap = {0, 100000000};
  nanosleep(&nap, 0);
  CHECK("parent: unlocking 0..4 splits its lock", lk(fd, F_SETLK, F_UNLCK, 0, 5) == 0);
  l = probe(fd, F_WRLCK, 0, 1);
  /* the child may already hold 2..3; either way 0 is free and 5..9 still ours */
  CHECK("parent: offset 0 is free", l.l_type == F_UNLCK);
  nanosleep(&nap, 0);
  l = probe(fd, F_WRLCK, 2, 1);
  CHECK("parent: the waiting child got 2..3", l.l_type == F_WRLCK && l.l_pid == pid && l.l_start == 2 && l.l_len == 2);
  int dupfd = dup(fd);
  close(dupfd);
  say(to_child[1]);
  int st;
  waitpid(pid, &st, 0);
  CHECK("child's checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* a cycle of waiters: EDEADLK for the one that would close it */
  CHECK("lock A (0)", lk(fd, F_SETLK, F_WRLCK, 0, 1) == 0);
  pid = fork();
  if (pid == 0) {
    lk(fd, F_SETLK, F_WRLCK, 1, 1); /* B */
    say(to_parent[1]);
    int r = lk(fd, F_SETLKW, F_WRLCK, 0, 1); /* waits for A */
    _exit(r == 0 ? 0 : 10 + errno);
  }
  hear(to_parent[0]);
  nanosleep(&nap, 0);
  errno = 0;
  int r = lk(fd, F_SETLKW, F_WRLCK, 1, 1);
  CHECK("F_SETLKW closing a cycle is EDEADLK", r == -1 && errno == EDEADLK);
  lk(fd, F_SETLK, F_UNLCK, 0, 0);
  waitpid(pid, &st, 0);
  CHECK("the other waiter got its lock", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  errno = 0;
  int rd = open(path, O_RDONLY);
  CHECK("a write lock through a read-only descriptor is EBADF", lk(rd, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EBADF);
  errno = 0;
  struct flock badl = {F_WRLCK, SEEK_SET, -5, 1, 0};
  CHECK("a negative start is EINVAL", fcntl(fd, F_SETLK, &badl) == -1 && errno == EINVAL);
  unlink(path);
  return cf_failed ? 1 : 0;
}
