/* id — user and group ids: `id [-u|-g|-G] [-n] [-r] [USER]`. Without options
 * `uid=0(root) gid=0(root) groups=0(root)` (as GNU; euid=/egid= when they differ from the real
 * ones). Names come from /etc/passwd and /etc/group (or root alone). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>
#include <grp.h>
#include "args.h"

static void name_of(int group, unsigned id, int paren) {
  const char *n = 0;
  if (group) { struct group *g = getgrgid(id); if (g) n = g->gr_name; }
  else { struct passwd *p = getpwuid(id); if (p) n = p->pw_name; }
  if (paren) { if (n) printf("(%s)", n); }
  else if (n) printf("%s", n);
  else printf("%u", id);
}

int main(int argc, char **argv) {
  ARGS("id", "[-u|-g|-G] [-n] [-r] [USER]");
  int c, what = 0, names = 0, real = 0;
  while ((c = opt_next(argc, argv, "ugGnr")) != -1) {
    if (c == 'n') names = 1;
    else if (c == 'r') real = 1;
    else if (what && what != c) bad_usage("cannot print \"only\" of more than one choice");
    else what = c;
  }
  if (argc - opt_ind > 1) bad_usage("extra operand '%s'", argv[opt_ind + 1]);
  if ((names || real) && !what) bad_usage("cannot print only names or real IDs in default format");
  unsigned uid = getuid(), euid = geteuid(), gid = getgid(), egid = getegid();
  gid_t groups[64];
  int ng;
  if (opt_ind < argc) {
    struct passwd *pw = getpwnam(argv[opt_ind]);
    if (!pw) die(1, "'%s': no such user", argv[opt_ind]);
    uid = euid = pw->pw_uid;
    gid = egid = pw->pw_gid;
    groups[0] = pw->pw_gid;
    ng = 1;
  } else {
    ng = getgroups(64, groups);
    if (ng < 0) ng = 0;
  }
  if (what == 'u' || what == 'g') {
    unsigned v = what == 'u' ? (real ? uid : euid) : (real ? gid : egid);
    if (names) name_of(what == 'g', v, 0);
    else printf("%u", v);
    putchar('\n');
    return 0;
  }
  /* the effective gid first, then the supplementary groups not equal to it */
  unsigned list[65];
  int n = 0;
  list[n++] = what == 'G' && real ? gid : egid;
  for (int i = 0; i < ng; i++) if (groups[i] != list[0]) list[n++] = groups[i];
  if (what == 'G') {
    for (int i = 0; i < n; i++) {
      if (i) putchar(' ');
      if (names) name_of(1, list[i], 0);
      else printf("%u", list[i]);
    }
    putchar('\n');
    return 0;
  }
  printf("uid=%u", uid); name_of(0, uid, 1);
  printf(" gid=%u", gid); name_of(1, gid, 1);
  if (euid != uid) { printf(" euid=%u", euid); name_of(0, euid, 1); }
  if (egid != gid) { printf(" egid=%u", egid); name_of(1, egid, 1); }
  printf(" groups=");
  for (int i = 0; i < n; i++) { if (i) putchar(','); printf("%u", list[i]); name_of(1, list[i], 1); }
  putchar('\n');
  return 0;
}
