/* syscalls: the small Linux subset `cryobox run` provides, checked for results that any
 * Linux RV32 implementation gives (so the output matches qemu-riscv32). */
#include <stdio.h>
#include <stdint.h>
#include <syscall.h>

/* Calls outside the userland's list in libc's syscall.h (the kernel does not provide them;
 * `cryobox run` answers them as Linux does). */
#define SYS_set_tid_address 96
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_getrandom 278

struct iovec { void *base; size_t len; };
struct timespec { int32_t sec_lo, sec_hi; int32_t nsec; int32_t pad; }; /* RV32 time64 timespec */

int main(void) {
  struct iovec iov[3] = {{"wri", 3}, {"tev ", 4}, {"works\n", 6}};
  long n = __syscall3(SYS_writev, 1, iov, 3);
  printf("writev returned %d\n", (int)n);
  printf("getpid positive: %s\n", __syscall0(SYS_getpid) > 0 ? "yes" : "no");
  printf("set_tid_address positive: %s\n", __syscall1(SYS_set_tid_address, 0) > 0 ? "yes" : "no");
  char uts[6 * 65];
  printf("uname: %d sysname %s machine %s\n", (int)__syscall1(SYS_uname, uts), uts, uts + 4 * 65);
  struct timespec t1, t2;
  long r1 = __syscall2(SYS_clock_gettime64, 1, &t1);
  for (volatile int i = 0; i < 100000; i++) {}
  long r2 = __syscall2(SYS_clock_gettime64, 1, &t2);
  int later = t2.sec_lo > t1.sec_lo || (t2.sec_lo == t1.sec_lo && t2.nsec > t1.nsec);
  printf("clock_gettime: %d %d, advances: %s, nsec in range: %s\n", (int)r1, (int)r2, later ? "yes" : "no",
         t2.nsec >= 0 && t2.nsec < 1000000000 ? "yes" : "no");
  unsigned char rnd[16];
  printf("getrandom: %d\n", (int)__syscall3(SYS_getrandom, rnd, 16, 0));
  printf("rt_sigaction: %d\n", (int)__syscall4(SYS_rt_sigaction, 10, 0, 0, 8));
  printf("rt_sigprocmask: %d\n", (int)__syscall4(SYS_rt_sigprocmask, 0, 0, 0, 8));
  char termios[64];
  printf("ioctl TCGETS on a pipe: %d\n", (int)__syscall3(SYS_ioctl, 1, 0x5401, termios));
  printf("openat missing file: %d\n", (int)__syscall4(SYS_openat, -100, "/no/such/file", 0, 0));
  printf("close bad fd: %d\n", (int)__syscall1(SYS_close, 77));
  printf("write bad fd: %d\n", (int)__syscall3(SYS_write, 77, "x", 1));
  printf("write bad pointer: %d\n", (int)__syscall3(SYS_write, 1, 16, 1));
  printf("unknown syscall: %d\n", (int)__syscall0(4095));
  unsigned char *m = (unsigned char *)__syscall6(SYS_mmap, 0, 65536, 3, 0x22, -1, 0);
  int zero = 1;
  for (int i = 0; i < 65536; i++) zero &= m[i] == 0;
  m[65535] = 7;
  printf("mmap anonymous: zeroed %s, writable %s\n", zero ? "yes" : "no", m[65535] == 7 ? "yes" : "no");
  printf("munmap: %d\n", (int)__syscall2(SYS_munmap, m, 65536));
  return 0;
}
