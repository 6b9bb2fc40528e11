// Shared test helpers: read fixtures, assemble a snippet to its .text words.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assemble } from "../../../cpu/asm/assemble.js";

export const FIXTURES = join(new URL(".", import.meta.url).pathname, "../../fixtures/asm");

/** Lines of a fixture file, split on the tab. */
export function fixtureRows(name: string): string[][] {
  return readFileSync(join(FIXTURES, name), "utf8").split("\n").filter((l) => l !== "").map((l) => l.split("\t"));
}

/** Assemble `src` and return the .text section as 32-bit words. */
export function textWords(src: string): number[] {
  const t = assemble(src, "test.s").sections.find((s) => s.name === ".text")!;
  const out: number[] = [];
  const v = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  for (let i = 0; i + 4 <= t.bytes.length; i += 4) out.push(v.getUint32(i, true));
  return out;
}

export const hex = (w: number): string => (w >>> 0).toString(16).padStart(8, "0");

/** A hello world using write/exit system calls, .rodata, .data and .bss; exits with status 3. */
export const HELLO = `# hello world with Linux system calls
	.section .rodata
msg:	.ascii	"hello, world\\n"
	.equ	len, . - msg
	.data
	.p2align 2
status:	.word	3
	.bss
scratch: .space	256
	.text
	.globl	_start
_start:	li	a0, 1		# fd 1
	la	a1, msg
	li	a2, len
	li	a7, 64		# write
	ecall
	la	t0, scratch
	sw	a0, 0(t0)	# bss is writable
	lw	a0, status	# exit status from .data
	li	a7, 93		# exit
	ecall
`;
