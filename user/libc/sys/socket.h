/* sys/socket.h — stream sockets (AF_UNIX, AF_INET) as cryobox implements them (docs/network.md). */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <sys/types.h>
typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;
struct sockaddr { sa_family_t sa_family; char sa_data[14]; };
struct iovec;
struct msghdr {
  void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; int msg_iovlen;
  void *msg_control; socklen_t msg_controllen; int msg_flags;
};
#define AF_UNIX 1
#define AF_LOCAL AF_UNIX
#define AF_INET 2
#define PF_UNIX AF_UNIX
#define PF_INET AF_INET
#define SOCK_STREAM 1
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000
#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_LINGER 13
#define SO_ACCEPTCONN 30
#define SOMAXCONN 64
#define MSG_PEEK 0x2
#define MSG_DONTWAIT 0x40
#define MSG_NOSIGNAL 0x4000
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
/* The wrappers are inline (no library object: programs that do not use sockets stay unchanged). */
#include <syscall.h>
static inline int socket(int d, int t, int p) { return __syscall_ret(__syscall3(198, d, t, p)); }
static inline int socketpair(int d, int t, int p, int sv[2]) { return __syscall_ret(__syscall4(199, d, t, p, sv)); }
static inline int bind(int fd, const struct sockaddr *a, socklen_t l) { return __syscall_ret(__syscall3(200, fd, a, l)); }
static inline int listen(int fd, int b) { return __syscall_ret(__syscall2(201, fd, b)); }
static inline int accept(int fd, struct sockaddr *a, socklen_t *l) { return __syscall_ret(__syscall3(202, fd, a, l)); }
static inline int connect(int fd, const struct sockaddr *a, socklen_t l) { return __syscall_ret(__syscall3(203, fd, a, l)); }
static inline int getsockname(int fd, struct sockaddr *a, socklen_t *l) { return __syscall_ret(__syscall3(204, fd, a, l)); }
static inline int getpeername(int fd, struct sockaddr *a, socklen_t *l) { return __syscall_ret(__syscall3(205, fd, a, l)); }
static inline ssize_t sendto(int fd, const void *b, size_t n, int f, const struct sockaddr *a, socklen_t l) {
  return __syscall_ret(__syscall6(206, fd, (long)b, (long)n, f, (long)a, (long)l));
}
static inline ssize_t recvfrom(int fd, void *b, size_t n, int f, struct sockaddr *a, socklen_t *l) {
  return __syscall_ret(__syscall6(207, fd, (long)b, (long)n, f, (long)a, (long)l));
}
static inline int setsockopt(int fd, int lv, int nm, const void *v, socklen_t l) { return __syscall_ret(__syscall5(208, fd, lv, nm, v, l)); }
static inline int getsockopt(int fd, int lv, int nm, void *v, socklen_t *l) { return __syscall_ret(__syscall5(209, fd, lv, nm, v, l)); }
static inline int shutdown(int fd, int h) { return __syscall_ret(__syscall2(210, fd, h)); }
static inline ssize_t sendmsg(int fd, const struct msghdr *m, int f) { return __syscall_ret(__syscall3(211, fd, m, f)); }
static inline ssize_t recvmsg(int fd, struct msghdr *m, int f) { return __syscall_ret(__syscall3(212, fd, m, f)); }
static inline int accept4(int fd, struct sockaddr *a, socklen_t *l, int f) { return __syscall_ret(__syscall4(242, fd, a, l, f)); }
static inline ssize_t send(int fd, const void *b, size_t n, int f) { return sendto(fd, b, n, f, 0, 0); }
static inline ssize_t recv(int fd, void *b, size_t n, int f) { return recvfrom(fd, b, n, f, 0, 0); }
#endif
