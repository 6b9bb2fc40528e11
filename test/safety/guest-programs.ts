// Guest programs for the abuse tests, written in assembly and built with
// cryobox's own assembler (no toolchain needed): a memory hog that maps and
// touches memory then forks, and a loop that keeps mapping and touching until
// the machine's memory limit stops it.
import { assemble } from "../../cpu/asm/assemble.js";
import { writeElf } from "../../cpu/asm/elf-write.js";
import type { RootFile } from "../../kernel/kernel.js";

const MMAP = `
	li	a0, 0
	mv	a1, s3
	li	a2, 3		# PROT_READ|PROT_WRITE
	li	a3, 0x22	# MAP_PRIVATE|MAP_ANONYMOUS
	li	a4, -1
	li	a5, 0
	li	a7, 222		# mmap
	ecall
	mv	s0, a0
	add	s1, s0, s3
	mv	t0, s0
touch_\\@:
	sw	t0, 0(t0)	# every page gets its own address: no page is all zeros
	li	t1, 4096
	add	t0, t0, t1
	bltu	t0, s1, touch_\\@
`;

/** init that maps and touches `bytes`, forks `forks` children (each then writes `childPages` pages), and sleeps forever. */
export function forkHog(bytes: number, forks: number, childPages: number): RootFile[] {
  const src = `
	.text
	.globl	_start
_start:
	li	s3, ${bytes}
${MMAP.replaceAll("\\@", "a")}
	li	s2, ${forks}
forks:	beqz	s2, parent
	li	a0, 17		# SIGCHLD
	li	a1, 0
	li	a7, 220		# clone
	ecall
	beqz	a0, child
	addi	s2, s2, -1
	j	forks
child:	li	s4, ${childPages}
	mv	t0, s0
cloop:	beqz	s4, idle
	sw	s4, 4(t0)	# a write: this page is copied for the child
	li	t1, 4096
	add	t0, t0, t1
	addi	s4, s4, -1
	j	cloop
parent:	sw	s2, 8(s0)
idle:	li	a0, 0		# ppoll(NULL, 0, NULL, NULL): sleep until a signal
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a7, 73
	ecall
	j	idle
`;
  return [{ path: "/bin/init", mode: 0o755, data: writeElf(assemble(src, "forkhog.s")) }];
}

/** init that forks one child which maps and touches `chunk` bytes at a time forever; init sleeps. */
export function mapForever(chunk: number): RootFile[] {
  const src = `
	.text
	.globl	_start
_start:	li	a0, 17
	li	a1, 0
	li	a7, 220		# clone
	ecall
	bnez	a0, idle
	li	s3, ${chunk}
again:
${MMAP.replaceAll("\\@", "b")}
	j	again
idle:	li	a0, 0
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a7, 73		# ppoll: sleep
	ecall
	j	idle
`;
  return [{ path: "/bin/init", mode: 0o755, data: writeElf(assemble(src, "mapforever.s")) }];
}

/** init whose every process forks forever (a fork bomb); fork failures are ignored. */
export function forkBomb(): RootFile[] {
  const src = `
	.text
	.globl	_start
_start:	li	a0, 17
	li	a1, 0
	li	a7, 220		# clone
	ecall
	j	_start
`;
  return [{ path: "/bin/init", mode: 0o755, data: writeElf(assemble(src, "forkbomb.s")) }];
}

/**
 * init that forks a child, waits for it, and forks the next, forever; each child makes `calls`
 * system calls with numbers and arguments from a seeded generator (an LCG seeded with `seed` and
 * its pid), then exits. Arguments are small numbers, addresses in its own stack, or random words.
 */
export function syscallFuzzer(seed: number, calls: number): RootFile[] {
  const src = `
	.text
	.globl	_start
_start:	li	a0, 17
	li	a1, 0
	li	a7, 220		# clone
	ecall
	beqz	a0, child
	blt	a0, zero, _start
wait:	li	a0, -1
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a7, 260		# wait4
	ecall
	j	_start
child:	li	a7, 172		# getpid
	ecall
	li	s0, ${seed >>> 0}
	xor	s0, s0, a0	# the generator's state
	li	s1, ${calls}
	li	s2, 1103515245
	li	s3, 12345
loop:	beqz	s1, done
	addi	s1, s1, -1
	mul	s0, s0, s2
	add	s0, s0, s3
	srli	a7, s0, 16
	li	t0, 460
	remu	a7, a7, t0	# syscall number 0..459
	li	t0, 93
	beq	a7, t0, loop	# not exit: the child would end before its calls
	li	t0, 94
	beq	a7, t0, loop
	call	arg
	mv	a0, t1
	call	arg
	mv	a1, t1
	call	arg
	mv	a2, t1
	call	arg
	mv	a3, t1
	call	arg
	mv	a4, t1
	call	arg
	mv	a5, t1
	ecall
	j	loop
done:	li	a0, 0
	li	a7, 93		# exit
	ecall
# t1 = the next argument: a small number, an address in the stack, or a random word
arg:	mul	s0, s0, s2
	add	s0, s0, s3
	srli	t1, s0, 28
	andi	t1, t1, 3
	beqz	t1, small
	li	t2, 1
	beq	t1, t2, stack
	srli	t1, s0, 1
	ret
small:	srli	t1, s0, 20
	andi	t1, t1, 15
	ret
stack:	srli	t1, s0, 16
	andi	t1, t1, 1020
	sub	t1, sp, t1
	addi	t1, t1, -2048
	ret
`;
  return [{ path: "/bin/init", mode: 0o755, data: writeElf(assemble(src, "sysfuzz.s")) }];
}
