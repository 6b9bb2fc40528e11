/* chkpnt — checkpoint a process and its descendants (-p PID) or a whole job, i.e. a session
 * (-j JID), to FILE, as UNICOS chkpnt(1) does. The job keeps running, or is stopped (-s) or
 * killed (-k) once the file is complete; -c cuts pipes to processes outside the job instead of
 * refusing. The file is a job snapshot (docs/jobs.md): `restart FILE` brings it back. */
#include <ckpt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "args.h"

static int usage(void) {
  fprintf(stderr, "usage: chkpnt -p PID | -j JID [-s | -k] [-c] FILE\n");
  return 2;
}

static int number(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  return (*s && !*end && v > 0 && v < 1 << 30) ? (int)v : -1;
}

int main(int argc, char **argv) {
  ARGS("chkpnt", "-p PID | -j JID [-s | -k] [-c] FILE");
  int kind = -1, id = -1, flags = 0;
  const char *file = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if ((!strcmp(a, "-p") || !strcmp(a, "-j")) && i + 1 < argc) {
      kind = a[1] == 'p' ? CKPT_PROCESS : CKPT_JOB;
      id = number(argv[++i]);
      if (id < 0) return usage();
    } else if (!strcmp(a, "-s")) flags = (flags & ~CKPT_KILL) | CKPT_STOP;
    else if (!strcmp(a, "-k")) flags = (flags & ~CKPT_STOP) | CKPT_KILL;
    else if (!strcmp(a, "-c")) flags |= CKPT_CUT;
    else if (a[0] == '-' && a[1]) return usage();
    else if (!file) file = a;
    else return usage();
  }
  if (kind < 0 || !file) return usage();
  char msg[256];
  if (chkpnt(kind, id, file, flags, msg, sizeof msg) < 0) {
    fprintf(stderr, "chkpnt: %s\n", msg[0] ? msg : strerror(errno));
    return 1;
  }
  return 0;
}
