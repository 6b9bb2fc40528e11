/* softfloat.c — IEEE 754 binary64/binary32 arithmetic in integer code, the runtime routines clang
 * calls for `double` and `float` on rv32im (no F/D extension): add, sub, mul, div, compare and
 * convert, round to nearest even, with subnormals, infinities and NaNs. Float operations go
 * through double: for + - * / the double result rounded to float is the correctly rounded float
 * result (53 >= 2*24 + 2), so they are exact too.
 *
 * Internal form: a finite nonzero value is sign * m * 2^(e - 1085) with m's leading 1 at bit 62
 * (10 bits below the 53-bit significand for rounding; the lowest is sticky). This file must not
 * use floating-point arithmetic itself: it only moves bits. */
typedef unsigned long long u64;
typedef long long i64;
typedef unsigned u32;

#define SIGN 0x8000000000000000ULL
#define FRAC 0x000fffffffffffffULL
#define IMPL 0x0010000000000000ULL
#define INF 0x7ff0000000000000ULL
#define QNAN 0x7ff8000000000000ULL
#define TOP (1ULL << 62)

typedef union { double d; u64 u; } D;
typedef union { float f; u32 u; } F;
static double mk(u64 u) { D x; x.u = u; return x.d; }
static u64 bits(double d) { D x; x.d = d; return x.u; }
static float mkf(u32 u) { F x; x.u = u; return x.f; }
static u32 bitsf(float f) { F x; x.f = f; return x.u; }

static int isnan_(u64 u) { return (u & ~SIGN) > INF; }

/* Shift right by n keeping a sticky bit for everything shifted out. */
static u64 shr_jam(u64 m, int n) {
  if (n <= 0) return m;
  if (n >= 63) return m != 0;
  return (m >> n) | ((m << (64 - n)) != 0);
}

/* Round m (leading bit at 62, or lower for a value below the normal range) to a double. */
static double pack(u64 sign, int e, u64 m) {
  if (e <= 0) {
    m = shr_jam(m, 1 - e);
    e = 0;
  }
  u32 low = (u32)(m & 0x3ff);
  m >>= 10;
  if (low > 0x200 || (low == 0x200 && (m & 1))) m++;
  if (m >= (IMPL << 1)) { m >>= 1; e++; }
  else if (e == 0 && m >= IMPL) e = 1;
  if (e >= 0x7ff) return mk(sign | INF);
  return mk(sign | ((u64)e << 52) | (m & FRAC));
}

/* The significand (leading 1 at bit 52) and exponent of a finite nonzero double. */
static u64 unpack(u64 u, int *e) {
  int x = (int)((u >> 52) & 0x7ff);
  u64 m = u & FRAC;
  if (x == 0) {
    x = 1;
    while (m < IMPL) { m <<= 1; x--; }
  } else m |= IMPL;
  *e = x;
  return m;
}

static double nan_of(u64 a, u64 b) {
  if (isnan_(a)) return mk(a | (1ULL << 51));
  if (isnan_(b)) return mk(b | (1ULL << 51));
  return mk(QNAN);
}

double __adddf3(double a, double b) {
  u64 ua = bits(a), ub = bits(b);
  if (isnan_(ua) || isnan_(ub)) return nan_of(ua, ub);
  if ((ua & ~SIGN) == INF || (ub & ~SIGN) == INF) {
    if ((ua & ~SIGN) == INF && (ub & ~SIGN) == INF && ((ua ^ ub) & SIGN)) return mk(QNAN);
    return (ua & ~SIGN) == INF ? a : b;
  }
  if (!(ua << 1)) return !(ub << 1) ? mk(ua & ub) : b; /* -0 + -0 = -0, otherwise +0 */
  if (!(ub << 1)) return a;
  int xa, xb;
  u64 ma = unpack(ua, &xa) << 10, mb = unpack(ub, &xb) << 10;
  if (xa < xb || (xa == xb && ma < mb)) {
    u64 t = ua; ua = ub; ub = t;
    t = ma; ma = mb; mb = t;
    int te = xa; xa = xb; xb = te;
  }
  mb = shr_jam(mb, xa - xb);
  u64 m;
  if (!((ua ^ ub) & SIGN)) {
    m = ma + mb;
    if (m >= (TOP << 1)) { m = shr_jam(m, 1); xa++; }
  } else {
    m = ma - mb;
    if (m == 0) return mk(0);
    while (m < TOP) { m <<= 1; xa--; }
  }
  return pack(ua & SIGN, xa, m);
}
double __subdf3(double a, double b) { return __adddf3(a, mk(bits(b) ^ SIGN)); }
double __negdf2(double a) { return mk(bits(a) ^ SIGN); }

