/* cf_signals.c — signal delivery as POSIX and Linux define it: siginfo contents, real-time
 * queueing with values, merging of standard signals, sigpending, sigsuspend, sigwaitinfo,
 * sigtimedwait, alternate stacks, the XSI calls, sigsetjmp/siglongjmp, fault addresses. */
#include "cf.h"
#include <signal.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sys/mman.h>

static volatile sig_atomic_t got, order[16], norder;
static volatile int vals[16];
static siginfo_t last;
static void count(int s) { (void)s; got++; }
static void info_handler(int s, siginfo_t *si, void *uc) {
  (void)uc;
  last = *si;
  if (norder < 16) { order[norder] = s; vals[norder] = si->si_value.sival_int; norder++; }
}
static char *alt_lo, *alt_hi;
static volatile int on_alt, alt_flags;
static void alt_handler(int s) {
  char here;
  (void)s;
  on_alt = &here >= alt_lo && &here < alt_hi;
  stack_t cur;
  sigaltstack(0, &cur);
  alt_flags = cur.ss_flags;
}
static sigjmp_buf jb;
static void jump_handler(int s) { siglongjmp(jb, s); }
static volatile void *fault_addr;
static volatile int fault_code;
static void segv_handler(int s, siginfo_t *si, void *uc) {
  (void)s; (void)uc;
  fault_addr = si->si_addr;
  fault_code = si->si_code;
  siglongjmp(jb, 1);
}

static void install(int sig, void (*h)(int, siginfo_t *, void *), int flags) {
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_sigaction = h;
  a.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&a.sa_mask);
  sigaction(sig, &a, 0);
}

