/* sleep — pause for N seconds (fractions allowed: 0.5); several arguments add up. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <time.h>

/* Parse "12.345" into nanoseconds; -1 if malformed. */
static long long parse(const char *s) {
  long long sec = 0, ns = 0, scale = 100000000;
  if (!*s) return -1;
  for (; isdigit(*s); s++) sec = sec * 10 + (*s - '0');
  if (*s == '.') for (s++; isdigit(*s); s++, scale /= 10) ns += (*s - '0') * scale;
  if (*s == 's') s++;
  return *s ? -1 : sec * 1000000000LL + ns;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: sleep SECONDS...\n"); return 1; }
  long long total = 0;
  for (int i = 1; i < argc; i++) {
    long long v = parse(argv[i]);
    if (v < 0) { fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]); return 1; }
    total += v;
  }
  struct timespec req = {total / 1000000000LL, total % 1000000000LL}, rem;
  while (nanosleep(&req, &rem) < 0) {
    if (errno != EINTR) { perror("sleep"); return 1; }
    req = rem;
  }
  return 0;
}
