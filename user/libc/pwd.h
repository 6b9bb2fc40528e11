/* pwd.h — the password database: /etc/passwd when the box has one, else root (uid 0) alone. */
#ifndef _PWD_H
#define _PWD_H
#include <sys/types.h>
struct passwd { char *pw_name, *pw_passwd; uid_t pw_uid; gid_t pw_gid; char *pw_gecos, *pw_dir, *pw_shell; };
struct passwd *getpwuid(uid_t uid);
struct passwd *getpwnam(const char *name);
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t n, struct passwd **out);
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t n, struct passwd **out);
void setpwent(void);
void endpwent(void);
struct passwd *getpwent(void);
#endif
