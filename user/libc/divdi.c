/* divdi.c — 64-bit division helpers the compiler calls on rv32 (no compiler-rt with -nostdlib). */
typedef unsigned long long u64;
typedef long long i64;

/* Shift-subtract long division; returns the quotient, the remainder in *rem. */
static u64 udivmod(u64 n, u64 d, u64 *rem) {
  if (d == 0) { *rem = n; return ~0ULL; }
  if ((n >> 32) == 0 && (d >> 32) == 0) {
    unsigned a = (unsigned)n, b = (unsigned)d;
    *rem = a % b;
    return a / b;
  }
  u64 q = 0, r = 0;
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) { r -= d; q |= 1ULL << i; }
  }
  *rem = r;
  return q;
}
u64 __udivdi3(u64 n, u64 d) { u64 r; return udivmod(n, d, &r); }
u64 __umoddi3(u64 n, u64 d) { u64 r; udivmod(n, d, &r); return r; }
i64 __divdi3(i64 n, i64 d) {
  int neg = (n < 0) != (d < 0);
  u64 r, q = udivmod(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
  return neg ? -(i64)q : (i64)q;
}
i64 __moddi3(i64 n, i64 d) {
  u64 r;
  udivmod(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
  return n < 0 ? -(i64)r : (i64)r;
}
