/* cf_files.c — files and directories: O_EXCL, lseek past the end, ftruncate, fsync, access, mode
 * bits, mkstemp, rewinddir, unlink while open, rename, dup2, fcntl flags, stdio fseek/ftell. */
#include "cf.h"
#include <fcntl.h>
#include <stdlib.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

int main(void) {
  char dir[] = "/tmp/cfdirXXXXXX";
  CHECK("mkdtemp", mkdtemp(dir) != 0);
  CHECK("chdir into it", chdir(dir) == 0);
  int fd = open("a", O_RDWR | O_CREAT | O_EXCL, 0640);
  CHECK("O_CREAT|O_EXCL creates", fd >= 0);
  errno = 0;
  CHECK("again is EEXIST", open("a", O_RDWR | O_CREAT | O_EXCL, 0640) == -1 && errno == EEXIST);
  struct stat st;
  CHECK("the mode has S_IRUSR|S_IWUSR|S_IRGRP", fstat(fd, &st) == 0 && (st.st_mode & 0777) == (S_IRUSR | S_IWUSR | S_IRGRP) && S_ISREG(st.st_mode));
  CHECK("write", write(fd, "hello", 5) == 5);
  CHECK("lseek past the end", lseek(fd, 10, SEEK_SET) == 10 && write(fd, "x", 1) == 1);
  CHECK("the size includes the hole", fstat(fd, &st) == 0 && st.st_size == 11);
  char buf[16];
  CHECK("the hole reads as zeros", (lseek(fd, 5, SEEK_SET) == 5 && read(fd, buf, 5) == 5 && buf[0] == 0 && buf[4] == 0));
  CHECK("ftruncate shrinks", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);
  CHECK("SEEK_END", lseek(fd, 0, SEEK_END) == 3);
  CHECK("fsync of a file", fsync(fd) == 0 && fdatasync(fd) == 0);
  int p[2];
  pipe(p);
  errno = 0;
  CHECK("fsync of a pipe is EINVAL", fsync(p[0]) == -1 && errno == EINVAL);
  errno = 0;
  CHECK("fsync of a closed fd is EBADF", fsync(99) == -1 && errno == EBADF);
  CHECK("access R_OK|W_OK", access("a", R_OK | W_OK) == 0);
  errno = 0;
  CHECK("access of a missing file is ENOENT", access("nope", F_OK) == -1 && errno == ENOENT);
  CHECK("F_GETFL has O_RDWR", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  CHECK("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
  CHECK("dup2 onto 20", dup2(fd, 20) == 20 && fcntl(20, F_GETFD) == 0);
  CHECK("F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 30) >= 30);
  char tmpl[] = "tXXXXXX";
  int t = mkstemp(tmpl);
  CHECK("mkstemp makes a 0600 file", t >= 0 && fstat(t, &st) == 0 && (st.st_mode & 0777) == 0600 && strncmp(tmpl, "t", 1) == 0 && strcmp(tmpl, "tXXXXXX") != 0);
  errno = 0;
  char bad[] = "nox";
  CHECK("mkstemp without XXXXXX is EINVAL", mkstemp(bad) == -1 && errno == EINVAL);
  CHECK("mkdir", mkdir("sub", 0755) == 0);
  DIR *d = opendir(".");
  int n1 = 0, n2 = 0;
  while (readdir(d)) n1++;
  rewinddir(d);
  while (readdir(d)) n2++;
  closedir(d);
  CHECK("rewinddir reads the same entries again", n1 == 5 && n2 == 5);
  CHECK("rename", rename("a", "b") == 0 && access("a", F_OK) == -1 && access("b", F_OK) == 0);
  CHECK("unlink while open: the data stays readable", unlink("b") == 0 && lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 3) == 3 && memcmp(buf, "hel", 3) == 0);
  errno = 0;
  CHECK("rmdir of a non-empty directory", rmdir(".") == -1);
  CHECK("remove a directory", remove("sub") == 0);
  FILE *f = fopen("s", "w+");
  fputs("line one\nline two\n", f);
  CHECK("ftell after writing", ftell(f) == 18);
  CHECK("fseek back and read", fseek(f, 5, SEEK_SET) == 0 && fgets(buf, sizeof buf, f) && strcmp(buf, "one\n") == 0);
  CHECK("ftell after reading", ftell(f) == 9);
  fclose(f);
  char cwd[PATH_MAX];
  CHECK("getcwd is the directory", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
  unlink("s");
  unlink(tmpl);
  chdir("/");
  CHECK("rmdir the emptied directory", rmdir(dir) == 0);
  return cf_failed ? 1 : 0;
}
