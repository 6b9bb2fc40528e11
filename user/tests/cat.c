/* cat: copies stdin to stdout until EOF, then reports the byte count on stderr. */
#include <stdio.h>
#include <unistd.h>
int main(void) {
  static char buf[4096];
  unsigned total = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0) { printf("read error %d\n", (int)n); return 1; }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(1, buf + done, (size_t)(n - done));
      if (w <= 0) return 1;
      done += w;
    }
    total += (unsigned)n;
  }
  char msg[] = "cat: 0000000000 bytes\n";
  for (int i = 14; i >= 5; i--, total /= 10) msg[i] = (char)('0' + total % 10);
  write(2, msg, sizeof msg - 1);
  return 0;
}
