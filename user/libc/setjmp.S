/* setjmp.S — setjmp/longjmp and sigsetjmp/siglongjmp for rv32 (layout in setjmp.h). */
	.section .text.setjmp,"ax",@progbits
	.globl setjmp
	.globl _setjmp
setjmp:
_setjmp:
	sw ra, 0(a0)
	sw sp, 4(a0)
	sw s0, 8(a0)
	sw s1, 12(a0)
	sw s2, 16(a0)
	sw s3, 20(a0)
	sw s4, 24(a0)
	sw s5, 28(a0)
	sw s6, 32(a0)
	sw s7, 36(a0)
	sw s8, 40(a0)
	sw s9, 44(a0)
	sw s10, 48(a0)
	sw s11, 52(a0)
	li a0, 0
	ret

	.section .text.longjmp,"ax",@progbits
	.globl longjmp
	.globl _longjmp
longjmp:
_longjmp:
	lw ra, 0(a0)
	lw sp, 4(a0)
	lw s0, 8(a0)
	lw s1, 12(a0)
	lw s2, 16(a0)
	lw s3, 20(a0)
	lw s4, 24(a0)
	lw s5, 28(a0)
	lw s6, 32(a0)
	lw s7, 36(a0)
	lw s8, 40(a0)
	lw s9, 44(a0)
	lw s10, 48(a0)
	lw s11, 52(a0)
	seqz a0, a1
	add a0, a0, a1 /* val, or 1 when val is 0 */
	ret

	.section .text.sigsetjmp,"ax",@progbits
	.globl sigsetjmp
	.globl __sigsetjmp
sigsetjmp:
__sigsetjmp:
	sw a1, 56(a0)
	beqz a1, setjmp
	mv t0, a0
	mv t1, ra
	li a0, 0 /* rt_sigprocmask(SIG_BLOCK, NULL, &env->mask, 8): read the mask */
	li a1, 0
	addi a2, t0, 60
	li a3, 8
	li a7, 135
	ecall
	mv a0, t0
	mv ra, t1
	j setjmp

	.section .text.siglongjmp,"ax",@progbits
	.globl siglongjmp
siglongjmp:
	lw t0, 56(a0)
	beqz t0, longjmp
	mv t0, a0
	mv t1, a1
	li a0, 2 /* rt_sigprocmask(SIG_SETMASK, &env->mask, NULL, 8) */
	addi a1, t0, 60
	li a2, 0
	li a3, 8
	li a7, 135
	ecall
	mv a0, t0
	mv a1, t1
	j longjmp
