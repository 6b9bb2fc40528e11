/* sys/select.h — select over pselect6_time64. */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
#include <sys/types.h>
#define FD_SETSIZE 1024
typedef struct { unsigned long fds_bits[FD_SETSIZE / 32]; } fd_set;
#define FD_ZERO(s) do { for (int _i = 0; _i < FD_SETSIZE / 32; _i++) (s)->fds_bits[_i] = 0; } while (0)
#define FD_SET(d, s) ((s)->fds_bits[(d) / 32] |= 1UL << ((d) % 32))
#define FD_CLR(d, s) ((s)->fds_bits[(d) / 32] &= ~(1UL << ((d) % 32)))
#define FD_ISSET(d, s) (((s)->fds_bits[(d) / 32] >> ((d) % 32)) & 1)
#ifndef _STRUCT_TIMEVAL
#define _STRUCT_TIMEVAL
struct timeval { long tv_sec; long tv_usec; };
#endif
#include <syscall.h>
#include <time.h>
/* pselect6_time64 (413); the time left is written back to tv, as Linux does. Inline: no library object. */
static inline int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv) {
  struct timespec ts = {0, 0};
  if (tv) {
    ts.tv_sec = tv->tv_sec;
    ts.tv_nsec = (long long)tv->tv_usec * 1000;
  }
  int rc = __syscall_ret(__syscall6(413, n, (long)r, (long)w, (long)e, (long)(tv ? &ts : 0), 0));
  if (tv) {
    tv->tv_sec = (long)ts.tv_sec;
    tv->tv_usec = (long)(ts.tv_nsec / 1000);
  }
  return rc;
}
#endif
