/* primes — print primes one per line as they are found, up to LIMIT (default: forever, i.e. up to
 * 2^32-1). Each line is written at once so a checkpoint never loses a printed prime. The state is
 * a counter and the table of small primes: the classic long-running job a restart must survive.
 *
 *   primes [-c SECONDS -f FILE] [-v] [LIMIT]  checkpoint itself to FILE every SECONDS (may have a
 *                                            fraction: 0.5) of virtual CPU time; -v says on stderr
 *                                            when a run restarted from FILE resumes
 *   primes -R FILE                            restart a run from its checkpoint FILE, wait for it
 *
 * The self-checkpoint returns 1 in a run restarted from the file (ckpt.h); the run carries on from
 * the candidate it had reached, and its output file (saved with it) is cut back to that point. */
#include <ckpt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
#include "args.h"

static unsigned small[6600]; /* primes below 65536: enough to test any 32-bit candidate */
static int nsmall;

static int is_prime(unsigned n) {
  for (int i = 0; i < nsmall; i++) {
    unsigned p = small[i];
    if (p * p > n || p >= 65536) return 1;
    if (n % p == 0) return 0;
  }
  return 1;
}

static long long cpu_ns(void) {
  struct timespec ts;
  clock_gettime(2 /* CLOCK_PROCESS_CPUTIME_ID */, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int usage(void) {
  fprintf(stderr, "usage: primes [-c SECONDS -f FILE] [-v] [LIMIT] | primes -R FILE\n");
  return 2;
}

/* "2", "0.25": nanoseconds, or -1. */
static long long seconds_ns(const char *s) {
  long long ns = 0, unit = 1000000000LL;
  int digits = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) ns = ns * 10 + (*s - '0') * unit;
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9'; s++, digits++) ns += (*s - '0') * (unit /= 10);
  return *s || !digits || ns > 1000000000000000LL ? -1 : ns;
}

/* primes -R FILE: the restarted run becomes our child, on our terminal; its status is ours. */
static int restart_run(const char *file) {
  char msg[256];
  int pid = restart(file, RESTART_RENUMBER | RESTART_ATTACH | RESTART_REPLACE, msg, sizeof msg);
  if (pid < 0) {
    fprintf(stderr, "primes: restart %s: %s\n", file, msg[0] ? msg : strerror(errno));
    return 1;
  }
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return 1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv) {
  ARGS("primes", "[-c SECONDS -f FILE] [-v] [LIMIT] | primes -R FILE");
  unsigned long long limit = 0xffffffffULL;
  long long every = 0;
  const char *file = 0;
  int verbose = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-R") && i + 1 < argc) return restart_run(argv[i + 1]);
    if (!strcmp(argv[i], "-c") && i + 1 < argc) {
      every = seconds_ns(argv[++i]);
      if (every <= 0) return usage();
    } else if (!strcmp(argv[i], "-f") && i + 1 < argc) file = argv[++i];
    else if (!strcmp(argv[i], "-v")) verbose = 1;
    else if (argv[i][0] >= '0' && argv[i][0] <= '9') {
      char *end;
      limit = (unsigned long long)strtoll(argv[i], &end, 10);
      if (*end) return usage();
    }
    else return usage();
  }
  if ((every > 0) != (file != 0)) return usage();
  long long next = every > 0 ? cpu_ns() + every : 0;
  char line[16];
  for (unsigned long long n = 2; n <= limit; n++) {
    if (every > 0 && (n & 1023) == 0 && cpu_ns() >= next) {
      int r = checkpoint(file);
      if (r < 0) fprintf(stderr, "primes: checkpoint %s: %s\n", file, strerror(errno));
      else if (r == 1 && verbose) fprintf(stderr, "primes: restarted from %s at %llu\n", file, n);
      next = cpu_ns() + every; /* in the original and in a restarted run alike */
    }
    if (!is_prime((unsigned)n)) continue;
    if (n < 65536 && nsmall < 6600) small[nsmall++] = (unsigned)n;
    int len = snprintf(line, sizeof line, "%u\n", (unsigned)n);
    if (write(1, line, (size_t)len) < 0) return 1;
  }
  return 0;
}
