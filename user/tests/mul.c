/* mul: mul, mulh, mulhsu and mulhu tables over interesting 32-bit values. */
#include <stdio.h>
#include <stdint.h>

static volatile uint32_t vals[] = {0, 1, 2, 3, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0x80000001,
                                   0x10000, 0xffff, 0x12345678, 0xdeadbeef, 0x55555555, 0xaaaaaaaa};
#define N (int)(sizeof vals / sizeof vals[0])

int main(void) {
  uint32_t acc = 0;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      uint32_t a = vals[i], b = vals[j], lo, h, hsu, hu;
      __asm__("mul %0, %1, %2" : "=r"(lo) : "r"(a), "r"(b));
      __asm__("mulh %0, %1, %2" : "=r"(h) : "r"(a), "r"(b));
      __asm__("mulhsu %0, %1, %2" : "=r"(hsu) : "r"(a), "r"(b));
      __asm__("mulhu %0, %1, %2" : "=r"(hu) : "r"(a), "r"(b));
      printf("%08x * %08x = mul %08x mulh %08x mulhsu %08x mulhu %08x\n", a, b, lo, h, hsu, hu);
      acc = acc * 31 + lo + h + hsu + hu;
    }
  }
  /* 64-bit products through C (the compiler emits mul + mulhu / mulh). */
  int64_t p = (int64_t)(int32_t)vals[7] * (int32_t)vals[4];
  uint64_t u = (uint64_t)vals[4] * vals[4];
  printf("c-level %08x%08x %08x%08x acc %08x\n", (uint32_t)(p >> 32), (uint32_t)p, (uint32_t)(u >> 32), (uint32_t)u, acc);
  return 0;
}
