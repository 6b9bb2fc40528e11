/* ucontext.h — the third argument of an SA_SIGINFO handler points at the saved registers (x0..x31
 * then pc, in the kernel's signal frame); no getcontext/setcontext. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H
#include <signal.h>
typedef struct { unsigned long __gregs[32]; unsigned long __pc; } mcontext_t;
typedef struct ucontext { mcontext_t uc_mcontext; } ucontext_t;
#endif
