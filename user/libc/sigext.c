/* sigext.c — the rest of POSIX signal handling over the rt_sig* calls: pending and waiting
 * (sigpending, sigsuspend, sigwait*, pause), queued signals with values (sigqueue), alternate
 * stacks, the XSI System V calls (sigset, sighold, sigrelse, sigignore, sigpause), psignal. */
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <time.h>
#include <syscall.h>

#define SYS_tkill 130
#define SYS_tgkill 131
#define SYS_sigaltstack 132
#define SYS_rt_sigsuspend 133
#define SYS_rt_sigpending 136
#define SYS_rt_sigqueueinfo 138
#define SYS_rt_sigtimedwait_time64 421

int sigpending(sigset_t *set) { return __syscall_ret(__syscall2(SYS_rt_sigpending, set, 8)); }
int sigsuspend(const sigset_t *mask) { return __syscall_ret(__syscall2(SYS_rt_sigsuspend, mask, 8)); }
int pause(void) {
  sigset_t cur;
  if (sigprocmask(SIG_BLOCK, 0, &cur) < 0) return -1;
  return sigsuspend(&cur);
}
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout) {
  return __syscall_ret(__syscall4(SYS_rt_sigtimedwait_time64, set, info, timeout, 8));
}
int sigwaitinfo(const sigset_t *set, siginfo_t *info) { return sigtimedwait(set, info, 0); }
/* sigwait returns the error number instead of setting errno; it is never interrupted (POSIX). */
int sigwait(const sigset_t *set, int *sig) {
  long r;
  do r = __syscall4(SYS_rt_sigtimedwait_time64, set, 0, 0, 8);
  while (r == -EINTR);
  if (r < 0) return (int)-r;
  *sig = (int)r;
  return 0;
}
int sigqueue(pid_t pid, int sig, const union sigval value) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = sig;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = getuid();
  si.si_value = value;
  return __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, pid, sig, &si));
}
int sigaltstack(const stack_t *ss, stack_t *old) { return __syscall_ret(__syscall2(SYS_sigaltstack, ss, old)); }
int tgkill(pid_t tgid, pid_t tid, int sig) { return __syscall_ret(__syscall3(SYS_tgkill, tgid, tid, sig)); }
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) {
  long r = __syscall4(SYS_rt_sigprocmask, how, set, old, 8);
  return r < 0 ? (int)-r : 0;
}
unsigned long pthread_self(void) { return (unsigned long)getpid(); }
int pthread_kill(unsigned long thread, int sig) {
  long r = __syscall2(SYS_tkill, thread, sig);
  return r < 0 ? (int)-r : 0;
}
int sigisemptyset(const sigset_t *s) { return !(s->sig[0] | s->sig[1]); }
int siginterrupt(int sig, int flag) {
  struct sigaction a;
  if (sigaction(sig, 0, &a) < 0) return -1;
  if (flag) a.sa_flags &= ~(unsigned long)SA_RESTART;
  else a.sa_flags |= SA_RESTART;
  return sigaction(sig, &a, 0);
}
sighandler_t bsd_signal(int sig, sighandler_t h) { return signal(sig, h); }

/* ---- XSI ---- */
static int mask_one(int how, int sig) {
  sigset_t s;
  sigemptyset(&s);
  if (sigaddset(&s, sig) < 0) return -1;
  return sigprocmask(how, &s, 0);
}
int sighold(int sig) { return mask_one(SIG_BLOCK, sig); }
int sigrelse(int sig) { return mask_one(SIG_UNBLOCK, sig); }
int sigignore(int sig) {
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_handler = SIG_IGN;
  return sigaction(sig, &a, 0);
}
int sigpause(int sig) {
  sigset_t s;
  if (sigprocmask(SIG_BLOCK, 0, &s) < 0 || sigdelset(&s, sig) < 0) return -1;
  return sigsuspend(&s);
}
/* sigset: SIG_HOLD blocks sig; anything else installs it and unblocks sig. Returns SIG_HOLD when
 * sig was blocked before, else the previous disposition. */
sighandler_t sigset(int sig, sighandler_t h) {
  sigset_t one, old;
  struct sigaction a, o;
  sigemptyset(&one);
  if (sigaddset(&one, sig) < 0 || h == SIG_ERR) { errno = EINVAL; return SIG_ERR; }
  if (h == SIG_HOLD) {
    if (sigaction(sig, 0, &o) < 0 || sigprocmask(SIG_BLOCK, &one, &old) < 0) return SIG_ERR;
  } else {
    memset(&a, 0, sizeof a);
    a.sa_handler = h;
    if (sigaction(sig, &a, &o) < 0 || sigprocmask(SIG_UNBLOCK, &one, &old) < 0) return SIG_ERR;
  }
  return sigismember(&old, sig) == 1 ? SIG_HOLD : o.sa_handler;
}

void psignal(int sig, const char *s) {
  if (s && *s) fprintf(stderr, "%s: %s\n", s, strsignal(sig));
  else fprintf(stderr, "%s\n", strsignal(sig));
}
void psiginfo(const siginfo_t *si, const char *s) { psignal(si->si_signo, s); }
