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
