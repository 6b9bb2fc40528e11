/* grp.h — the group database: /etc/group when the box has one, else root (gid 0) alone. */
#ifndef _GRP_H
#define _GRP_H
#include <sys/types.h>
struct group { char *gr_name, *gr_passwd; gid_t gr_gid; char **gr_mem; };
struct group *getgrgid(gid_t gid);
struct group *getgrnam(const char *name);
#endif
