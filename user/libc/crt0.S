/* crt0.S — process entry: the Linux initial stack holds argc, argv[], NULL, envp[], NULL, auxv.
 * Passes (argc, argv, envp) to __libc_start, which runs main and exits. Also owns __sigentry,
 * the stub every C signal handler is entered through (it returns with rt_sigreturn, not ra). */
	.section .text._start,"ax",@progbits
	.globl _start
_start:
	lw a0, 0(sp)
	addi a1, sp, 4
	slli t0, a0, 2
	add a2, a1, t0
	addi a2, a2, 4
	andi sp, sp, -16
	call __libc_start
1:	j 1b

	.section .text.__sigentry,"ax",@progbits
	.globl __sigentry
/* Entered by the kernel with sp = its signal frame, a0 = sig, a1 = siginfo, a2 = ucontext.
 * s1 is clobbered freely: rt_sigreturn restores every register from the frame. */
__sigentry:
	mv s1, sp
	addi sp, sp, -16
	call __sigdispatch
	mv sp, s1
	li a7, 139
	ecall
2:	j 2b
