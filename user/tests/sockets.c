/* sockets: the socket and poll system calls (#11), checked for results Linux gives, so the
 * output matches qemu-riscv32: named AF_UNIX sockets as files (bind makes a socket file,
 * connect by path, unlink removes the name, ENOENT / EADDRINUSE / ECONNREFUSED / ENXIO),
 * a blocking send that waits until all is sent, non-blocking EAGAIN, TCP over 127.0.0.1,
 * and the signal mask of ppoll/pselect6 applied only during the wait.
 * Raw system calls: each line prints what the kernel returned (−errno on failure). */
#include <stdio.h>
#include <string.h>
#include <syscall.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
#define SYS_shutdown 210
#define SYS_unlinkat 35
#define SYS_mkdirat 34
#define SYS_chdir 49
#define SYS_pselect6_time64 413
#define SYS_ppoll_time64 414
#define SYS_umask 166
#define SYS_fcntl 25
#define SYS_getpid 172
#define SYS_kill 129
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigaction 134

struct sun { unsigned short family; char path[108]; };
struct sin { unsigned short family; unsigned short port; unsigned int addr; char zero[8]; };
struct ts64 { long long sec; long long nsec; };
struct pfd { int fd; short events; short revents; };

static struct sun un(const char *p) {
  struct sun a;
  memset(&a, 0, sizeof a);
  a.family = 1;
  strcpy(a.path, p);
  return a;
}
static long sock(int domain) { return __syscall3(SYS_socket, domain, 1, 0); }
static long bindu(int fd, const char *p) {
  struct sun a = un(p);
  return __syscall3(SYS_bind, fd, &a, 2 + strlen(p) + 1);
}
static long connu(int fd, const char *p) {
  struct sun a = un(p);
  return __syscall3(SYS_connect, fd, &a, 2 + strlen(p) + 1);
}

static volatile int handled;
static void on_usr1(int sig) { handled += sig == SIGUSR1; }

static char big[200000];
static char sink[65536];

static void names(void) {
  __syscall1(SYS_umask, 022);
  int l = sock(1), again = sock(1), c = sock(1);
  printf("bind s1: %d\n", (int)bindu(l, "s1"));
  struct stat st;
  printf("stat s1: %d socket %d mode %o\n", stat("s1", &st), S_ISSOCK(st.st_mode), st.st_mode & 0777);
  printf("bind s1 again: %d\n", (int)bindu(again, "s1"));
  printf("bind a bound socket: %d\n", (int)bindu(l, "s9"));
  printf("connect before listen: %d\n", (int)connu(c, "s1"));
  printf("listen: %d\n", (int)__syscall2(SYS_listen, l, 4));
  printf("connect by path: %d\n", (int)connu(c, "./s1"));
  int s = __syscall3(SYS_accept, l, 0, 0);
  printf("accept: %s\n", s >= 0 ? "an fd" : "error");
  struct sun a;
  int len = sizeof a;
  memset(&a, 0, sizeof a);
  printf("getsockname: %d len %d path %s\n", (int)__syscall3(SYS_getsockname, l, &a, &len), len, a.path);
  len = sizeof a;
  memset(&a, 0, sizeof a);
  printf("getpeername: %d len %d path %s\n", (int)__syscall3(SYS_getpeername, c, &a, &len), len, a.path);
  len = sizeof a;
  printf("getpeername of the accepted end: %d len %d\n", (int)__syscall3(SYS_getpeername, s, &a, &len), len);
  printf("send: %d\n", (int)__syscall6(SYS_sendto, c, "hello", 5, 0, 0, 0));
  printf("recv: %d\n", (int)__syscall6(SYS_recvfrom, s, sink, sizeof sink, 0, 0, 0));
  printf("open a socket file: %d\n", (int)__syscall4(56, -100, "s1", 0, 0));
  printf("unlink s1: %d\n", (int)__syscall3(SYS_unlinkat, -100, "s1", 0));
  int c2 = sock(1);
  printf("connect after unlink: %d\n", (int)connu(c2, "s1"));
  printf("the connection lives on: %d\n", (int)__syscall6(SYS_sendto, s, "x", 1, 0, 0, 0));
  __syscall1(57, l);
  int b = sock(1);
  printf("bind s2: %d\n", (int)bindu(b, "s2"));
  __syscall1(57, b);
  int c3 = sock(1);
  printf("connect to a closed socket's name: %d\n", (int)connu(c3, "s2"));
  int b2 = sock(1);
  printf("bind a name left behind: %d\n", (int)bindu(b2, "s2"));
  __syscall4(56, -100, "plain", 0101, 0644);
  printf("connect to a plain file: %d\n", (int)connu(c3, "plain"));
  printf("bind in a missing directory: %d\n", (int)bindu(b2, "nodir/s"));
  printf("connect in a missing directory: %d\n", (int)connu(c3, "nodir/s"));
  __syscall3(SYS_unlinkat, -100, "s2", 0);
  __syscall3(SYS_unlinkat, -100, "plain", 0);
}

