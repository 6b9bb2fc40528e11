/* unistd.h — process, fd and file-system calls (wrappers set errno and return -1 on failure). */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
extern char **environ;
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
/* 64-bit seek through llseek; stores the new offset in *res. */
int llseek(int fd, long long off, long long *res, int whence);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
/* execvp: path with '/' used as is, else tried in each PATH dir (default /bin). */
int execvp(const char *file, char *const argv[]);
__attribute__((noreturn)) void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t setsid(void);
pid_t getsid(pid_t pid);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int isatty(int fd);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
unsigned sleep(unsigned secs);
int usleep(unsigned usecs);
void *sbrk(long inc);
int brk(void *addr);
int sched_yield(void);
/* access modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
int execle(const char *path, const char *arg, ...);
unsigned alarm(unsigned secs);
int pause(void);
int setpgrp(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t u);
int seteuid(uid_t u);
int setgid(gid_t g);
int setegid(gid_t g);
int setreuid(uid_t r, uid_t e);
int setregid(gid_t r, gid_t e);
int getgroups(int n, gid_t *list);
int setgroups(size_t n, const gid_t *list);
int fsync(int fd);
int fdatasync(int fd);
void sync(void);
int ftruncate(int fd, off_t len);
int truncate(const char *path, off_t len);
int nice(int inc);
int gethostname(char *name, size_t n);
char *getlogin(void);
char *ttyname(int fd);
int link(const char *from, const char *to);
int symlink(const char *target, const char *path);
ssize_t readlink(const char *path, char *buf, size_t n);
int chown(const char *path, uid_t u, gid_t g);
int fchown(int fd, uid_t u, gid_t g);
int lchown(const char *path, uid_t u, gid_t g);
int fchdir(int fd);
long sysconf(int name);
long pathconf(const char *path, int name);
long fpathconf(int fd, int name);
int getpagesize(void);
/* lockf on fcntl locks */
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3
int lockf(int fd, int cmd, off_t len);
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *opts);

/* POSIX options and versions this system supports (sysconf reports the same). */
#define _POSIX_VERSION 200809L
#define _POSIX2_VERSION 200809L
#define _XOPEN_VERSION 700
#define _XOPEN_UNIX 1
#define _POSIX_JOB_CONTROL 1
#define _POSIX_SAVED_IDS 1
#define _POSIX_REALTIME_SIGNALS 200809L
#define _POSIX_FSYNC 200809L
#define _POSIX_SYNCHRONIZED_IO 200809L
#define _POSIX_MEMORY_PROTECTION 200809L
#define _POSIX_MEMLOCK 200809L
#define _POSIX_MEMLOCK_RANGE 200809L
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_CLOCK_SELECTION 200809L
#define _POSIX_CPUTIME 200809L
#define _POSIX_PRIORITY_SCHEDULING 200809L
#define _POSIX_NO_TRUNC 1
#define _POSIX_VDISABLE 0
#define _POSIX_CHOWN_RESTRICTED 1
#define _POSIX_TIMERS 200809L
#define _POSIX_THREADS (-1)
#define _POSIX_ASYNCHRONOUS_IO (-1)
#define _POSIX_MESSAGE_PASSING (-1)
#define _POSIX_SEMAPHORES (-1)
#define _POSIX_SHARED_MEMORY_OBJECTS (-1)
#define _POSIX_MAPPED_FILES (-1)
#define _POSIX_SPAWN (-1)
#define _POSIX_TIMEOUTS (-1)
#define _POSIX_THREAD_CPUTIME (-1)
#define _POSIX_PRIORITIZED_IO (-1)
#define _POSIX_BARRIERS (-1)
#define _POSIX_SPIN_LOCKS (-1)
#define _POSIX_READER_WRITER_LOCKS (-1)
#define _POSIX_RAW_SOCKETS (-1)
#define _POSIX_IPV6 (-1)

/* sysconf names (the numbers are glibc's). */
#define _SC_ARG_MAX 0
#define _SC_CHILD_MAX 1
#define _SC_CLK_TCK 2
#define _SC_NGROUPS_MAX 3
#define _SC_OPEN_MAX 4
#define _SC_STREAM_MAX 5
#define _SC_TZNAME_MAX 6
#define _SC_JOB_CONTROL 7
#define _SC_SAVED_IDS 8
#define _SC_REALTIME_SIGNALS 9
#define _SC_PRIORITY_SCHEDULING 10
#define _SC_TIMERS 11
#define _SC_ASYNCHRONOUS_IO 12
#define _SC_PRIORITIZED_IO 13
#define _SC_SYNCHRONIZED_IO 14
#define _SC_FSYNC 15
#define _SC_MAPPED_FILES 16
#define _SC_MEMLOCK 17
#define _SC_MEMLOCK_RANGE 18
#define _SC_MEMORY_PROTECTION 19
#define _SC_MESSAGE_PASSING 20
#define _SC_SEMAPHORES 21
#define _SC_SHARED_MEMORY_OBJECTS 22
#define _SC_AIO_LISTIO_MAX 23
#define _SC_AIO_MAX 24
#define _SC_AIO_PRIO_DELTA_MAX 25
#define _SC_DELAYTIMER_MAX 26
#define _SC_MQ_OPEN_MAX 27
#define _SC_MQ_PRIO_MAX 28
#define _SC_VERSION 29
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_RTSIG_MAX 31
#define _SC_SEM_NSEMS_MAX 32
#define _SC_SEM_VALUE_MAX 33
#define _SC_SIGQUEUE_MAX 34
#define _SC_TIMER_MAX 35
#define _SC_LINE_MAX 43
#define _SC_2_VERSION 46
#define _SC_THREADS 67
#define _SC_TTY_NAME_MAX 72
#define _SC_LOGIN_NAME_MAX 71
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
#define _SC_PHYS_PAGES 85
#define _SC_XOPEN_VERSION 89
#define _SC_XOPEN_UNIX 91
#define _SC_MONOTONIC_CLOCK 149
#define _SC_CLOCK_SELECTION 137
#define _SC_CPUTIME 138
#define _SC_THREAD_CPUTIME 139
#define _SC_TIMEOUTS 164
#define _SC_SPAWN 159
#define _SC_HOST_NAME_MAX 180
#define _SC_SYMLOOP_MAX 173
#define _PC_LINK_MAX 0
#define _PC_MAX_CANON 1
#define _PC_MAX_INPUT 2
#define _PC_NAME_MAX 3
#define _PC_PATH_MAX 4
#define _PC_PIPE_BUF 5
#define _PC_CHOWN_RESTRICTED 6
#define _PC_NO_TRUNC 7
#define _PC_VDISABLE 8
#endif
