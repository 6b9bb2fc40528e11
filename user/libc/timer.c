/* timer.c — POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun
 * and timer_delete, each one system call (the time64 ones for settime/gettime; struct timespec is
 * already 64-bit here). SIGEV_SIGNAL and SIGEV_NONE are the kernel's; SIGEV_THREAD needs threads,
 * which this libc does not have: timer_create refuses it with EINVAL (POSIX allows that). A NULL sigevent means SIGALRM with the timer's id as si_value. */
#include <time.h>
#include <signal.h>
#include <errno.h>
#include <syscall.h>

int timer_create(clockid_t clk, struct sigevent *sev, timer_t *id) {
  int kid = 0;
  if (sev && sev->sigev_notify == SIGEV_THREAD) {
    errno = EINVAL; /* a function run on a new thread: no threads here */
    return -1;
  }
  long r = __syscall3(107, clk, sev, &kid);
  if (r < 0) return (int)__syscall_ret(r);
  *id = kid;
  return 0;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *value, struct itimerspec *old) {
  return (int)__syscall_ret(__syscall4(409, id, flags, value, old));
}

int timer_gettime(timer_t id, struct itimerspec *cur) {
  return (int)__syscall_ret(__syscall2(408, id, cur));
}

int timer_getoverrun(timer_t id) {
  return (int)__syscall_ret(__syscall1(109, id));
}

int timer_delete(timer_t id) {
  return (int)__syscall_ret(__syscall1(111, id));
}