static void streams(void) {
  int sv[2];
  printf("socketpair: %d\n", (int)__syscall4(SYS_socketpair, 1, 1, 0, sv));
  for (int i = 0; i < (int)sizeof big; i++) big[i] = (char)(i * 7);
  long pid = fork();
  if (pid == 0) {
    long got = 0, sum = 0, n;
    while ((n = __syscall6(SYS_recvfrom, sv[1], sink, sizeof sink, 0, 0, 0)) > 0) {
      for (long i = 0; i < n; i++) sum += (unsigned char)sink[i] == (unsigned char)(char)((got + i) * 7);
      got += n;
    }
    __syscall1(93, got != sizeof big ? 1 : sum != sizeof big ? 2 : 0);
  }
  printf("blocking send of 200000: %d\n", (int)__syscall6(SYS_sendto, sv[0], big, sizeof big, 0, 0, 0));
  __syscall2(SYS_shutdown, sv[0], 1);
  int status = -1;
  waitpid(pid, &status, 0);
  printf("the reader got every byte in order: %s\n", status == 0 ? "yes" : "no");
  __syscall1(57, sv[0]);
  __syscall1(57, sv[1]);

  __syscall4(SYS_socketpair, 1, 1 | 04000, 0, sv);
  long n, total = 0;
  while ((n = __syscall6(SYS_sendto, sv[0], big, sizeof big, 0, 0, 0)) > 0) total += n;
  printf("non-blocking: filled %s, then %d\n", total > 0 && total < 10 * (long)sizeof big ? "some" : "none", (int)n);
  __syscall1(57, sv[1]);
  printf("send to a closed peer (MSG_NOSIGNAL): %d\n", (int)__syscall6(SYS_sendto, sv[0], "x", 1, 0x4000, 0, 0));
  __syscall1(57, sv[0]);
}

static void tcp(void) {
  int l = sock(2);
  struct sin a;
  memset(&a, 0, sizeof a);
  a.family = 2;
  a.addr = 0x0100007f; /* 127.0.0.1 */
  printf("tcp bind port 0: %d\n", (int)__syscall3(SYS_bind, l, &a, sizeof a));
  int len = sizeof a;
  __syscall3(SYS_getsockname, l, &a, &len);
  printf("an ephemeral port: %s\n", a.port != 0 ? "yes" : "no");
  printf("listen: %d\n", (int)__syscall2(SYS_listen, l, 4));
  int dup = sock(2);
  printf("bind the same port: %d\n", (int)__syscall3(SYS_bind, dup, &a, sizeof a));
  int c = sock(2);
  printf("connect: %d\n", (int)__syscall3(SYS_connect, c, &a, sizeof a));
  int s = __syscall3(SYS_accept, l, 0, 0);
  printf("send/recv: %d %d\n", (int)__syscall6(SYS_sendto, c, "ping", 4, 0, 0, 0), (int)__syscall6(SYS_recvfrom, s, sink, 10, 0, 0, 0));
  __syscall1(57, l);
  int c2 = sock(2);
  printf("connect to a closed port: %d\n", (int)__syscall3(SYS_connect, c2, &a, sizeof a));
}

static void masks(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, 0);
  unsigned long long usr1 = 1ull << (SIGUSR1 - 1), none = 0, cur = 0;
  __syscall4(SYS_rt_sigprocmask, 0, &usr1, 0, 8); /* block SIGUSR1 */
  __syscall2(SYS_kill, __syscall0(SYS_getpid), SIGUSR1); /* pending, blocked */
  printf("pending while blocked, handled: %d\n", handled);
  struct ts64 t = {1, 0};
  long r = __syscall5(SYS_ppoll_time64, 0, 0, &t, &none, 8);
  printf("ppoll with an empty mask: %d, handled: %d\n", (int)r, handled);
  __syscall4(SYS_rt_sigprocmask, 0, 0, &cur, 8);
  printf("mask after: SIGUSR1 blocked %d\n", (int)((cur & usr1) != 0));
  struct ts64 z = {0, 1000000};
  printf("ppoll, nothing pending: %d\n", (int)__syscall5(SYS_ppoll_time64, 0, 0, &z, &none, 8));
  printf("ppoll, bad sigsetsize: %d\n", (int)__syscall5(SYS_ppoll_time64, 0, 0, &z, &none, 4));
  __syscall2(SYS_kill, __syscall0(SYS_getpid), SIGUSR1);
  struct { void *set; long size; } data = {&none, 8};
  struct ts64 t2 = {1, 0};
  r = __syscall6(SYS_pselect6_time64, 0, 0, 0, 0, &t2, &data);
  printf("pselect6 with an empty mask: %d, handled: %d\n", (int)r, handled);
  /* (A signal the call's mask blocks, arriving during the wait, is delivered after the call
   * returns: test/net/poll-mask.test.ts. qemu-user loses that signal, so it is not compared here.) */
}

int main(void) {
  char dir[64];
  snprintf(dir, sizeof dir, "/tmp/sockets-test.%d", (int)__syscall0(SYS_getpid));
  __syscall3(SYS_mkdirat, -100, dir, 0700);
  if (__syscall1(SYS_chdir, dir) != 0) {
    printf("cannot enter %s\n", dir);
    return 1;
  }
  names();
  streams();
  tcp();
  masks();
  __syscall1(SYS_chdir, "/");
  __syscall3(SYS_unlinkat, -100, dir, 0x200);
  return 0;
}
