/* arith: integer arithmetic and the RISC-V division corner cases (x/0 = -1, x%0 = x,
 * INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0), shifts and comparisons, printed in hex. */
#include <stdio.h>
#include <stdint.h>

static volatile int32_t vals[] = {0, 1, -1, 2, -2, 7, -7, 0x7fffffff, (int32_t)0x80000000, 12345, -98765, 0x10000};
#define N (int)(sizeof vals / sizeof vals[0])

int main(void) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      int32_t a = vals[i], b = vals[j];
      int32_t q, r;
      uint32_t qu, ru;
      __asm__("div %0, %1, %2" : "=r"(q) : "r"(a), "r"(b));
      __asm__("rem %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      __asm__("divu %0, %1, %2" : "=r"(qu) : "r"(a), "r"(b));
      __asm__("remu %0, %1, %2" : "=r"(ru) : "r"(a), "r"(b));
      printf("%08x %08x: + %08x - %08x div %08x rem %08x divu %08x remu %08x sll %08x srl %08x sra %08x slt %d sltu %d\n",
             (uint32_t)a, (uint32_t)b, (uint32_t)(a + b), (uint32_t)(a - b), (uint32_t)q, (uint32_t)r, qu, ru,
             (uint32_t)a << (b & 31), (uint32_t)a >> (b & 31), (uint32_t)(a >> (b & 31)), a < b, (uint32_t)a < (uint32_t)b);
    }
  }
  /* The same through C, which the compiler lowers on its own. */
  int32_t sum = 0;
  for (int i = 1; i < N; i++) sum += vals[i] / (vals[i - 1] | 1) + vals[i] % 13;
  printf("c-level sum %d\n", sum);
  return 0;
}
