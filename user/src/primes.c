/* primes — print primes one per line as they are found, up to LIMIT (default: forever, i.e. up to
 * 2^32-1). Each line is written at once so a checkpoint never loses a printed prime. The state is
 * a counter and the table of small primes: the classic long-running job a restart must survive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(int argc, char **argv) {
  unsigned long long limit = argc > 1 ? (unsigned long long)strtoll(argv[1], 0, 10) : 0xffffffffULL;
  char line[16];
  for (unsigned long long n = 2; n <= limit; n++) {
    if (!is_prime((unsigned)n)) continue;
    if (n < 65536 && nsmall < 6600) small[nsmall++] = (unsigned)n;
    int len = snprintf(line, sizeof line, "%u\n", (unsigned)n);
    if (write(1, line, (size_t)len) < 0) return 1;
  }
  return 0;
}
