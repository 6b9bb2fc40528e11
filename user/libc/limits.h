/* limits.h — the compiler's integer limits plus the system's (Linux values). */
#ifndef _LIBC_LIMITS_H
#define _LIBC_LIMITS_H
#include_next <limits.h>
#define PATH_MAX 4096
#define NAME_MAX 255
#define PIPE_BUF 4096
#define LINE_MAX 2048
#define NGROUPS_MAX 65536
#define ARG_MAX 131072
#define CHILD_MAX 999
#define OPEN_MAX 64
#define LINK_MAX 127
#define MAX_CANON 255
#define MAX_INPUT 255
#define HOST_NAME_MAX 64
#define LOGIN_NAME_MAX 256
#define TTY_NAME_MAX 32
#define RTSIG_MAX 31
#define SIGQUEUE_MAX 32
#define TIMER_MAX 32 /* timer_create per process (then EAGAIN) */
#define DELAYTIMER_MAX 0x7fffffff /* the most timer_getoverrun reports */
#define IOV_MAX 1024
#define PAGESIZE 4096
#define PAGE_SIZE 4096
#define SSIZE_MAX 0x7fffffff
#define LONG_BIT 32
#define WORD_BIT 32
#define NZERO 20
#define _POSIX_ARG_MAX 4096
#define _POSIX_CHILD_MAX 25
#define _POSIX_OPEN_MAX 20
#define _POSIX_PATH_MAX 256
#define _POSIX_NAME_MAX 14
#define _POSIX_PIPE_BUF 512
#define _POSIX_RTSIG_MAX 8
#define _POSIX_SIGQUEUE_MAX 32
#define _POSIX_TIMER_MAX 32
#define _POSIX_DELAYTIMER_MAX 32
#define _POSIX_SSIZE_MAX 32767
#define _POSIX_CLOCKRES_MIN 20000000
#define _POSIX2_LINE_MAX 2048
#endif
