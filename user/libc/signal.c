/* signal.c — sigaction through the libc entry stub (__sigentry in crt0.S), masks, signal names. */
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <syscall.h>

void __sigentry(int sig, siginfo_t *info, void *uc);
/* The C handler and flags for each signal; the kernel only ever sees __sigentry. */
static struct sigaction handlers[NSIG];

/* Linux riscv layout is {handler, flags, mask[2]} (16 bytes). qemu-riscv32 7.x reads and writes
 * 20 bytes ({handler, flags, restorer, mask[2]}) and writes the old action before reading the new
 * one. So: act and old are separate, padded buffers, and the kernel mask words are always 0 —
 * sa_mask is applied by __sigdispatch instead (rt_sigreturn restores the pre-signal mask). */
struct k_sigaction { unsigned long handler, flags, mask[2], pad[4]; };

void __sigdispatch(int sig, siginfo_t *info, void *uc) {
  if (sig <= 0 || sig >= NSIG) return;
  struct sigaction *a = &handlers[sig];
  if (a->sa_mask.sig[0] | a->sa_mask.sig[1]) sigprocmask(SIG_BLOCK, &a->sa_mask, 0);
  if (a->sa_flags & SA_SIGINFO) a->sa_sigaction(sig, info, uc);
  else if (a->sa_handler != SIG_DFL && a->sa_handler != SIG_IGN) a->sa_handler(sig);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  if (sig <= 0 || sig >= NSIG) { errno = EINVAL; return -1; }
  struct k_sigaction k, ko;
  struct sigaction prev = handlers[sig];
  memset(&k, 0, sizeof k);
  memset(&ko, 0, sizeof ko);
  if (act) {
    unsigned long h = (unsigned long)act->sa_handler;
    k.handler = h <= 1 ? h : (unsigned long)__sigentry;
    k.flags = act->sa_flags & ~(unsigned long)SA_RESTORER;
  }
  long r = __syscall4(SYS_rt_sigaction, sig, act ? &k : 0, &ko, 8);
  if (r < 0) { errno = (int)-r; return -1; }
  if (act) handlers[sig] = *act;
  if (old) {
    memset(old, 0, sizeof *old);
    if (ko.handler == (unsigned long)__sigentry) *old = prev;
    else old->sa_handler = (sighandler_t)ko.handler;
    old->sa_flags = ko.flags;
  }
  return 0;
}
sighandler_t signal(int sig, sighandler_t h) {
  struct sigaction a, o;
  memset(&a, 0, sizeof a);
  a.sa_handler = h;
  a.sa_flags = SA_RESTART;
  if (sigaction(sig, &a, &o) < 0) return SIG_ERR;
  return o.sa_handler;
}
int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  return __syscall_ret(__syscall4(SYS_rt_sigprocmask, how, set, old, 8));
}
int sigemptyset(sigset_t *s) { s->sig[0] = s->sig[1] = 0; return 0; }
int sigfillset(sigset_t *s) { s->sig[0] = s->sig[1] = ~0UL; return 0; }
int sigaddset(sigset_t *s, int n) {
  if (n <= 0 || n >= NSIG) { errno = EINVAL; return -1; }
  s->sig[(n - 1) / 32] |= 1UL << ((n - 1) % 32);
  return 0;
}
int sigdelset(sigset_t *s, int n) {
  if (n <= 0 || n >= NSIG) { errno = EINVAL; return -1; }
  s->sig[(n - 1) / 32] &= ~(1UL << ((n - 1) % 32));
  return 0;
}
int sigismember(const sigset_t *s, int n) {
  if (n <= 0 || n >= NSIG) { errno = EINVAL; return -1; }
  return (s->sig[(n - 1) / 32] >> ((n - 1) % 32)) & 1;
}

static const char *const names[32] = {
  0, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
  "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
  "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
static const char *const texts[32] = {
  0, "Hangup", "Interrupt", "Quit", "Illegal instruction", "Trace/breakpoint trap", "Aborted",
  "Bus error", "Floating point exception", "Killed", "User defined signal 1",
  "Segmentation fault", "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated",
  "Stack fault", "Child exited", "Continued", "Stopped (signal)", "Stopped", "Stopped (tty input)",
  "Stopped (tty output)", "Urgent I/O condition", "CPU time limit exceeded",
  "File size limit exceeded", "Virtual timer expired", "Profiling timer expired",
  "Window changed", "I/O possible", "Power failure", "Bad system call"};
const char *signame(int sig) { return sig > 0 && sig < 32 ? names[sig] : 0; }
const char *strsignal(int sig) { return sig > 0 && sig < 32 ? texts[sig] : "Unknown signal"; }
int signum(const char *name) {
  if (isdigit(name[0])) return atoi(name);
  if (!strncmp(name, "SIG", 3)) name += 3;
  for (int i = 1; i < 32; i++)
    if (!strcmp(name, names[i])) return i;
  return -1;
}