int main(void) {
  sigset_t s, old, pend;
  /* sigismember and friends on a bad signal */
  sigemptyset(&s);
  errno = 0;
  CHECK("sigismember(0) is -1 EINVAL", sigismember(&s, 0) == -1 && errno == EINVAL);
  CHECK("sigaddset(65) is -1 EINVAL", sigaddset(&s, 65) == -1 && errno == EINVAL);
  CHECK("sigaction(SIGKILL) is EINVAL", sigaction(SIGKILL, &(struct sigaction){0}, 0) == -1 && errno == EINVAL);
  CHECK("SIGRTMAX - SIGRTMIN >= 8", SIGRTMAX - SIGRTMIN >= 8);

  /* kill to self: SI_USER with our pid */
  install(SIGUSR1, info_handler, 0);
  norder = 0;
  kill(getpid(), SIGUSR1);
  CHECK("kill gives SI_USER", last.si_signo == SIGUSR1 && last.si_code == SI_USER);
  CHECK("kill gives the sender's pid and uid", last.si_pid == getpid() && last.si_uid == getuid());

  /* standard signals merge; sigpending reports them */
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigprocmask(SIG_BLOCK, &s, &old);
  norder = 0;
  raise(SIGUSR1);
  raise(SIGUSR1);
  sigpending(&pend);
  CHECK("sigpending shows a blocked SIGUSR1", sigismember(&pend, SIGUSR1) == 1 && sigismember(&pend, SIGUSR2) == 0);
  sigprocmask(SIG_SETMASK, &old, 0);
  CHECK("two SIGUSR1 while blocked are delivered once", norder == 1);

  /* real-time signals queue with their values, in order, lowest signal first */
  install(SIGRTMIN, info_handler, 0);
  install(SIGRTMIN + 1, info_handler, 0);
  sigemptyset(&s);
  sigaddset(&s, SIGRTMIN);
  sigaddset(&s, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &s, &old);
  norder = 0;
  for (int i = 1; i <= 3; i++) sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 10 * i});
  for (int i = 1; i <= 3; i++) sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = i});
  sigpending(&pend);
  CHECK("queued RT signals are pending", sigismember(&pend, SIGRTMIN) == 1 && sigismember(&pend, SIGRTMIN + 1) == 1);
  sigprocmask(SIG_SETMASK, &old, 0);
  SAY("rt delivery:");
  for (int i = 0; i < norder; i++) SAY(" %d/%d", order[i] - SIGRTMIN, vals[i]);
  SAY("\n");
  CHECK("sigqueue gives SI_QUEUE", last.si_code == SI_QUEUE && last.si_pid == getpid());

  /* sigwaitinfo / sigtimedwait take a blocked signal without a handler running */
  sigprocmask(SIG_BLOCK, &s, &old);
  norder = 0;
  sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 77});
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int r = sigwaitinfo(&s, &si);
  CHECK("sigwaitinfo returns the signal and its value", r == SIGRTMIN && si.si_value.sival_int == 77 && si.si_code == SI_QUEUE && norder == 0);
  struct timespec ts = {0, 20000000};
  errno = 0;
  r = sigtimedwait(&s, &si, &ts);
  CHECK("sigtimedwait times out with EAGAIN", r == -1 && errno == EAGAIN);
  struct timespec zero = {0, 0};
  errno = 0;
  CHECK("sigtimedwait with a zero timeout polls", sigtimedwait(&s, &si, &zero) == -1 && errno == EAGAIN);
  int sig = 0;
  raise(SIGRTMIN + 1);
  CHECK("sigwait takes a raised signal", sigwait(&s, &sig) == 0 && sig == SIGRTMIN + 1);
  sigprocmask(SIG_SETMASK, &old, 0);

  /* sigsuspend: waits with a temporary mask, the handler runs, the old mask comes back */
  signal(SIGUSR2, count);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigprocmask(SIG_BLOCK, &s, &old);
  got = 0;
  pid_t pid = fork();
  if (pid == 0) {
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  sigset_t during;
  sigemptyset(&during);
  errno = 0;
  r = sigsuspend(&during);
  CHECK("sigsuspend returns -1 EINTR after the handler", r == -1 && errno == EINTR && got == 1);
  sigset_t now;
  sigprocmask(SIG_BLOCK, 0, &now);
  CHECK("sigsuspend puts the old mask back", sigismember(&now, SIGUSR2) == 1);
  sigprocmask(SIG_SETMASK, &old, 0);
  int st;
  waitpid(pid, &st, 0);

  /* SIGCHLD's siginfo */
  install(SIGCHLD, info_handler, 0);
  memset(&last, 0, sizeof last);
  pid = fork();
  if (pid == 0) _exit(7);
  while (last.si_signo != SIGCHLD) pause();
  CHECK("SIGCHLD carries CLD_EXITED, the child's pid and status", last.si_code == CLD_EXITED && last.si_pid == pid && last.si_status == 7);
  waitpid(pid, &st, 0);
  signal(SIGCHLD, SIG_DFL);

  /* alternate signal stack */
  stack_t ss, oss;
  ss.ss_sp = malloc(SIGSTKSZ);
  ss.ss_size = SIGSTKSZ;
  ss.ss_flags = 0;
  alt_lo = ss.ss_sp;
  alt_hi = alt_lo + SIGSTKSZ;
  CHECK("sigaltstack installs", sigaltstack(&ss, &oss) == 0 && (oss.ss_flags & SS_DISABLE));
  ss.ss_size = 100;
  errno = 0;
  CHECK("a tiny alternate stack is ENOMEM", sigaltstack(&ss, 0) == -1 && errno == ENOMEM);
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_handler = alt_handler;
  a.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &a, 0);
  raise(SIGUSR1);
  CHECK("an SA_ONSTACK handler runs on the alternate stack", on_alt == 1 && alt_flags == SS_ONSTACK);
  sigaltstack(0, &oss);
  CHECK("sigaltstack reports the stack, not in use", oss.ss_sp == alt_lo && oss.ss_size == SIGSTKSZ && oss.ss_flags == 0);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, 0);
  on_alt = 0;
  raise(SIGUSR1);
  CHECK("after SS_DISABLE the handler runs on the normal stack", on_alt == 0 && alt_flags == SS_DISABLE);

  /* XSI: sighold/sigrelse/sigignore/sigset */
  got = 0;
  sigset(SIGUSR2, count);
  sighold(SIGUSR2);
  raise(SIGUSR2);
  CHECK("sighold blocks", got == 0);
  sigrelse(SIGUSR2);
  CHECK("sigrelse delivers", got == 1);
  CHECK("sigset(SIG_HOLD) reports the old handler", sigset(SIGUSR2, SIG_HOLD) == count);
  CHECK("sigset of a held signal reports SIG_HOLD", sigset(SIGUSR2, count) == SIG_HOLD);
  sigignore(SIGUSR2);
  raise(SIGUSR2);
  CHECK("sigignore ignores", got == 1);

  /* sigsetjmp/siglongjmp out of a handler restore the mask */
  signal(SIGUSR1, jump_handler);
  if (sigsetjmp(jb, 1) == 0) {
    raise(SIGUSR1);
    SAY("not reached\n");
  }
  sigprocmask(SIG_BLOCK, 0, &now);
  CHECK("siglongjmp restores the mask", sigismember(&now, SIGUSR1) == 0);

  /* a fault's si_addr and si_code */
  install(SIGSEGV, segv_handler, SA_NODEFER);
  volatile int *bad = (int *)0x10;
  if (sigsetjmp(jb, 1) == 0) *bad = 1;
  CHECK("SIGSEGV gives si_addr and SEGV_MAPERR", fault_addr == (void *)0x10 && fault_code == SEGV_MAPERR);
  char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(jb, 1) == 0) *(volatile char *)(ro + 8) = 1;
  CHECK("a write to a read-only page gives SEGV_ACCERR", fault_addr == ro + 8 && fault_code == SEGV_ACCERR);

  /* kill(-pgrp) of a group of zombies succeeds (Linux) */
  pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    _exit(0);
  }
  setpgid(pid, pid);
  struct timespec nap = {0, 50000000};
  nanosleep(&nap, 0);
  CHECK("kill(-pgrp) of a zombie group is 0", kill(-pid, 0) == 0);
  waitpid(pid, &st, 0);
  errno = 0;
  CHECK("kill(-pgrp) of a reaped group is ESRCH", kill(-pid, 0) == -1 && errno == ESRCH);
  return cf_failed ? 1 : 0;
}
