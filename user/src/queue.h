/* queue.h — the batch queue's files on the disk, shared by qsub, qstat, qdel and qd (docs/jobs.md).
 *
 *   /mnt/queue/seq        the last job id given out
 *   /mnt/queue/N/script   the job's script (run as `sh script` in a session of its own)
 *   /mnt/queue/N/restart  "y" (restartable: checkpointed, restarted after a crash) or "n"
 *   /mnt/queue/N/state    "queued", "running SID", "done STATUS", "failed REASON", "deleted"
 *   /mnt/queue/N/out      the job's standard output and error
 *   /mnt/queue/N/ckpt     its latest checkpoint (written as ckpt.new, then renamed)
 *   /mnt/queue/N/del      a qdel request, acted on by qd
 * Every small file is replaced atomically (NAME.tmp, then rename), so a crash leaves the old or
 * the new text, never half of one. */
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>

#define QDIR "/mnt/queue"

/* The text of PATH (NUL-terminated, trailing newline dropped) in buf; its length, or -1. */
static inline int q_read(const char *path, char *buf, int n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int len = 0, r;
  while (len < n - 1 && (r = (int)read(fd, buf + len, (size_t)(n - 1 - len))) > 0) len += r;
  close(fd);
  while (len > 0 && buf[len - 1] == '\n') len--;
  buf[len] = 0;
  return len;
}

/* Replace PATH with TEXT and a newline, atomically. */
static inline int q_write(const char *path, const char *text) {
  char tmp[256];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text) && write(fd, "\n", 1) == 1;
  close(fd);
  if (!ok) return -1;
  return rename(tmp, path);
}

/* PATH of job ID's file NAME. */
static inline void q_path(char *out, int n, int id, const char *name) {
  snprintf(out, (size_t)n, QDIR "/%d/%s", id, name);
}

/* A job id from a directory name, or -1. */
static inline int q_id(const char *name) {
  int v = 0;
  if (!*name) return -1;
  for (; *name; name++) {
    if (*name < '0' || *name > '9' || v > 10000000) return -1;
    v = v * 10 + (*name - '0');
  }
  return v;
}
