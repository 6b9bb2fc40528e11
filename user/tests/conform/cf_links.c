/* cf_links.c — symbolic links, hard links and chmod: resolution (relative to the link's directory,
 * absolute, in the middle of a path, 40 links at most), the calls that do not follow a last link
 * (lstat, unlink, rename, readlink, O_NOFOLLOW, O_CREAT|O_EXCL), open(O_CREAT) through a dangling
 * link, the target's length bounds, nlink through link/unlink, EEXIST/EPERM/ENOENT/EXDEV, and
 * chmod: the bits stat shows, access(X_OK), fchmod, and EPERM for a non-owner. */
#include "cf.h"
#include <fcntl.h>
#include <stdlib.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syscall.h>

#define AT_SYMLINK_FOLLOW 0x400
#ifndef ELOOP
#define ELOOP 40 /* the userland's errno.h lacks it (Linux's number) */
#endif

static int linkat5(const char *from, const char *to, int flags) {
  long r = __syscall5(37, AT_FDCWD, from, AT_FDCWD, to, flags);
  if (r < 0) { errno = (int)-r; return -1; }
  return 0;
}

static int put(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
  close(fd);
  return ok ? 0 : -1;
}

/* The file's first bytes as a string ("" when it cannot be read). */
static const char *get(const char *path) {
  static char buf[64];
  buf[0] = 0;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return "";
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  return buf;
}

static int is_err(int r, int e) { return r == -1 && errno == e; }

