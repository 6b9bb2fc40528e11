/* strtod.c — decimal (and inf/nan) text to double. Exactly rounded when the digits fit in 15
 * and the power of ten in 10^22 (both then exact doubles, one rounding); beyond that the result
 * may be off by an ulp. */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>

static int prefix(const char *s, const char *word) {
  size_t i = 0;
  for (; word[i]; i++) if (tolower((unsigned char)s[i]) != word[i]) return 0;
  return (int)i;
}

double strtod(const char *s, char **end) {
  const char *p = s;
  while (isspace((unsigned char)*p)) p++;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  union { double d; unsigned long long u; } special;
  int n;
  if ((n = prefix(p, "infinity")) || (n = prefix(p, "inf"))) {
    special.u = 0x7ff0000000000000ULL | (neg ? 1ULL << 63 : 0);
    if (end) *end = (char *)p + n;
    return special.d;
  }
  if ((n = prefix(p, "nan"))) {
    special.u = 0x7ff8000000000000ULL;
    if (end) *end = (char *)p + n;
    return special.d;
  }
  unsigned long long mant = 0;
  int digits = 0, exp10 = 0, any = 0;
  for (; isdigit((unsigned char)*p); p++, any = 1) {
    if (digits < 19) { mant = mant * 10 + (unsigned)(*p - '0'); if (mant) digits++; }
    else exp10++;
  }
  if (*p == '.') {
    p++;
    for (; isdigit((unsigned char)*p); p++, any = 1) {
      if (digits < 19) { mant = mant * 10 + (unsigned)(*p - '0'); if (mant) digits++; exp10--; }
    }
  }
  if (!any) {
    if (end) *end = (char *)s;
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    int eneg = 0, ev = 0;
    if (*q == '+' || *q == '-') eneg = *q++ == '-';
    if (isdigit((unsigned char)*q)) {
      while (isdigit((unsigned char)*q)) { if (ev < 100000) ev = ev * 10 + (*q - '0'); q++; }
      exp10 += eneg ? -ev : ev;
      p = q;
    }
  }
  if (end) *end = (char *)p;
  double v = (double)mant;
  if (mant == 0) return neg ? -0.0 : 0.0;
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (exp10 > 0) {
    while (exp10 > 22) { v *= 1e22; exp10 -= 22; }
    v *= p10[exp10];
  } else if (exp10 < 0) {
    while (exp10 < -22) { v /= 1e22; exp10 += 22; }
    v /= p10[-exp10];
  }
  union { double d; unsigned long long u; } r = {v};
  if ((r.u & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL || v == 0) errno = ERANGE;
  return neg ? -v : v;
}
float strtof(const char *s, char **end) { return (float)strtod(s, end); }
double atof(const char *s) { return strtod(s, 0); }
