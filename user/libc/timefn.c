/* timefn.c — clocks beyond clock_gettime: clock_getres, clock_nanosleep, clock(), gettimeofday,
 * interval timers and alarm, times(), and broken-down UTC time (no time zones: TZ is UTC). */
#include <time.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>
#include <syscall.h>

int clock_getres(clockid_t clk, struct timespec *res) { return __syscall_ret(__syscall2(406, clk, res)); }
int clock_settime(clockid_t clk, const struct timespec *ts) { return __syscall_ret(__syscall2(404, clk, ts)); }
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem) {
  if (clk == CLOCK_THREAD_CPUTIME_ID) return EINVAL;
  long r = __syscall4(407, clk, flags, req, rem);
  return r < 0 ? (int)-r : 0;
}
int clock_getcpuclockid(pid_t pid, clockid_t *clk) {
  if (pid != 0 && pid != getpid()) return EPERM;
  *clk = CLOCK_PROCESS_CPUTIME_ID;
  return 0;
}
clock_t clock(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
  return (clock_t)(ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}
int gettimeofday(struct timeval *tv, void *tz) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return -1;
  if (tv) {
    tv->tv_sec = (long)ts.tv_sec;
    tv->tv_usec = (long)(ts.tv_nsec / 1000);
  }
  if (tz) memset(tz, 0, sizeof(struct timezone));
  return 0;
}
int settimeofday(const struct timeval *tv, const struct timezone *tz) {
  (void)tz;
  if (!tv) return 0;
  struct timespec ts = {tv->tv_sec, (long long)tv->tv_usec * 1000};
  return clock_settime(CLOCK_REALTIME, &ts);
}
int getitimer(int which, struct itimerval *v) { return __syscall_ret(__syscall2(102, which, v)); }
int setitimer(int which, const struct itimerval *v, struct itimerval *old) { return __syscall_ret(__syscall3(103, which, v, old)); }
unsigned alarm(unsigned secs) {
  struct itimerval v = {{0, 0}, {(long)secs, 0}}, old;
  if (setitimer(ITIMER_REAL, &v, &old) < 0) return 0;
  /* POSIX: a remainder is rounded so that a pending alarm never reports 0. */
  return (unsigned)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000 || (old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0));
}
clock_t times(struct tms *t) { return (clock_t)__syscall_ret(__syscall1(153, t)); }
int utimes(const char *path, const struct timeval tv[2]) {
  long long ts[4];
  if (tv) { ts[0] = tv[0].tv_sec; ts[1] = tv[0].tv_usec * 1000LL; ts[2] = tv[1].tv_sec; ts[3] = tv[1].tv_usec * 1000LL; }
  return __syscall_ret(__syscall4(412, -100, path, tv ? ts : 0, 0));
}

