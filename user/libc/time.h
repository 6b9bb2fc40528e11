/* time.h — 64-bit timespec calls (clock_gettime64, clock_nanosleep_time64). */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
struct timespec { long long tv_sec; long long tv_nsec; };
int clock_gettime(int clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);
#endif
