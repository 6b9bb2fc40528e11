/* sys/types.h — the basic integer types of the userland ABI (ilp32). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef int ssize_t;
typedef int pid_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long time_t;
typedef unsigned long long ino_t;
typedef unsigned int id_t;
typedef long clock_t;
typedef int clockid_t;
typedef unsigned long long dev_t;
typedef unsigned int nlink_t;
typedef long blksize_t;
typedef long long blkcnt_t;
typedef int key_t;
typedef long suseconds_t;
typedef unsigned long useconds_t;
#endif
