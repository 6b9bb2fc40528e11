/* fmtfloat.c — printf's %f %F %e %E %g %G: the exact decimal expansion of the double (a double
 * is m * 2^e, so its integer part is a big integer and its fraction has as many decimal digits as
 * binary ones), rounded half to even at the requested digit, as glibc does. Integer code only. */
#include <stdio.h>
#include <string.h>

typedef unsigned long long u64;
typedef void (*Sink)(void *ctx, const char *s, size_t n);

#define WORDS 36    /* 1152 bits: 2^1024 and a 1074-bit fraction fit */
#define MAXINT 320  /* decimal digits of the largest integer part (309) */
#define MAXFRAC 1100

typedef struct {
  char d[1 + MAXINT + MAXFRAC]; /* d[0] is a spare '0' for a carry out of the first digit */
  int point;                    /* the decimal point is after d[point - 1] */
  int n;                        /* digits held; digits at n and beyond are 0 */
  int tail;                     /* some nonzero digit lies beyond d[n - 1] */
} Dec;

/* Little-endian 32-bit word big integers. */
static unsigned divmod_small(unsigned *w, int n, unsigned by) {
  u64 rem = 0;
  for (int i = n - 1; i >= 0; i--) {
    u64 cur = (rem << 32) | w[i];
    w[i] = (unsigned)(cur / by);
    rem = cur % by;
  }
  return (unsigned)rem;
}
static int is_zero(const unsigned *w, int n) {
  for (int i = 0; i < n; i++) if (w[i]) return 0;
  return 1;
}

/* Exact digits of |x| (finite). */
static void expand(u64 bitsx, Dec *r) {
  int ex = (int)((bitsx >> 52) & 0x7ff);
  u64 m = bitsx & 0xfffffffffffffULL;
  if (ex) m |= 1ULL << 52;
  else ex = 1;
  int e = ex - 1075; /* |x| = m * 2^e */
  unsigned w[WORDS];
  char tmp[MAXINT];
  int ni = 0;
  /* integer part */
  memset(w, 0, sizeof w);
  if (e >= 0) {
    int q = e / 32, s = e % 32;
    w[q] = (unsigned)(m << s);
    w[q + 1] = (unsigned)((m << s) >> 32);
    if (s) w[q + 2] = (unsigned)(m >> (64 - s));
  } else if (e > -64) {
    u64 ip = m >> -e;
    w[0] = (unsigned)ip;
    w[1] = (unsigned)(ip >> 32);
  }
  while (!is_zero(w, WORDS)) {
    unsigned chunk = divmod_small(w, WORDS, 1000000000u);
    for (int i = 0; i < 9; i++) { tmp[ni++] = (char)('0' + chunk % 10); chunk /= 10; }
  }
  while (ni > 0 && tmp[ni - 1] == '0') ni--;
  r->d[0] = '0';
  for (int i = 0; i < ni; i++) r->d[1 + i] = tmp[ni - 1 - i];
  r->point = 1 + ni;
  r->n = r->point;
  r->tail = 0;
  /* fraction: k = -e bits; multiply by 10, the digit is what rises above bit k */
  if (e >= 0) return;
  int k = -e;
  memset(w, 0, sizeof w);
  if (k >= 64) {
    w[0] = (unsigned)m;
    w[1] = (unsigned)(m >> 32);
  } else {
    u64 f = m & ((1ULL << k) - 1);
    w[0] = (unsigned)f;
    w[1] = (unsigned)(f >> 32);
  }
  int kw = k / 32, kb = k % 32;
  int nf = 0;
  while (nf < MAXFRAC && !is_zero(w, WORDS)) {
    u64 carry = 0;
    for (int i = 0; i < WORDS; i++) {
      u64 v = (u64)w[i] * 10 + carry;
      w[i] = (unsigned)v;
      carry = v >> 32;
    }
    unsigned digit = (unsigned)((((u64)w[kw + 1] << 32) | w[kw]) >> kb);
    w[kw] &= (1u << kb) - 1;
    for (int i = kw + 1; i < WORDS; i++) w[i] = 0;
    r->d[r->n++] = (char)('0' + digit);
    nf++;
  }
  r->tail = !is_zero(w, WORDS);
}

static char digit_at(const Dec *r, int i) { return i < r->n ? r->d[i] : '0'; }

