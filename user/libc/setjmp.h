/* setjmp.h — non-local jumps (setjmp.S): ra, sp, s0..s11, then for sigsetjmp whether the mask was
 * saved and the mask itself. */
#ifndef _SETJMP_H
#define _SETJMP_H
typedef unsigned long __jmp_regs[14];
typedef struct { __jmp_regs regs; unsigned long saved, mask[2]; } jmp_buf[1];
typedef jmp_buf sigjmp_buf;
int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);
int _setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void _longjmp(jmp_buf env, int val);
/* sigsetjmp is a macro-free function: with savemask != 0 the signal mask is restored by siglongjmp. */
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
__attribute__((noreturn)) void siglongjmp(sigjmp_buf env, int val);
#endif
