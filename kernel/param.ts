// Every limit and time constant of the kernel, in one place (xv6's param.h).

/** Virtual ticks per virtual second: one tick per retired instruction. */
export const TICKS_PER_SECOND = 100_000_000;
/**
 * Ticks charged for each system call: one, as for the ecall instruction itself.
 * A larger charge could straddle the end of a run budget, and then either the
 * run overshoots or stalls — both break run(N) + run(M) ≡ run(N + M), which
 * checkpointing at arbitrary tick counts relies on.
 */
export const SYSCALL_TICKS = 1;
/** Scheduler quantum in instructions (1 ms of virtual time). */
export const QUANTUM = 100_000;
/** Maximum number of live processes (zombies included). */
export const NPROC = 1024;
/** Open fds per process. */
export const NOFILE = 64;
/** Open-file descriptions system wide. */
export const NFILE = 512;
/** Bytes a pipe buffers. */
export const PIPE_SIZE = 4096;
/** Writes of at most this many bytes to a pipe are atomic. */
export const PIPE_BUF = 4096;
/** Number of pipes system wide. */
export const NPIPE = 128;
/** Total bytes of argv + envp strings accepted by execve. */
export const MAX_ARG_BYTES = 128 * 1024;
/** Maximum number of argv or envp entries. */
export const MAX_ARGS = 1024;
/** Longest path accepted. */
export const PATH_MAX = 4096;
/** Longest file-name component. */
export const NAME_MAX = 255;
/** Largest tmpfs file. */
export const MAX_FILE_SIZE = 64 * 1024 * 1024;
/** Largest number of inodes. */
export const NINODE = 8192;
/** Kernel-provided page holding the signal-return trampoline, just above the stack (cpu/elf.ts STACK_TOP). */
export const SIGTRAMP_ADDR = 0x7fff0000;
/** Highest address brk may reach (cpu/elf.ts MMAP_TOP, well below the stack). */
export const BRK_LIMIT = 0x70000000;
/** Maximum bytes a single read/write moves per call (keeps a syscall's host cost bounded). */
export const MAX_IO = 1 << 20;
/** Number of signals (1..NSIG-1). */
export const NSIG = 65;