double __muldf3(double a, double b) {
  u64 ua = bits(a), ub = bits(b), sign = (ua ^ ub) & SIGN;
  if (isnan_(ua) || isnan_(ub)) return nan_of(ua, ub);
  int za = !(ua << 1), zb = !(ub << 1);
  if ((ua & ~SIGN) == INF || (ub & ~SIGN) == INF) return za || zb ? mk(QNAN) : mk(sign | INF);
  if (za || zb) return mk(sign);
  int xa, xb;
  u64 ma = unpack(ua, &xa), mb = unpack(ub, &xb);
  /* 106-bit product in hi:lo */
  u64 a0 = ma & 0xffffffff, a1 = ma >> 32, b0 = mb & 0xffffffff, b1 = mb >> 32;
  u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  u64 mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  u64 lo = (p00 & 0xffffffff) | (mid << 32);
  u64 hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  /* leading bit at 104 or 105 of hi:lo = bit 40 or 41 of hi; bring it to bit 62 */
  int e = xa + xb - 1023;
  int sh = 42;
  if (hi >> 41) { sh = 43; e++; }
  u64 m = (hi << (64 - sh)) | (lo >> sh) | ((lo << (64 - sh)) != 0);
  return pack(sign, e, m);
}

double __divdf3(double a, double b) {
  u64 ua = bits(a), ub = bits(b), sign = (ua ^ ub) & SIGN;
  if (isnan_(ua) || isnan_(ub)) return nan_of(ua, ub);
  int ia = (ua & ~SIGN) == INF, ib = (ub & ~SIGN) == INF, za = !(ua << 1), zb = !(ub << 1);
  if ((ia && ib) || (za && zb)) return mk(QNAN);
  if (ia || zb) return mk(sign | INF);
  if (ib || za) return mk(sign);
  int xa, xb;
  u64 ma = unpack(ua, &xa), mb = unpack(ub, &xb);
  if (ma < mb) { ma <<= 1; xa--; }
  u64 q = 0, r = ma;
  for (int i = 0; i < 63; i++) {
    q <<= 1;
    if (r >= mb) { r -= mb; q |= 1; }
    r <<= 1;
  }
  return pack(sign, xa - xb + 1023, q | (r != 0));
}

/* ---- comparisons: -1 less, 0 equal, 1 greater, 2 unordered ---- */
static int cmp(double a, double b) {
  u64 ua = bits(a), ub = bits(b);
  if (isnan_(ua) || isnan_(ub)) return 2;
  if (!((ua | ub) << 1)) return 0;
  i64 ka = (ua & SIGN) ? -(i64)(ua & ~SIGN) : (i64)ua;
  i64 kb = (ub & SIGN) ? -(i64)(ub & ~SIGN) : (i64)ub;
  return ka < kb ? -1 : ka > kb;
}
int __eqdf2(double a, double b) { return cmp(a, b) != 0; }
int __nedf2(double a, double b) { return cmp(a, b) != 0; }
int __ltdf2(double a, double b) { int c = cmp(a, b); return c == 2 ? 1 : c; }
int __ledf2(double a, double b) { int c = cmp(a, b); return c == 2 ? 1 : c; }
int __gtdf2(double a, double b) { int c = cmp(a, b); return c == 2 ? -1 : c; }
int __gedf2(double a, double b) { int c = cmp(a, b); return c == 2 ? -1 : c; }
int __unorddf2(double a, double b) { return cmp(a, b) == 2; }

/* ---- integers to double ---- */
static double from_u64(u64 sign, u64 u) {
  if (!u) return mk(sign);
  int n = 63 - __builtin_clzll(u);
  if (n == 63) return pack(sign, 1086, shr_jam(u, 1));
  return pack(sign, 1085 - (62 - n), u << (62 - n));
}
double __floatsidf(int i) { return i < 0 ? from_u64(SIGN, -(u64)(i64)i) : from_u64(0, (u64)i); }
double __floatunsidf(unsigned i) { return from_u64(0, i); }
double __floatdidf(i64 i) { return i < 0 ? from_u64(SIGN, -(u64)i) : from_u64(0, (u64)i); }
double __floatundidf(u64 i) { return from_u64(0, i); }

