/* ckpt.h — cryobox's job checkpoint and restart calls (docs/jobs.md), in cryobox's own system
 * call range 0x4000+ (not Linux calls: under qemu-riscv32 they fail with ENOSYS).
 *
 *   checkpoint(path)  a self-checkpoint: the caller and its descendants are written to PATH
 *                     (atomically: PATH.new, then renamed). Returns 0 in the run that took it
 *                     and 1 in a run restarted from PATH, like fork or setjmp; -1 with errno.
 *   chkpnt(...)       checkpoint a process tree (CKPT_PROCESS) or a job = session (CKPT_JOB).
 *   restart(...)      restart a job file as children of the caller; returns the new pid of the
 *                     job's first process, or -1 with errno and a reason in msg. */
#ifndef _CKPT_H
#define _CKPT_H
/* Header-only (static functions), so programs that do not use it link exactly as before. A
 * checkpoint file is written under PATH.new and renamed over PATH only once complete, so a crash
 * while it is written leaves the previous checkpoint intact. */
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <syscall.h>

#define CRYOBOX_SYS_CHKPNT 0x4000
#define CRYOBOX_SYS_RESTART 0x4001

#define CKPT_PROCESS 0 /* a process and its descendants */
#define CKPT_JOB 1     /* every process of a session */
#define CKPT_SELF 2    /* the caller and its descendants */

#define CKPT_STOP 1 /* stop the job after the checkpoint (-s) */
#define CKPT_KILL 2 /* kill it (-k) */
#define CKPT_CUT 4  /* cut pipes to processes outside the job (-c) */

#define RESTART_RENUMBER 1 /* give taken pids/groups/sessions new numbers (-r) */
#define RESTART_ATTACH 2   /* attach the job to the caller's controlling terminal (-t) */
#define RESTART_REPLACE 4  /* put back saved contents of tmpfs files changed since (-F) */

/* The raw calls, on an open file. */
static inline int chkpnt_fd(int kind, int id, int fd, int flags, char *msg, size_t msglen) {
  return (int)__syscall_ret(__syscall6(CRYOBOX_SYS_CHKPNT, kind, id, fd, flags, (long)msg, (long)msglen));
}

static inline int restart_fd(int fd, int flags, char *msg, size_t msglen) {
  return (int)__syscall_ret(__syscall4(CRYOBOX_SYS_RESTART, fd, flags, msg, msglen));
}

/* Write the checkpoint to PATH.new, then rename it over PATH. In a restarted copy the call returns
 * 1 and the temporary file's fd is not open (it was never part of the checkpoint). */
static inline int chkpnt(int kind, int id, const char *path, int flags, char *msg, size_t msglen) {
  char tmp[512];
  if (msg && msglen) msg[0] = 0;
  if (strlen(path) + 5 > sizeof tmp) { errno = ENAMETOOLONG; return -1; }
  snprintf(tmp, sizeof tmp, "%s.new", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  int r = chkpnt_fd(kind, id, fd, flags, msg, msglen);
  if (r == 1) return 1;
  int saved = errno;
  close(fd);
  if (r < 0) { unlink(tmp); errno = saved; return -1; }
  if (rename(tmp, path) < 0) return -1;
  return 0;
}

static inline int checkpoint(const char *path) {
  return chkpnt(CKPT_SELF, 0, path, 0, 0, 0);
}

static inline int restart(const char *path, int flags, char *msg, size_t msglen) {
  if (msg && msglen) msg[0] = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = restart_fd(fd, flags, msg, msglen);
  int saved = errno;
  close(fd);
  errno = saved;
  return r;
}
#endif
