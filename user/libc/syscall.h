/* syscall.h — the rv32 Linux system call numbers of every call the kernel implements (generated
 * from kernel/syscalls.ts; the ones the userland uses are in docs/syscalls-used.md) and the raw ecall helpers. Results in [-4095,-1] are -errno. */
#ifndef _SYSCALL_H
#define _SYSCALL_H

/* syscalls:begin — generated from kernel/syscalls.ts by `npm run gen`: do not edit */
#define SYS_getcwd 17
#define SYS_dup 23
#define SYS_dup3 24
#define SYS_fcntl64 25
#define SYS_ioctl 29
#define SYS_mknodat 33
#define SYS_mkdirat 34
#define SYS_unlinkat 35
#define SYS_symlinkat 36
#define SYS_linkat 37
#define SYS_renameat 38
#define SYS_statfs64 43
#define SYS_fstatfs64 44
#define SYS_truncate64 45
#define SYS_ftruncate64 46
#define SYS_faccessat 48
#define SYS_chdir 49
#define SYS_fchmod 52
#define SYS_fchmodat 53
#define SYS_openat 56
#define SYS_close 57
#define SYS_pipe2 59
#define SYS_getdents64 61
#define SYS_llseek 62
#define SYS_read 63
#define SYS_write 64
#define SYS_readv 65
#define SYS_writev 66
#define SYS_pselect6 72
#define SYS_ppoll 73
#define SYS_readlinkat 78
#define SYS_newfstatat 79
#define SYS_fstat 80
#define SYS_sync 81
#define SYS_fsync 82
#define SYS_fdatasync 83
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_waitid 95
#define SYS_set_tid_address 96
#define SYS_nanosleep 101
#define SYS_getitimer 102
#define SYS_setitimer 103
#define SYS_timer_create 107
#define SYS_timer_getoverrun 109
#define SYS_timer_delete 111
#define SYS_clock_gettime 113
#define SYS_clock_nanosleep 115
#define SYS_sched_setparam 118
#define SYS_sched_setscheduler 119
#define SYS_sched_getscheduler 120
#define SYS_sched_getparam 121
#define SYS_sched_yield 124
#define SYS_sched_get_priority_max 125
#define SYS_sched_get_priority_min 126
#define SYS_sched_rr_get_interval 127
#define SYS_kill 129
#define SYS_tkill 130
#define SYS_tgkill 131
#define SYS_sigaltstack 132
#define SYS_rt_sigsuspend 133
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigpending 136
#define SYS_rt_sigtimedwait 137
#define SYS_rt_sigqueueinfo 138
#define SYS_rt_sigreturn 139
#define SYS_setpriority 140
#define SYS_getpriority 141
#define SYS_setregid 143
#define SYS_setgid 144
#define SYS_setreuid 145
#define SYS_setuid 146
#define SYS_setresuid 147
#define SYS_getresuid 148
#define SYS_setresgid 149
#define SYS_getresgid 150
#define SYS_times 153
#define SYS_setpgid 154
#define SYS_getpgid 155
#define SYS_getsid 156
#define SYS_setsid 157
#define SYS_getgroups 158
#define SYS_setgroups 159
#define SYS_uname 160
#define SYS_sethostname 161
#define SYS_getrusage 165
#define SYS_umask 166
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_getuid 174
#define SYS_geteuid 175
#define SYS_getgid 176
#define SYS_getegid 177
#define SYS_gettid 178
#define SYS_sysinfo 179
#define SYS_socket 198
#define SYS_socketpair 199
#define SYS_bind 200
#define SYS_listen 201
#define SYS_accept 202
#define SYS_connect 203
#define SYS_getsockname 204
#define SYS_getpeername 205
#define SYS_sendto 206
#define SYS_recvfrom 207
#define SYS_setsockopt 208
#define SYS_getsockopt 209
#define SYS_shutdown 210
#define SYS_sendmsg 211
#define SYS_recvmsg 212
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mmap 222
#define SYS_mprotect 226
#define SYS_msync 227
#define SYS_mlock 228
#define SYS_munlock 229
#define SYS_mlockall 230
#define SYS_munlockall 231
#define SYS_madvise 233
#define SYS_accept4 242
#define SYS_wait4 260
#define SYS_prlimit64 261
#define SYS_syncfs 267
#define SYS_renameat2 276
#define SYS_getrandom 278
#define SYS_statx 291
#define SYS_clock_gettime64 403
#define SYS_clock_getres_time64 406
#define SYS_clock_nanosleep_time64 407
#define SYS_timer_gettime64 408
#define SYS_timer_settime64 409
#define SYS_pselect6_time64 413
#define SYS_ppoll_time64 414
#define SYS_rt_sigtimedwait_time64 421
#define SYS_sched_rr_get_interval_time64 423
#define SYS_faccessat2 439
#define SYS_chkpnt 0x4000
#define SYS_restart 0x4001
/* syscalls:end */

/* Raw system call: a7 = n, a0..a5 = args; returns a0 (may be -errno). */
static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r7 __asm__("a7") = n;
  register long r0 __asm__("a0") = a;
  register long r1 __asm__("a1") = b;
  register long r2 __asm__("a2") = c;
  register long r3 __asm__("a3") = d;
  register long r4 __asm__("a4") = e;
  register long r5 __asm__("a5") = f;
  __asm__ volatile("ecall" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5) : "memory");
  return r0;
}
#define __syscall0(n) __syscall6((n), 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a) __syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define __syscall2(n, a, b) __syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define __syscall3(n, a, b, c) __syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __syscall4(n, a, b, c, d) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __syscall5(n, a, b, c, d, e) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Turn a raw result into the C convention: -1 with errno set, or the value. */
long __syscall_ret(long r);
#endif
