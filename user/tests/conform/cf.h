/* cf.h — helpers shared by the conformance programs: CHECK prints "name: ok" or what went wrong,
 * so the box's output and Linux's can be compared line by line. */
#ifndef CF_H
#define CF_H
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static int cf_failed;
#define CHECK(name, cond) do { if (cond) printf("%s: ok\n", name); else { printf("%s: FAILED (%s) errno=%d\n", name, #cond, errno); cf_failed++; } fflush(stdout); } while (0)
#define SAY(...) do { printf(__VA_ARGS__); fflush(stdout); } while (0)
/* Virtual and real time differ: compare durations loosely. */
#include <time.h>
static inline long long cf_now_ms(int clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
#endif
