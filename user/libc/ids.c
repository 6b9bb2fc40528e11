/* ids.c — user and group ids (one user, root, but set*id follow the Linux rules), process groups
 * (setpgrp), and the user/group databases (pwd.h, grp.h) read from /etc/passwd and /etc/group. */
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <pwd.h>
#include <grp.h>
#include <syscall.h>

uid_t getuid(void) { return (uid_t)__syscall0(174); }
uid_t geteuid(void) { return (uid_t)__syscall0(175); }
gid_t getgid(void) { return (gid_t)__syscall0(176); }
gid_t getegid(void) { return (gid_t)__syscall0(177); }
int setuid(uid_t u) { return __syscall_ret(__syscall1(146, u)); }
int setgid(gid_t g) { return __syscall_ret(__syscall1(144, g)); }
int setreuid(uid_t r, uid_t e) { return __syscall_ret(__syscall2(145, r, e)); }
int setregid(gid_t r, gid_t e) { return __syscall_ret(__syscall2(143, r, e)); }
int seteuid(uid_t u) { return __syscall_ret(__syscall3(147, -1, u, -1)); }
int setegid(gid_t g) { return __syscall_ret(__syscall3(149, -1, g, -1)); }
int getgroups(int n, gid_t *list) { return __syscall_ret(__syscall2(158, n, list)); }
int setgroups(size_t n, const gid_t *list) { return __syscall_ret(__syscall2(159, n, list)); }
int setpgrp(void) { return setpgid(0, 0); }
char *getlogin(void) {
  struct passwd *pw = getpwuid(geteuid());
  return pw ? pw->pw_name : 0;
}

/* ---- /etc/passwd: name:passwd:uid:gid:gecos:dir:shell ---- */
static char pwline[256];
static struct passwd pwent;
static FILE *pwfile;
static int pwdone; /* the built-in root entry was given (no /etc/passwd) */

static int split(char *line, char **f, int n) {
  int i = 0;
  f[i++] = line;
  for (char *p = line; *p && i < n; p++)
    if (*p == ':') { *p = 0; f[i++] = p + 1; }
  char *nl = strchr(f[i - 1], '\n');
  if (nl) *nl = 0;
  return i;
}
void setpwent(void) {
  if (pwfile) fclose(pwfile);
  pwfile = 0;
  pwdone = 0;
}
void endpwent(void) { setpwent(); }
struct passwd *getpwent(void) {
  if (!pwfile && !pwdone) {
    pwfile = fopen("/etc/passwd", "r");
    if (!pwfile) {
      pwdone = 1;
      strcpy(pwline, "root");
      pwent = (struct passwd){pwline, "x", 0, 0, pwline, "/", "/bin/sh"};
      return &pwent;
    }
  }
  if (!pwfile) return 0;
  while (fgets(pwline, sizeof pwline, pwfile)) {
    char *f[7];
    if (split(pwline, f, 7) < 7) continue;
    pwent = (struct passwd){f[0], f[1], (uid_t)atoi(f[2]), (gid_t)atoi(f[3]), f[4], f[5], f[6]};
    return &pwent;
  }
  return 0;
}
struct passwd *getpwuid(uid_t uid) {
  struct passwd *p;
  setpwent();
  while ((p = getpwent()) && p->pw_uid != uid) {}
  setpwent();
  return p;
}
struct passwd *getpwnam(const char *name) {
  struct passwd *p;
  setpwent();
  while ((p = getpwent()) && strcmp(p->pw_name, name)) {}
  setpwent();
  return p;
}
static int copy_pw(struct passwd *src, struct passwd *pw, char *buf, size_t n, struct passwd **out) {
  *out = 0;
  if (!src) return 0;
  const char *s[5] = {src->pw_name, src->pw_passwd, src->pw_gecos, src->pw_dir, src->pw_shell};
  char *d[5];
  size_t used = 0;
  for (int i = 0; i < 5; i++) {
    size_t l = strlen(s[i]) + 1;
    if (used + l > n) return ERANGE;
    d[i] = memcpy(buf + used, s[i], l);
    used += l;
  }
  *pw = (struct passwd){d[0], d[1], src->pw_uid, src->pw_gid, d[2], d[3], d[4]};
  *out = pw;
  return 0;
}
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t n, struct passwd **out) { return copy_pw(getpwuid(uid), pw, buf, n, out); }
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t n, struct passwd **out) { return copy_pw(getpwnam(name), pw, buf, n, out); }

/* ---- /etc/group: name:passwd:gid:members (members are not listed) ---- */
static char grline[256];
static char *grnomem[1];
static struct group grent;
static struct group *findgr(int bygid, gid_t gid, const char *name) {
  FILE *f = fopen("/etc/group", "r");
  if (!f) {
    if ((bygid && gid == 0) || (!bygid && !strcmp(name, "root"))) {
      strcpy(grline, "root");
      grent = (struct group){grline, "x", 0, grnomem};
      return &grent;
    }
    return 0;
  }
  while (fgets(grline, sizeof grline, f)) {
    char *fl[4];
    if (split(grline, fl, 4) < 3) continue;
    gid_t g = (gid_t)atoi(fl[2]);
    if (bygid ? g == gid : !strcmp(fl[0], name)) {
      fclose(f);
      grent = (struct group){fl[0], fl[1], g, grnomem};
      return &grent;
    }
  }
  fclose(f);
  return 0;
}
struct group *getgrgid(gid_t gid) { return findgr(1, gid, 0); }
struct group *getgrnam(const char *name) { return findgr(0, 0, name); }
