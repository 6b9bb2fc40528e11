/* recurse: deep and branchy recursion (fib, ackermann, a deep chain) to exercise the stack. */
#include <stdio.h>

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static unsigned ack(unsigned m, unsigned n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}
static volatile unsigned depth_sink;
static unsigned deep(unsigned n) {
  volatile char pad[64];
  pad[0] = (char)n;
  if (n == 0) return 0;
  unsigned r = deep(n - 1) + (unsigned char)pad[0];
  depth_sink = r;
  return r;
}

int main(void) {
  for (unsigned i = 0; i <= 24; i += 4) printf("fib(%u)=%u\n", i, fib(i));
  printf("ack(2,3)=%u\n", ack(2, 3));
  printf("ack(3,5)=%u\n", ack(3, 5));
  printf("deep(20000)=%u\n", deep(20000));
  return 0;
}
