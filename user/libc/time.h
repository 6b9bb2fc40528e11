/* time.h — clocks and sleeps on the time64 system calls (clock_gettime64, clock_nanosleep_time64,
 * clock_getres_time64), clock(), and broken-down UTC time (gmtime/mktime; no time zones). */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1
/* clock() counts microseconds of processor time (XSI). */
#define CLOCKS_PER_SEC 1000000L
typedef int clockid_t;
typedef long clock_t;
typedef int timer_t;
/* tv_sec is 64-bit (time64 ABI); tv_nsec is kept 64-bit wide too, its high half always 0. */
struct timespec { long long tv_sec; long long tv_nsec; };
struct itimerspec { struct timespec it_interval, it_value; };
struct tm {
  int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
  long tm_gmtoff;
  const char *tm_zone;
};
int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_settime(clockid_t clk, const struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *res);
/* Returns 0 or an error number (not -1/errno), as POSIX says. */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem);
int clock_getcpuclockid(pid_t pid, clockid_t *clk);
int nanosleep(const struct timespec *req, struct timespec *rem);
/* POSIX per-process timers (timer.c; struct sigevent is in signal.h). */
struct sigevent;
int timer_create(clockid_t clk, struct sigevent *sev, timer_t *id);
int timer_settime(timer_t id, int flags, const struct itimerspec *value, struct itimerspec *old);
int timer_gettime(timer_t id, struct itimerspec *cur);
int timer_getoverrun(timer_t id);
int timer_delete(timer_t id);
clock_t clock(void);
time_t time(time_t *t);
double difftime(time_t a, time_t b);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *out);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *out);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm);
char *asctime(const struct tm *tm);
char *ctime(const time_t *t);
void tzset(void);
extern char *tzname[2];
extern long timezone;
extern int daylight;
#endif