/* ---- broken-down time (proleptic Gregorian, UTC) ---- */
char *tzname[2] = {"UTC", "UTC"};
long timezone;
int daylight;
void tzset(void) {}
static long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}
struct tm *gmtime_r(const time_t *t, struct tm *tm) {
  long long s = *t, days = s / 86400, rem = s % 86400;
  if (rem < 0) { rem += 86400; days--; }
  tm->tm_hour = (int)(rem / 3600);
  tm->tm_min = (int)(rem / 60 % 60);
  tm->tm_sec = (int)(rem % 60);
  tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7);
  long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = (long long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  tm->tm_year = (int)(y - 1900);
  tm->tm_mon = (int)m - 1;
  tm->tm_mday = (int)d;
  tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
  tm->tm_isdst = 0;
  tm->tm_gmtoff = 0;
  tm->tm_zone = "UTC";
  return tm;
}
static struct tm tm_buf;
struct tm *gmtime(const time_t *t) { return gmtime_r(t, &tm_buf); }
struct tm *localtime_r(const time_t *t, struct tm *tm) { return gmtime_r(t, tm); }
struct tm *localtime(const time_t *t) { return gmtime_r(t, &tm_buf); }
time_t timegm(struct tm *tm) {
  long long mon = tm->tm_mon, y = tm->tm_year + 1900LL + mon / 12;
  mon %= 12;
  if (mon < 0) { mon += 12; y--; }
  long long t = (days_from_civil(y, (unsigned)mon + 1, 1) + tm->tm_mday - 1) * 86400LL + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
  time_t r = (time_t)t;
  gmtime_r(&r, tm);
  return r;
}
time_t mktime(struct tm *tm) { return timegm(tm); }
static const char *const wdays[7] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
static const char *const months[12] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm) {
  size_t n = 0;
  char tmp[64];
  for (; *fmt; fmt++) {
    const char *add = tmp;
    if (*fmt != '%') { tmp[0] = *fmt; tmp[1] = 0; }
    else {
      switch (*++fmt) {
        case 'a': snprintf(tmp, sizeof tmp, "%.3s", wdays[tm->tm_wday % 7]); break;
        case 'A': add = wdays[tm->tm_wday % 7]; break;
        case 'b': case 'h': snprintf(tmp, sizeof tmp, "%.3s", months[tm->tm_mon % 12]); break;
        case 'B': add = months[tm->tm_mon % 12]; break;
        case 'c': snprintf(tmp, sizeof tmp, "%.3s %.3s %2d %02d:%02d:%02d %d", wdays[tm->tm_wday % 7], months[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900); break;
        case 'd': snprintf(tmp, sizeof tmp, "%02d", tm->tm_mday); break;
        case 'e': snprintf(tmp, sizeof tmp, "%2d", tm->tm_mday); break;
        case 'D': snprintf(tmp, sizeof tmp, "%02d/%02d/%02d", tm->tm_mon + 1, tm->tm_mday, tm->tm_year % 100); break;
        case 'F': snprintf(tmp, sizeof tmp, "%d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday); break;
        case 'H': snprintf(tmp, sizeof tmp, "%02d", tm->tm_hour); break;
        case 'I': snprintf(tmp, sizeof tmp, "%02d", (tm->tm_hour + 11) % 12 + 1); break;
        case 'j': snprintf(tmp, sizeof tmp, "%03d", tm->tm_yday + 1); break;
        case 'm': snprintf(tmp, sizeof tmp, "%02d", tm->tm_mon + 1); break;
        case 'M': snprintf(tmp, sizeof tmp, "%02d", tm->tm_min); break;
        case 'n': add = "\n"; break;
        case 't': add = "\t"; break;
        case 'p': add = tm->tm_hour < 12 ? "AM" : "PM"; break;
        case 'S': snprintf(tmp, sizeof tmp, "%02d", tm->tm_sec); break;
        case 's': { struct tm c = *tm; snprintf(tmp, sizeof tmp, "%ld", (long)timegm(&c)); break; }
        case 'T': snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec); break;
        case 'R': snprintf(tmp, sizeof tmp, "%02d:%02d", tm->tm_hour, tm->tm_min); break;
        case 'u': snprintf(tmp, sizeof tmp, "%d", tm->tm_wday ? tm->tm_wday : 7); break;
        case 'w': snprintf(tmp, sizeof tmp, "%d", tm->tm_wday); break;
        case 'y': snprintf(tmp, sizeof tmp, "%02d", tm->tm_year % 100); break;
        case 'Y': snprintf(tmp, sizeof tmp, "%d", tm->tm_year + 1900); break;
        case 'z': add = "+0000"; break;
        case 'Z': add = "UTC"; break;
        case '%': add = "%"; break;
        default: snprintf(tmp, sizeof tmp, "%%%c", *fmt); if (!*fmt) fmt--; break;
      }
    }
    size_t l = strlen(add);
    if (n + l >= max) return 0;
    memcpy(s + n, add, l);
    n += l;
  }
  if (n >= max) return 0;
  s[n] = 0;
  return n;
}
char *asctime(const struct tm *tm) {
  static char buf[32];
  snprintf(buf, sizeof buf, "%.3s %.3s%3d %02d:%02d:%02d %d\n", wdays[tm->tm_wday % 7], months[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);
  return buf;
}
char *ctime(const time_t *t) { return asctime(gmtime(t)); }
double difftime(time_t a, time_t b) { return (double)((long long)a - (long long)b); }
