/* fpops.c — a calculator for the soft-float property test (test/kernel/softfloat.test.ts): each
 * stdin line "OP A B" (A, B as 16 hex digits of a double's bits, or of a float's / an int's in
 * the low 8) gives one line with the result's bits in hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;
static double d_of(u64 u) { double d; memcpy(&d, &u, 8); return d; }
static u64 u_of(double d) { u64 u; memcpy(&u, &d, 8); return u; }
static float f_of(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
static unsigned uf_of(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

int main(void) {
  char line[128], op[8];
  while (fgets(line, sizeof line, stdin)) {
    char *p = line;
    int n = 0;
    while (*p && *p != ' ' && n < 7) op[n++] = *p++;
    op[n] = 0;
    u64 a = strtoull(p, &p, 16), b = strtoull(p, &p, 16);
    double x = d_of(a), y = d_of(b);
    float fx = f_of((unsigned)a), fy = f_of((unsigned)b);
    u64 r = 0;
    if (!strcmp(op, "add")) r = u_of(x + y);
    else if (!strcmp(op, "sub")) r = u_of(x - y);
    else if (!strcmp(op, "mul")) r = u_of(x * y);
    else if (!strcmp(op, "div")) r = u_of(x / y);
    else if (!strcmp(op, "cmp")) r = (u64)((x < y) | (x <= y) << 1 | (x == y) << 2 | (x > y) << 3 | (x >= y) << 4 | (x != y) << 5);
    else if (!strcmp(op, "i2d")) r = u_of((double)(int)(unsigned)a);
    else if (!strcmp(op, "l2d")) r = u_of((double)(long long)a);
    else if (!strcmp(op, "d2i")) r = (unsigned)(int)x;
    else if (!strcmp(op, "d2f")) r = uf_of((float)x);
    else if (!strcmp(op, "f2d")) r = u_of((double)fx);
    else if (!strcmp(op, "fadd")) r = uf_of(fx + fy);
    else if (!strcmp(op, "fmul")) r = uf_of(fx * fy);
    else if (!strcmp(op, "fdiv")) r = uf_of(fx / fy);
    else if (!strcmp(op, "i2f")) r = uf_of((float)(int)(unsigned)a);
    printf("%016llx\n", r);
  }
  return 0;
}
