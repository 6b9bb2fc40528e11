/* mathcalc.c — a calculator for the libm and scanf property tests (test/user/libm.test.ts): each
 * stdin line "OP A [B]" gives one output line. For the math functions A and B are a double's bits
 * (16 hex digits) and the answer is the result's bits and errno; rtd/rtlf/rta/rtf/fmta/strtod exercise
 * printf and scanf round trips. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;
static double d_of(u64 u) { double d; memcpy(&d, &u, 8); return d; }
static u64 u_of(double d) { u64 u; memcpy(&u, &d, 8); return u; }

typedef struct { const char *name; double (*f1)(double); double (*f2)(double, double); } Op;
static const Op ops[] = {
  {"sqrt", sqrt, 0}, {"cbrt", cbrt, 0}, {"exp", exp, 0}, {"exp2", exp2, 0}, {"expm1", expm1, 0},
  {"log", log, 0}, {"log2", log2, 0}, {"log10", log10, 0}, {"log1p", log1p, 0}, {"sin", sin, 0},
  {"cos", cos, 0}, {"tan", tan, 0}, {"asin", asin, 0}, {"acos", acos, 0}, {"atan", atan, 0},
  {"sinh", sinh, 0}, {"cosh", cosh, 0}, {"tanh", tanh, 0}, {"rint", rint, 0},
  {"asinh", asinh, 0}, {"acosh", acosh, 0}, {"atanh", atanh, 0}, {"erf", erf, 0}, {"erfc", erfc, 0},
  {"lgamma", lgamma, 0}, {"tgamma", tgamma, 0},
  {"pow", 0, pow}, {"atan2", 0, atan2}, {"hypot", 0, hypot}, {"remainder", 0, remainder},
  {"fmod", 0, fmod}, {"nextafter", 0, nextafter}, {"fmin", 0, fmin}, {"fmax", 0, fmax}};

int main(void) {
  static char line[4096];
  char op[16], buf[512];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *p = line;
    int n = 0;
    while (*p && *p != ' ' && n < 15) op[n++] = *p++;
    op[n] = 0;
    if (*p == ' ') p++;
    if (!strcmp(op, "rtd")) { /* printf %d then sscanf %d */
      int x = (int)strtol(p, 0, 10), y = 0;
      snprintf(buf, sizeof buf, "%d", x);
      int r = sscanf(buf, "%d", &y);
      printf("%d %d\n", r, y);
      continue;
    }
    if (!strcmp(op, "rtlf") || !strcmp(op, "rta") || !strcmp(op, "fmta")) {
      double x = d_of(strtoull(p, 0, 16)), y = 0;
      snprintf(buf, sizeof buf, op[2] == 'l' ? "%.17g" : "%a", x);
      if (op[0] == 'f') { printf("%s\n", buf); continue; }
      int r = sscanf(buf, "%lf", &y);
      printf("%d %016llx\n", r, u_of(y));
      continue;
    }
    if (!strcmp(op, "rtf")) { /* printf %.9g of a float, then sscanf %f: the same float */
      unsigned u = (unsigned)strtoul(p, 0, 16), w = 0;
      float x, y = 0;
      memcpy(&x, &u, 4);
      snprintf(buf, sizeof buf, "%.9g", (double)x);
      int r = sscanf(buf, "%f", &y);
      memcpy(&w, &y, 4);
      printf("%d %08x\n", r, w);
      continue;
    }
    if (!strcmp(op, "strtod")) {
      char *end;
      errno = 0;
      double v = strtod(p, &end);
      printf("%016llx %d %d\n", u_of(v), (int)(end - p), errno);
      continue;
    }
    u64 a = strtoull(p, &p, 16), b = strtoull(p, &p, 16), c = strtoull(p, &p, 16);
    if (!strcmp(op, "fma")) {
      errno = 0;
      printf("%016llx %d\n", u_of(fma(d_of(a), d_of(b), d_of(c))), errno);
      continue;
    }
    const Op *o = 0;
    for (unsigned i = 0; i < sizeof ops / sizeof *ops; i++) if (!strcmp(ops[i].name, op)) o = &ops[i];
    if (!o) { printf("? %s\n", op); continue; }
    errno = 0;
    double v = o->f1 ? o->f1(d_of(a)) : o->f2(d_of(a), d_of(b));
    printf("%016llx %d\n", u_of(v), errno);
  }
  return 0;
}
