/* cf_timers.c — clocks, sleeps and interval timers: setitimer/getitimer with an interval, alarm's
 * remainder, clock_nanosleep with TIMER_ABSTIME on both clocks, an interrupted nanosleep's
 * remainder, clock_getres, times, clock, gettimeofday against CLOCK_REALTIME. */
#include "cf.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/times.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_handler = on_alarm;
  sigaction(SIGALRM, &a, 0);

  /* a periodic ITIMER_REAL: three expiries, then disarmed */
  struct itimerval v = {{0, 20000}, {0, 30000}}, cur;
  CHECK("setitimer arms", setitimer(ITIMER_REAL, &v, 0) == 0);
  CHECK("getitimer reads it back", getitimer(ITIMER_REAL, &cur) == 0 && cur.it_interval.tv_usec == 20000 && cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 30000);
  while (alarms < 3) pause();
  struct itimerval off = {{0, 0}, {0, 0}}, old;
  setitimer(ITIMER_REAL, &off, &old);
  CHECK("three periods gave three SIGALRMs", alarms == 3);
  CHECK("the old value had the interval", old.it_interval.tv_usec == 20000);
  getitimer(ITIMER_REAL, &cur);
  CHECK("disarmed reads zero", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  errno = 0;
  CHECK("setitimer(bad which) is EINVAL", setitimer(7, &v, 0) == -1 && errno == EINVAL);

  /* alarm returns what was left */
  alarm(10);
  unsigned left = alarm(0);
  CHECK("alarm(0) returns the seconds left", left == 10 || left == 9);
  CHECK("alarm with none pending returns 0", alarm(0) == 0);

  /* SIGALRM from alarm interrupts pause */
  alarms = 0;
  alarm(1);
  long long t0 = cf_now_ms(CLOCK_MONOTONIC);
  int r = pause();
  long long dt = cf_now_ms(CLOCK_MONOTONIC) - t0;
  CHECK("pause returns -1 EINTR on SIGALRM", r == -1 && errno == EINTR && alarms == 1);
  CHECK("alarm(1) took about a second", dt >= 990 && dt < 3000);

  /* absolute sleeps */
  struct timespec now, till;
  clock_gettime(CLOCK_REALTIME, &now);
  till = now;
  till.tv_nsec += 80000000;
  if (till.tv_nsec >= 1000000000) { till.tv_sec++; till.tv_nsec -= 1000000000; }
  t0 = cf_now_ms(CLOCK_MONOTONIC);
  r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &till, 0);
  dt = cf_now_ms(CLOCK_MONOTONIC) - t0;
  CHECK("clock_nanosleep(REALTIME, ABSTIME) sleeps until then", r == 0 && dt >= 70 && dt < 2000);
  clock_gettime(CLOCK_MONOTONIC, &now);
  till = now;
  till.tv_nsec += 50000000;
  if (till.tv_nsec >= 1000000000) { till.tv_sec++; till.tv_nsec -= 1000000000; }
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &till, 0);
  clock_gettime(CLOCK_MONOTONIC, &now);
  CHECK("clock_nanosleep(MONOTONIC, ABSTIME) wakes at or after the time", r == 0 && (now.tv_sec > till.tv_sec || (now.tv_sec == till.tv_sec && now.tv_nsec >= till.tv_nsec)));
  till.tv_sec = 0;
  till.tv_nsec = 1;
  CHECK("an absolute time already past returns at once", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &till, 0) == 0);
  struct timespec badts = {0, 1000000000};
  CHECK("clock_nanosleep with tv_nsec 1e9 is EINVAL", clock_nanosleep(CLOCK_MONOTONIC, 0, &badts, 0) == EINVAL);
  CHECK("clock_nanosleep on a bad clock is EINVAL", clock_nanosleep(12345, 0, &till, 0) == EINVAL);

  /* an interrupted relative sleep reports the time left */
  alarms = 0;
  struct itimerval once = {{0, 0}, {0, 100000}};
  setitimer(ITIMER_REAL, &once, 0);
  struct timespec req = {2, 0}, rem = {0, 0};
  r = nanosleep(&req, &rem);
  CHECK("nanosleep interrupted: -1 EINTR", r == -1 && errno == EINTR && alarms == 1);
  CHECK("…with most of the time left", rem.tv_sec == 1 && rem.tv_nsec > 500000000);

  /* resolutions and process clocks */
  struct timespec res = {-1, -1};
  CHECK("clock_getres(MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
  CHECK("clock_getres(PROCESS_CPUTIME)", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
  errno = 0;
  CHECK("clock_getres(bad) is EINVAL", clock_getres(12345, &res) == -1 && errno == EINVAL);
  CHECK("clock_getres(REALTIME, NULL) is 0", clock_getres(CLOCK_REALTIME, 0) == 0);
  struct tms tm;
  clock_t c0 = clock();
  volatile unsigned long spin = 0;
  for (unsigned long i = 0; i < 3000000; i++) spin += i;
  clock_t c1 = clock();
  CHECK("clock() advances with work", c1 > c0 && spin > 0);
  CHECK("times() succeeds", times(&tm) != (clock_t)-1 && tm.tms_cutime == 0);
  CHECK("sysconf(_SC_CLK_TCK) is 100", sysconf(_SC_CLK_TCK) == 100);
  struct timeval tv;
  clock_gettime(CLOCK_REALTIME, &now);
  gettimeofday(&tv, 0);
  CHECK("gettimeofday agrees with CLOCK_REALTIME", tv.tv_sec - now.tv_sec >= 0 && tv.tv_sec - now.tv_sec <= 1);
  return cf_failed ? 1 : 0;
}