/* ---- double to integers: truncation, saturating out of range (NaN gives 0) ---- */
static u64 trunc_mag(u64 u, int maxbits, int *over) {
  int x = (int)((u >> 52) & 0x7ff) - 1023;
  *over = 0;
  if (x < 0) return 0;
  if (x >= maxbits) { *over = 1; return 0; }
  u64 m = (u & FRAC) | IMPL;
  return x >= 52 ? m << (x - 52) : m >> (52 - x);
}
int __fixdfsi(double a) {
  u64 u = bits(a);
  int over;
  if (isnan_(u)) return 0;
  u64 v = trunc_mag(u, 32, &over);
  if (u & SIGN) return over || v > 0x80000000ULL ? (int)0x80000000 : (int)-(i64)v;
  return over || v > 0x7fffffff ? 0x7fffffff : (int)v;
}
unsigned __fixunsdfsi(double a) {
  u64 u = bits(a);
  int over;
  if (isnan_(u) || (u & SIGN)) return 0;
  u64 v = trunc_mag(u, 32, &over);
  return over ? 0xffffffffu : (unsigned)v;
}
i64 __fixdfdi(double a) {
  u64 u = bits(a);
  int over;
  if (isnan_(u)) return 0;
  u64 v = trunc_mag(u, 64, &over);
  if (u & SIGN) return over || v > SIGN ? (i64)SIGN : -(i64)v;
  return over || v > 0x7fffffffffffffffULL ? 0x7fffffffffffffffLL : (i64)v;
}
u64 __fixunsdfdi(double a) {
  u64 u = bits(a);
  int over;
  if (isnan_(u) || (u & SIGN)) return 0;
  u64 v = trunc_mag(u, 64, &over);
  return over ? ~0ULL : v;
}

/* ---- float <-> double ---- */
double __extendsfdf2(float f) {
  u32 u = bitsf(f);
  u64 sign = (u64)(u & 0x80000000u) << 32;
  u32 x = (u >> 23) & 0xff, m = u & 0x7fffff;
  if (x == 0xff) return mk(sign | INF | ((u64)m << 29) | (m ? 1ULL << 51 : 0));
  if (x == 0) {
    if (!m) return mk(sign);
    int e = 1;
    while (!(m & 0x800000)) { m <<= 1; e--; }
    return mk(sign | ((u64)(e + 896) << 52) | ((u64)(m & 0x7fffff) << 29));
  }
  return mk(sign | ((u64)(x + 896) << 52) | ((u64)m << 29));
}
/* Round m (leading bit at 62) with exponent e (float bias) to a float. */
static float packf(u32 sign, int e, u64 m) {
  if (e <= 0) {
    m = shr_jam(m, 1 - e);
    e = 0;
  }
  u64 low = m & ((1ULL << 39) - 1);
  u32 r = (u32)(m >> 39);
  if (low > (1ULL << 38) || (low == (1ULL << 38) && (r & 1))) r++;
  if (r >= 0x1000000) { r >>= 1; e++; }
  else if (e == 0 && r >= 0x800000) e = 1;
  if (e >= 0xff) return mkf(sign | 0x7f800000u);
  return mkf(sign | ((u32)e << 23) | (r & 0x7fffff));
}
float __truncdfsf2(double d) {
  u64 u = bits(d);
  u32 sign = (u32)(u >> 32) & 0x80000000u;
  if (isnan_(u)) return mkf(sign | 0x7fc00000u | (u32)((u & FRAC) >> 29));
  if ((u & ~SIGN) == INF) return mkf(sign | 0x7f800000u);
  if (!(u << 1)) return mkf(sign);
  int x;
  u64 m = unpack(u, &x) << 10;
  return packf(sign, x - 896, m);
}
float __addsf3(float a, float b) { return __truncdfsf2(__adddf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __subsf3(float a, float b) { return __truncdfsf2(__subdf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __mulsf3(float a, float b) { return __truncdfsf2(__muldf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __divsf3(float a, float b) { return __truncdfsf2(__divdf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __negsf2(float a) { return mkf(bitsf(a) ^ 0x80000000u); }
int __eqsf2(float a, float b) { return __eqdf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __nesf2(float a, float b) { return __nedf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __ltsf2(float a, float b) { return __ltdf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __lesf2(float a, float b) { return __ledf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __gtsf2(float a, float b) { return __gtdf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __gesf2(float a, float b) { return __gedf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __unordsf2(float a, float b) { return __unorddf2(__extendsfdf2(a), __extendsfdf2(b)); }
int __fixsfsi(float a) { return __fixdfsi(__extendsfdf2(a)); }
unsigned __fixunssfsi(float a) { return __fixunsdfsi(__extendsfdf2(a)); }
i64 __fixsfdi(float a) { return __fixdfdi(__extendsfdf2(a)); }
u64 __fixunssfdi(float a) { return __fixunsdfdi(__extendsfdf2(a)); }
/* Integers to float round once, directly (through double would round twice for 64-bit values). */
static float f_from_u64(u32 sign, u64 u) {
  if (!u) return mkf(sign);
  int n = 63 - __builtin_clzll(u);
  if (n == 63) return packf(sign, 190, shr_jam(u, 1));
  return packf(sign, 189 - (62 - n), u << (62 - n));
}
float __floatsisf(int i) { return i < 0 ? f_from_u64(0x80000000u, -(u64)(i64)i) : f_from_u64(0, (u64)i); }
float __floatunsisf(unsigned i) { return f_from_u64(0, i); }
float __floatdisf(i64 i) { return i < 0 ? f_from_u64(0x80000000u, -(u64)i) : f_from_u64(0, (u64)i); }
float __floatundisf(u64 i) { return f_from_u64(0, i); }
