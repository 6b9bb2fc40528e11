/* uptime — ` HH:MM:SS up TIME,  N users,  load average: 1.00, 0.50, 0.25` (as procps; time UTC).
 * The uptime and load come from sysinfo(2); where the kernel lacks it (the box), the uptime is
 * CLOCK_BOOTTIME and the load average is left out. Users: the login shells (`-sh`, as init
 * starts them) in /proc. */
#include <stdio.h>
#include <time.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "args.h"
#include "sysinfo.h"

static int login_shells(void) {
  DIR *d = opendir("/proc");
  if (!d) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[64], c = 0;
    snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    if (read(fd, &c, 1) == 1 && c == '-') n++;
    close(fd);
  }
  closedir(d);
  return n;
}

int main(int argc, char **argv) {
  ARGS("uptime", "");
  while (opt_next(argc, argv, "") != -1) {}
  if (opt_ind < argc) bad_usage("extra operand '%s'", argv[opt_ind]);
  struct sysinfo_rec si;
  int have = get_sysinfo(&si) == 0;
  long long up;
  if (have) up = si.uptime;
  else {
    struct timespec ts;
    if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0) die(1, "cannot read the time since boot: %s", strerror(errno));
    up = ts.tv_sec;
  }
  time_t now = time(0);
  struct tm *tm = gmtime(&now);
  printf(" %02d:%02d:%02d up ", tm->tm_hour, tm->tm_min, tm->tm_sec);
  long long days = up / 86400, hours = up / 3600 % 24, mins = up / 60 % 60;
  if (days) printf("%lld day%s, ", days, days == 1 ? "" : "s");
  if (hours) printf("%2lld:%02lld,  ", hours, mins);
  else printf("%lld min,  ", mins);
  int users = login_shells();
  printf("%d user%s", users, users == 1 ? "" : "s");
  if (have) {
    printf(",  load average:");
    for (int i = 0; i < 3; i++) {
      unsigned long l = si.loads[i] + 65536 / 200; /* to the nearest hundredth */
      printf("%s %lu.%02lu", i ? "," : "", l >> 16, ((l & 0xffff) * 100) >> 16);
    }
  }
  putchar('\n');
  return 0;
}
