/* sleep — pause for N seconds (fractions allowed: 0.5); several arguments add up. */
#include <ctype.h>
#include <errno.h>
#include <time.h>
#include "args.h"

/* Parse "12.345", ".5", "2m", "1.5h" into nanoseconds (suffixes s m h d as GNU); -1 if malformed. */
static long long parse(const char *s) {
  long long sec = 0, ns = 0, scale = 100000000;
  int digits = 0;
  for (; isdigit(*s); s++, digits++) {
    if (sec > 100000000000LL) return -1;
    sec = sec * 10 + (*s - '0');
  }
  if (*s == '.') for (s++; isdigit(*s); s++, scale /= 10, digits++) ns += (*s - '0') * scale;
  if (!digits) return -1;
  long long mul = 1;
  if (*s == 's') s++;
  else if (*s == 'm') mul = 60, s++;
  else if (*s == 'h') mul = 3600, s++;
  else if (*s == 'd') mul = 86400, s++;
  if (*s) return -1;
  return (sec * 1000000000LL + ns) * mul;
}

int main(int argc, char **argv) {
  ARGS("sleep", "SECONDS[smhd]... (fractions allowed: 0.5)");
  if (argc < 2) bad_usage("missing operand");
  long long total = 0;
  for (int i = 1; i < argc; i++) {
    long long v = parse(argv[i]);
    if (v < 0) bad_usage("invalid time interval '%s'", argv[i]);
    total += v;
  }
  struct timespec req = {total / 1000000000LL, total % 1000000000LL}, rem;
  while (nanosleep(&req, &rem) < 0) {
    if (errno != EINTR) { perror("sleep"); return 1; }
    req = rem;
  }
  return 0;
}
