/* signal.h — signal numbers (generic Linux), sigaction via the libc entry stub, masks, kill. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 65
#define SA_NOCLDSTOP 1
#define SA_NOCLDWAIT 2
#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)
typedef struct { unsigned long sig[2]; } sigset_t;
/* Real-time signals: Linux numbers 32..64; like glibc the first two are kept for the C library. */
#define SIGRTMIN 34
#define SIGRTMAX 64
#define SIGPOLL SIGIO
#define SIGIOT SIGABRT
#define SIGUNUSED SIGSYS
#define SIG_HOLD ((sighandler_t)2)
typedef int sig_atomic_t;
union sigval { int sival_int; void *sival_ptr; };
/* Linux siginfo_t (128 bytes): the union after si_code is read through the si_* names below. */
typedef struct {
  int si_signo, si_errno, si_code;
  union {
    int __pad[29];
    struct { pid_t pid; uid_t uid; union { int status; union sigval value; } u; } kill; /* SI_USER, SI_QUEUE, SIGCHLD */
    struct { void *addr; } fault;                                                      /* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
    struct { long band; int fd; } poll;                                                /* SIGPOLL */
    struct { int tid, overrun; union sigval value; } timer;                            /* SI_TIMER */
  } __f;
} siginfo_t;
#define si_pid __f.kill.pid
#define si_uid __f.kill.uid
#define si_status __f.kill.u.status
#define si_value __f.kill.u.value
#define si_int __f.kill.u.value.sival_int
#define si_ptr __f.kill.u.value.sival_ptr
#define si_addr __f.fault.addr
#define si_band __f.poll.band
#define si_fd __f.poll.fd
#define si_timerid __f.timer.tid
#define si_overrun __f.timer.overrun
/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_MESGQ (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO (-5)
#define SI_TKILL (-6)
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3
#define TRAP_BRKPT 1
#define TRAP_TRACE 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define POLL_IN 1
#define POLL_OUT 2
#define POLL_MSG 3
#define POLL_ERR 4
#define POLL_PRI 5
#define POLL_HUP 6
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2 /* no threads here: timer_create refuses it (EINVAL) */
struct sigevent {
  union sigval sigev_value;
  int sigev_signo, sigev_notify;
  void (*sigev_notify_function)(union sigval);
  void *sigev_notify_attributes;
  int __pad[8];
};
/* Alternate signal stacks (sigaltstack). */
typedef struct { void *ss_sp; int ss_flags; size_t ss_size; } stack_t;
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192
struct timespec;
struct sigaction {
  union {
    sighandler_t sa_handler;
    void (*sa_sigaction)(int, siginfo_t *, void *);
  };
  unsigned long sa_flags;
  sigset_t sa_mask;
};
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t h);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigemptyset(sigset_t *s);
int sigfillset(sigset_t *s);
int sigaddset(sigset_t *s, int sig);
int sigdelset(sigset_t *s, int sig);
int sigismember(const sigset_t *s, int sig);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);
/* Name ("INT") of a signal number, or NULL; and the reverse (accepts "INT", "SIGINT", "2"). */
const char *signame(int sig);
int signum(const char *name);
/* strsignal: text such as "Interrupt". */
const char *strsignal(int sig);
void psignal(int sig, const char *s);
void psiginfo(const siginfo_t *si, const char *s);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigwait(const sigset_t *set, int *sig);
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int sigqueue(pid_t pid, int sig, const union sigval value);
int sigaltstack(const stack_t *ss, stack_t *old);
int siginterrupt(int sig, int flag);
int sigisemptyset(const sigset_t *s);
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old);
int pthread_kill(unsigned long thread, int sig);
unsigned long pthread_self(void);
sighandler_t bsd_signal(int sig, sighandler_t h);
/* XSI: signal management of System V. */
sighandler_t sigset(int sig, sighandler_t h);
int sighold(int sig);
int sigrelse(int sig);
int sigignore(int sig);
int sigpause(int sig);
/* Linux: tgkill/tkill (a process is its one thread here). */
int tgkill(pid_t tgid, pid_t tid, int sig);
#endif
