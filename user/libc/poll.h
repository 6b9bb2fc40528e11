/* poll.h — poll/ppoll over ppoll_time64 (rv32 Linux has no plain poll). */
#ifndef _POLL_H
#define _POLL_H
struct pollfd { int fd; short events; short revents; };
typedef unsigned int nfds_t;
#define POLLIN 0x1
#define POLLPRI 0x2
#define POLLOUT 0x4
#define POLLERR 0x8
#define POLLHUP 0x10
#define POLLNVAL 0x20
#define POLLRDNORM 0x40
#define POLLWRNORM 0x100
#define POLLRDHUP 0x2000
#include <syscall.h>
#include <time.h>
/* ppoll_time64 (414); a negative timeout waits forever. Inline: no library object. */
static inline int poll(struct pollfd *fds, nfds_t n, int ms) {
  struct timespec ts = {ms / 1000, (long long)(ms % 1000) * 1000000};
  return __syscall_ret(__syscall5(414, fds, n, ms < 0 ? 0 : &ts, 0, 8));
}
#endif