int main(void) {
  char dir[] = "/tmp/cflinksXXXXXX";
  CHECK("mkdtemp", mkdtemp(dir) != 0);
  CHECK("chdir into it", chdir(dir) == 0);
  umask(022);
  char buf[PATH_MAX];
  struct stat st, st2;
  int fd0;

  /* symbolic links: making, reading, following */
  CHECK("a file", put("f", "hello") == 0);
  CHECK("symlink", symlink("f", "l") == 0);
  ssize_t n = readlink("l", buf, sizeof buf);
  CHECK("readlink gives the target, no NUL", n == 1 && buf[0] == 'f');
  CHECK("lstat: a link of 0777, size = the target's length", lstat("l", &st) == 0 && S_ISLNK(st.st_mode) && (st.st_mode & 07777) == 0777 && st.st_size == 1 && st.st_nlink == 1);
  CHECK("stat follows it", stat("l", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
  CHECK("open follows it", strcmp(get("l"), "hello") == 0);
  CHECK("mkdir", mkdir("d", 0755) == 0);
  CHECK("a relative target is relative to the link's directory", symlink("../f", "d/up") == 0 && strcmp(get("d/up"), "hello") == 0);
  CHECK("a link to a directory in the middle of a path", symlink("d", "ld") == 0 && strcmp(get("ld/up"), "hello") == 0);
  CHECK("'..' after a link is the target's parent", strcmp(get("ld/../f"), "hello") == 0);
  char abs[PATH_MAX];
  snprintf(abs, sizeof abs, "%s/f", dir);
  CHECK("an absolute target", symlink(abs, "d/abs") == 0 && strcmp(get("ld/abs"), "hello") == 0);
  CHECK("a trailing slash follows the last link", lstat("ld/", &st) == 0 && S_ISDIR(st.st_mode) && lstat("ld", &st2) == 0 && S_ISLNK(st2.st_mode));
  DIR *dp = opendir(".");
  struct dirent *e;
  int dtype = -1;
  while (dp && (e = readdir(dp))) if (strcmp(e->d_name, "l") == 0) dtype = e->d_type;
  if (dp) closedir(dp);
  CHECK("readdir: DT_LNK", dtype == DT_LNK);
  errno = 0;
  CHECK("readlink of a file is EINVAL", is_err(readlink("f", buf, sizeof buf), EINVAL));
  CHECK("readlink cuts at the buffer", symlink("abcdef", "six") == 0 && readlink("six", buf, 3) == 3 && memcmp(buf, "abc", 3) == 0);
  errno = 0;
  CHECK("readlink of a missing name is ENOENT", is_err(readlink("nosuch", buf, sizeof buf), ENOENT));
  errno = 0;
  CHECK("symlink onto a name that exists is EEXIST", is_err(symlink("x", "f"), EEXIST));
  errno = 0;
  CHECK("an empty target is ENOENT", is_err(symlink("", "empty"), ENOENT));
  char *big = malloc(4097);
  memset(big, 'x', 4096);
  big[4095] = 0;
  CHECK("a 4095-byte target", symlink(big, "long") == 0 && readlink("long", buf, sizeof buf) == 4095);
  big[4095] = 'x';
  big[4096] = 0;
  errno = 0;
  CHECK("a 4096-byte target is ENAMETOOLONG", is_err(symlink(big, "toolong"), ENAMETOOLONG));
  free(big);

  /* loops */
  CHECK("two links naming each other", symlink("b", "a") == 0 && symlink("a", "b") == 0);
  errno = 0;
  CHECK("open of a loop is ELOOP", is_err(open("a", O_RDONLY), ELOOP));
  errno = 0;
  CHECK("stat of a loop is ELOOP", is_err(stat("a", &st), ELOOP));
  CHECK("lstat of a loop is the link", lstat("a", &st) == 0 && S_ISLNK(st.st_mode));
  int made = 0;
  char name[16], next[16];
  for (int i = 40; i >= 0; i--) {
    snprintf(name, sizeof name, "c%d", i);
    if (i == 40) strcpy(next, "f"); else snprintf(next, sizeof next, "c%d", i + 1);
    made += symlink(next, name) == 0;
  }
  CHECK("a chain of 41 links", made == 41);
  CHECK("40 links are followed", strcmp(get("c1"), "hello") == 0);
  errno = 0;
  CHECK("41 are ELOOP", is_err(open("c0", O_RDONLY), ELOOP));
  errno = 0;
  CHECK("a loop in the middle of a path is ELOOP", is_err(stat("a/x", &st), ELOOP));

  /* the last link not followed */
  errno = 0;
  CHECK("O_NOFOLLOW on a link is ELOOP", is_err(open("l", O_RDONLY | O_NOFOLLOW), ELOOP));
  CHECK("O_NOFOLLOW on a file opens it", (n = open("f", O_RDONLY | O_NOFOLLOW)) >= 0 && close((int)n) == 0);
  errno = 0;
  CHECK("O_CREAT|O_EXCL on a link is EEXIST", is_err(open("l", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST));
  CHECK("a dangling link", symlink("d/made", "dangle") == 0 && stat("dangle", &st) == -1 && errno == ENOENT);
  errno = 0;
  CHECK("O_CREAT|O_EXCL through a dangling link is EEXIST", is_err(open("dangle", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST));
  CHECK("O_CREAT through a dangling link makes its target", (n = open("dangle", O_WRONLY | O_CREAT, 0644)) >= 0 && close((int)n) == 0 && stat("d/made", &st) == 0 && S_ISREG(st.st_mode));
  CHECK("rename moves the link itself", rename("six", "seven") == 0 && readlink("seven", buf, sizeof buf) == 6);
  CHECK("unlink removes the link, not its target", unlink("l") == 0 && stat("f", &st) == 0 && lstat("l", &st) == -1);
  errno = 0;
  CHECK("rmdir of a link to a directory is ENOTDIR", is_err(rmdir("ld"), ENOTDIR));
  errno = 0;
  CHECK("mkdir onto a link is EEXIST", is_err(mkdir("ld", 0755), EEXIST));

  /* hard links */
  CHECK("link", link("f", "h") == 0);
  CHECK("both names: one inode, nlink 2", stat("f", &st) == 0 && stat("h", &st2) == 0 && st.st_ino == st2.st_ino && st.st_nlink == 2 && st2.st_nlink == 2);
  CHECK("a write through one name reads through the other", put("h", "again") == 0 && strcmp(get("f"), "again") == 0);
  CHECK("unlink one: nlink 1, the contents stay", unlink("f") == 0 && stat("h", &st) == 0 && st.st_nlink == 1 && strcmp(get("h"), "again") == 0);
  errno = 0;
  CHECK("link onto an existing name is EEXIST", is_err(link("h", "seven"), EEXIST));
  errno = 0;
  CHECK("link of a directory is EPERM", is_err(link("d", "d2"), EPERM));
  errno = 0;
  CHECK("link of a missing file is ENOENT", is_err(link("nosuch", "n2"), ENOENT));
  errno = 0;
  CHECK("link from another file system is EXDEV", is_err(link("/proc/self/stat", "pst"), EXDEV));
  CHECK("link names a link itself", symlink("h", "lh") == 0 && link("lh", "lh2") == 0 && lstat("lh2", &st) == 0 && S_ISLNK(st.st_mode) && st.st_nlink == 2);
  CHECK("AT_SYMLINK_FOLLOW links its target", linkat5("lh", "hh", AT_SYMLINK_FOLLOW) == 0 && lstat("hh", &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 2);
  errno = 0;
  CHECK("linkat with an unknown flag is EINVAL", is_err(linkat5("h", "bad", 1), EINVAL));

  errno = 0;
  CHECK("a trailing slash after a file is ENOTDIR", is_err(stat("h/", &st), ENOTDIR));
  errno = 0;
  CHECK("'.' after a file is ENOTDIR", is_err(stat("h/.", &st), ENOTDIR));
  errno = 0;
  CHECK("'..' after a file is ENOTDIR", is_err(open("h/..", O_RDONLY), ENOTDIR));
  errno = 0;
  CHECK("readlink with a trailing slash follows the link: ENOTDIR for a file", is_err(readlink("lh/", buf, sizeof buf), ENOTDIR));
  fd0 = open("h", O_RDONLY);
  errno = 0;
  CHECK("linkat of an empty path without AT_EMPTY_PATH is ENOENT", fd0 >= 0 && __syscall5(37, fd0, "", AT_FDCWD, "e2", 0) == -ENOENT);
  close(fd0);

  /* chmod */
  CHECK("chmod 600", chmod("h", 0600) == 0 && stat("h", &st) == 0 && (st.st_mode & 07777) == 0600);
  CHECK("chmod 4755", chmod("h", 04755) == 0 && stat("h", &st) == 0 && (st.st_mode & 07777) == 04755);
  CHECK("access X_OK with an x bit", access("h", X_OK) == 0);
  CHECK("chmod 644", chmod("h", 0644) == 0);
  errno = 0;
  CHECK("access X_OK without one is EACCES", is_err(access("h", X_OK), EACCES));
  errno = 0;
  CHECK("faccessat follows a link to a file without x", is_err(faccessat(AT_FDCWD, "lh", X_OK, 0), EACCES));
  CHECK("faccessat AT_SYMLINK_NOFOLLOW looks at the link (0777)", faccessat(AT_FDCWD, "lh", X_OK, AT_SYMLINK_NOFOLLOW) == 0);
  CHECK("chmod follows a link", chmod("lh", 0640) == 0 && stat("h", &st) == 0 && (st.st_mode & 07777) == 0640 && lstat("lh", &st2) == 0 && (st2.st_mode & 07777) == 0777);
  int fd = open("h", O_RDONLY);
  CHECK("fchmod", fchmod(fd, 0400) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0400);
  close(fd);
  CHECK("chmod of a directory", chmod("d", 0700) == 0 && stat("d", &st) == 0 && (st.st_mode & 07777) == 0700 && chmod("d", 0755) == 0);
  errno = 0;
  CHECK("chmod of a missing file is ENOENT", is_err(chmod("nosuch", 0600), ENOENT));
  if (getuid() == 0) {
    /* root's file, another user: EPERM (the directory searchable by all, so that the call gets as far) */
    chmod(dir, 0755);
    pid_t pid = fork();
    if (pid == 0) {
      if (setuid(1000) != 0) _exit(2);
      _exit(chmod("h", 0777) == -1 && errno == EPERM ? 0 : 1);
    }
    int ws = 0;
    CHECK("chmod by a non-owner is EPERM", waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  } else {
    errno = 0; /* the same rule without root: "/" is root's */
    CHECK("chmod by a non-owner is EPERM", is_err(chmod("/", 0755), EPERM));
  }
  CHECK("the mode is unchanged", stat("h", &st) == 0 && (st.st_mode & 07777) == 0400);

  /* clean up */
  const char *names[] = {"h", "hh", "lh", "lh2", "d/up", "d/abs", "d/made", "ld", "seven", "long", "a", "b", "dangle", 0};
  int bad = 0;
  for (int i = 0; names[i]; i++) bad += unlink(names[i]) != 0;
  for (int i = 0; i <= 40; i++) {
    snprintf(name, sizeof name, "c%d", i);
    bad += unlink(name) != 0;
  }
  CHECK("every name unlinked", bad == 0 && rmdir("d") == 0);
  chdir("/");
  CHECK("rmdir the emptied directory", rmdir(dir) == 0);
  return cf_failed ? 1 : 0;
}
