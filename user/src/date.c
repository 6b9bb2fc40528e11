/* date — the current time in UTC ("Mon Nov 23 15:58:37 UTC 2026"); +%s prints seconds since 1970. */
#include <time.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("date", "[+%s]");
  if (argc > 2 || (argc == 2 && strcmp(argv[1], "+%s"))) bad_usage("unsupported operand '%s'", argv[1]);
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) < 0) { perror("date"); return 1; }
  long long t = ts.tv_sec;
  if (argc > 1 && !strcmp(argv[1], "+%s")) { printf("%lld\n", t); return 0; }
  static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char *const wday[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  if (t < 0) t = 0;
  long days = (long)(t / 86400), secs = (long)(t % 86400);
  /* Civil date from days since 1970-01-01 (proleptic Gregorian). */
  long z = days + 719468, era = z / 146097, doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  printf("%s %s %2ld %02ld:%02ld:%02ld UTC %ld\n", wday[days % 7], mon[m - 1], d, secs / 3600, secs / 60 % 60, secs % 60, y);
  return 0;
}