/* Keep the digits before index `keep`, rounding half to even on the exact value. */
static void round_at(Dec *r, int keep) {
  if (keep >= r->n) return;
  if (keep < 1) keep = 1; /* d[0] is the spare: rounding never reaches before it */
  char next = r->d[keep];
  int rest = r->tail;
  for (int i = keep + 1; i < r->n && !rest; i++) rest = r->d[i] != '0';
  int up = next > '5' || (next == '5' && (rest || ((r->d[keep - 1] - '0') & 1)));
  r->n = keep;
  r->tail = 0;
  if (!up) return;
  int i = keep - 1;
  while (r->d[i] == '9') r->d[i--] = '0';
  r->d[i]++;
}

static int first_nonzero(const Dec *r) {
  for (int i = 0; i < r->n; i++) if (r->d[i] != '0') return i;
  return -1;
}

typedef struct { Sink out; void *ctx; int total; } Out;
static void put(Out *o, const char *s, int n) { if (n > 0) { o->out(o->ctx, s, (size_t)n); o->total += n; } }
static void putc_n(Out *o, char c, int n) { while (n-- > 0) put(o, &c, 1); }

/* Format x; flags as in __vformat. Returns the characters written. */
int __fmt_float(Sink out, void *ctx, double x, char conv, int prec, int width, int left, int zero, int plus, int space, int alt) {
  union { double d; u64 u; } v = {x};
  Out o = {out, ctx, 0};
  int upper = conv == 'F' || conv == 'E' || conv == 'G';
  char sign = (v.u >> 63) ? '-' : plus ? '+' : space ? ' ' : 0;
  char body[MAXINT + MAXFRAC + 16];
  int len = 0;
  if (((v.u >> 52) & 0x7ff) == 0x7ff) {
    const char *s = (v.u & 0xfffffffffffffULL) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    memcpy(body, s, 3);
    len = 3;
    zero = 0;
  } else {
    Dec r;
    expand(v.u & ~(1ULL << 63), &r);
    if (prec < 0) prec = 6;
    if (prec > MAXFRAC) prec = MAXFRAC;
    char c = conv | 0x20;
    int strip = 0;
    if (c == 'g') {
      int P = prec == 0 ? 1 : prec;
      int f = first_nonzero(&r);
      int X = 0;
      if (f >= 0) {
        round_at(&r, f + P);
        f = first_nonzero(&r);
        X = r.point - f - 1;
      }
      if (P > X && X >= -4) { c = 'f'; prec = P - 1 - X; }
      else { c = 'e'; prec = P - 1; }
      strip = !alt;
    }
    if (c == 'f') {
      round_at(&r, r.point + prec);
      int i = 0; /* d[0] is '1' when a carry reached the spare digit */
      while (i < r.point - 1 && r.d[i] == '0') i++;
      for (; i < r.point; i++) body[len++] = r.d[i];
      if (prec > 0 || alt) body[len++] = '.';
      for (int j = 0; j < prec; j++) body[len++] = digit_at(&r, r.point + j);
    } else {
      int f = first_nonzero(&r);
      int X = 0;
      if (f < 0) f = r.point - 1; /* zero: 0.000e+00 */
      else {
        round_at(&r, f + 1 + prec);
        f = first_nonzero(&r);
        X = r.point - f - 1;
      }
      body[len++] = digit_at(&r, f);
      if (prec > 0 || alt) body[len++] = '.';
      for (int j = 1; j <= prec; j++) body[len++] = digit_at(&r, f + j);
      if (strip) {
        while (len > 0 && body[len - 1] == '0') len--;
        if (len > 0 && body[len - 1] == '.') len--;
        strip = 0;
      }
      body[len++] = upper ? 'E' : 'e';
      body[len++] = X < 0 ? '-' : '+';
      int ax = X < 0 ? -X : X;
      if (ax >= 100) body[len++] = (char)('0' + ax / 100);
      body[len++] = (char)('0' + ax / 10 % 10);
      body[len++] = (char)('0' + ax % 10);
    }
    if (strip && memchr(body, '.', (size_t)len)) {
      while (body[len - 1] == '0') len--;
      if (body[len - 1] == '.') len--;
    }
  }
  int full = len + (sign ? 1 : 0);
  if (!left && !zero) putc_n(&o, ' ', width - full);
  if (sign) put(&o, &sign, 1);
  if (!left && zero) putc_n(&o, '0', width - full);
  put(&o, body, len);
  if (left) putc_n(&o, ' ', width - full);
  return o.total;
}
