/* stat — file status: `stat [-L] [-c FORMAT] FILE...`. FORMAT (plus a newline) as GNU's for the
 * fields the box keeps: %n name, %N quoted name (with -> target for a link), %s size, %a octal
 * permissions, %A ls-style mode, %f raw mode in hex, %F file type, %h links, %i inode, %u %U uid
 * and its name, %g %G gid and its name, %t %T device major/minor (hex), %o I/O block, %b blocks
 * (512 B), %B 512, %Y %X %Z modification time (seconds; the box keeps one time), %y %x %z as
 * `YYYY-MM-DD hh:mm:ss.000000000 +0000`, %%. Without -c a GNU-like block. -L follows links. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <pwd.h>
#include <grp.h>
#include <sys/stat.h>
#include "args.h"
#include "statblocks.h"

static const char *type_name(unsigned m, long long size) {
  switch (m & S_IFMT) {
    case S_IFREG: return size ? "regular file" : "regular empty file";
    case S_IFDIR: return "directory";
    case S_IFCHR: return "character special file";
    case S_IFBLK: return "block special file";
    case S_IFIFO: return "fifo";
    case S_IFLNK: return "symbolic link";
    case S_IFSOCK: return "socket";
  }
  return "weird file";
}

static void mode_string(unsigned m, char *s) {
  const char *t = "?pc?d?b?-?l?s???";
  s[0] = t[(m >> 12) & 15];
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) s[1 + i] = m & (0400u >> i) ? rwx[i] : '-';
  if (m & S_ISUID) s[3] = m & 0100 ? 's' : 'S';
  if (m & S_ISGID) s[6] = m & 010 ? 's' : 'S';
  if (m & S_ISVTX) s[9] = m & 01 ? 't' : 'T';
  s[10] = 0;
}

static void print_time(long long t) {
  time_t tt = (time_t)t;
  struct tm *tm = gmtime(&tt);
  printf("%04d-%02d-%02d %02d:%02d:%02d.000000000 +0000", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
}

static void user_name(unsigned u) { struct passwd *p = getpwuid(u); if (p) fputs(p->pw_name, stdout); else fputs("UNKNOWN", stdout); }
static void group_name(unsigned g) { struct group *r = getgrgid(g); if (r) fputs(r->gr_name, stdout); else fputs("UNKNOWN", stdout); }

static int follow;

static void show(const char *fmt, const char *name, struct stat *st) {
  char ms[11];
  for (const char *f = fmt; *f; f++) {
    if (*f == '\\' && f[1] == 'n') { putchar('\n'); f++; continue; }
    if (*f == '\\' && f[1] == 't') { putchar('\t'); f++; continue; }
    if (*f != '%') { putchar(*f); continue; }
    f++;
    switch (*f) {
      case 'n': fputs(name, stdout); break;
      case 'N':
        printf("'%s'", name);
        if (S_ISLNK(st->st_mode)) {
          char t[4096];
          ssize_t n = readlink(name, t, sizeof t - 1);
          if (n >= 0) { t[n] = 0; printf(" -> '%s'", t); }
        }
        break;
      case 's': printf("%lld", st->st_size); break;
      case 'a': printf("%o", st->st_mode & 07777); break;
      case 'A': mode_string(st->st_mode, ms); fputs(ms, stdout); break;
      case 'f': printf("%x", st->st_mode); break;
      case 'F': fputs(type_name(st->st_mode, st->st_size), stdout); break;
      case 'h': printf("%u", st->st_nlink); break;
      case 'i': printf("%llu", st->st_ino); break;
      case 'u': printf("%u", st->st_uid); break;
      case 'U': user_name(st->st_uid); break;
      case 'g': printf("%u", st->st_gid); break;
      case 'G': group_name(st->st_gid); break;
      case 't': printf("%x", st->st_rdev_major); break;
      case 'T': printf("%x", st->st_rdev_minor); break;
      case 'o': printf("%u", st->st_blksize); break;
      case 'b': {
        StatBlocks sb; /* the blocks the file system reports (libc's struct stat has none) */
        printf("%llu", stat_blocks(name, follow, &sb) == 0 ? sb.blocks : (unsigned long long)(st->st_size + 511) / 512);
        break;
      }
      case 'B': printf("512"); break;
      case 'X': case 'Y': case 'Z': printf("%lld", st->st_mtime); break;
      case 'x': case 'y': case 'z': print_time(st->st_mtime); break;
      case '%': putchar('%'); break;
      case 0: putchar('%'); f--; break;
      default: putchar('?'); break;
    }
  }
}

int main(int argc, char **argv) {
  ARGS("stat", "[-L] [-c FORMAT] FILE...");
  int c, rc = 0;
  const char *fmt = 0;
  while ((c = opt_next(argc, argv, "Lc:")) != -1) {
    if (c == 'L') follow = 1;
    else fmt = opt_arg;
  }
  if (opt_ind >= argc) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) {
    struct stat st;
    if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
      fprintf(stderr, "stat: %s: %s\n", argv[i], strerror(errno));
      rc = 1;
      continue;
    }
    if (fmt) { show(fmt, argv[i], &st); putchar('\n'); continue; }
    show("  File: %N\n  Size: %s\tBlocks: %b\tIO Block: %o\t%F\n", argv[i], &st);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) show("Inode: %i\tLinks: %h\tDevice type: %t,%T\n", argv[i], &st);
    else show("Inode: %i\tLinks: %h\n", argv[i], &st);
    printf("Access: (%04o/", st.st_mode & 07777);
    show("%A)  Uid: (%u/%U)   Gid: (%g/%G)\nModify: %y\n", argv[i], &st);
  }
  return rc;
}
