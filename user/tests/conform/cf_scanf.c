/* cf_scanf.c — the scanf family against Linux: every conversion, widths, '*', the length
 * modifiers, %n, scansets, the return value (assignments, or EOF for an input failure before the
 * first conversion), and the lookahead character given back to the FILE. The same source built
 * with the host's glibc prints the same lines (test/user/libc-glibc.test.ts). */
#include "cf.h"
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>

/* k: how many values the format converts before its %n (1 or 2) */
static void show_d(const char *in, const char *fmt) {
  int a = -7, b = -7, n = -1;
  int r = sscanf(in, fmt, &a, &b, &n); /* the %n after one conversion stores into b */
  printf("[%s] [%s] -> %d a=%d b=%d n=%d\n", in, fmt, r, a, b, n);
}
static void show_f(const char *in, const char *fmt, int k) {
  double a = -7, b = -7;
  int n = -1;
  int r = k == 1 ? sscanf(in, fmt, &a, &n) : sscanf(in, fmt, &a, &b, &n);
  printf("[%s] [%s] -> %d a=%.17g b=%.17g n=%d\n", in, fmt, r, a, b, n);
}
static void show_s(const char *in, const char *fmt, int k) {
  char a[32], b[32];
  int n = -1;
  memset(a, '#', sizeof a); a[31] = 0;
  memset(b, '#', sizeof b); b[31] = 0;
  int r = k == 1 ? sscanf(in, fmt, a, &n) : sscanf(in, fmt, a, b, &n);
  printf("[%s] [%s] -> %d a=<%.31s> b=<%.31s> n=%d\n", in, fmt, r, a, b, n);
}

int main(void) {
  show_d("42", "%d");
  show_d("  -17 +8", "%d %d%n");
  show_d("12abc", "%d%n");
  show_d("0x1f 017", "%i %i%n");
  show_d("0x1f 017", "%x %o%n");
  show_d("0X1F ff", "%X %x%n");
  show_d("0xg", "%x%n");
  show_d("0x", "%i%n");
  show_d("-x", "%d%n");
  show_d("123456", "%3d%2d%n");
  show_d("1 2", "%*d %d%n");
  show_d("4294967295", "%u");
  show_d("-1", "%u");
  show_d("", "%d");
  show_d("   ", "%d");
  show_d("a", "b%d");
  show_d("", "b%d");
  show_d("x", "%d");
  show_d("5", "%d %d");
  show_d("5 x", "%d %d%n");
  show_d("7%", "%d%%%n");
  show_d("7 %8", "%d %%%d%n");
  show_d("abc", "abc%n");
  show_d("abd", "abc%n");
  show_d("1,2", "%d,%d%n");
  show_d("1 ,2", "%d,%d%n");
  show_d("1 ,2", "%d ,%d%n");
  show_d("+", "%d");
  show_d("077", "%i%n");
  show_d("09", "%i%n");
  show_d("-0x10", "%i%n");
  show_d("\t\n 9", "%d%n");
  {
    signed char hh; short h; long l; long long ll; intmax_t j; size_t z; ptrdiff_t t; unsigned long long ull;
    int r = sscanf("300 70000 -5 -9000000000 123456789012 17 -3 18446744073709551615", "%hhd %hd %ld %lld %jd %zu %td %llu",
                   &hh, &h, &l, &ll, &j, &z, &t, &ull);
    printf("lengths -> %d %d %d %ld %lld %lld %u %d %llu\n", r, hh, h, l, ll, (long long)j, (unsigned)z, (int)t, ull);
    unsigned char uhh; unsigned short uh;
    r = sscanf("255 65535 ff", "%hhu %hu %hhx", &uhh, &uh, &hh);
    printf("unsigned lengths -> %d %u %u %d\n", r, uhh, uh, hh);
    void *p = 0;
    r = sscanf("0x1234abcd", "%p", &p);
    printf("%%p -> %d %llx\n", r, (unsigned long long)(uintptr_t)p);
    int n1 = -1, n2 = -1;
    r = sscanf("ab cd", "%*s%n %*s%hhn", &n1, (signed char *)&n2);
    printf("%%n kinds -> %d %d %d\n", r, n1, n2 & 0xff);
  }
  show_f("3.25", "%lf%n", 1);
  show_f("-1e10 2.5e-3", "%lf %lf%n", 2);
  show_f("1e+x", "%lf%n", 1);
  show_f("1.e5", "%lf%n", 1);
  show_f(".5 -.25", "%lf%lf%n", 2);
  show_f("infx", "%lf%n", 1);
  show_f("-Infinity", "%lf%n", 1);
  show_f("inx", "%lf%n", 1);
  show_f("nan(abc) 2", "%lf %lf%n", 2);
  show_f("0x1.8p3 0X.8P-1", "%lf %lf%n", 2);
  show_f("12345678", "%4lf%lf%n", 2);
  show_f("1e-400 1e400", "%lf %lf%n", 2);
  show_f("0.1000000000000000055511151231257827", "%lf%n", 1);
  show_f("2.2250738585072011e-308", "%lf%n", 1);
  show_f("1.7976931348623158e308", "%le%n", 1);
  show_f("4.9e-324", "%lg%n", 1);
  show_f(".", "%lf%n", 1);
  show_f("-", "%lf%n", 1);
  show_f("1e5", "%lE %n", 1);
  {
    float f = 0, g = 0; double d = 0; long double ld = 0;
    int r = sscanf("1.1 3.4028235e38 2.5 -0.5", "%f %e %lg %Lf", &f, &g, &d, &ld);
    printf("float -> %d %.9g %.9g %g\n", r, (double)f, (double)g, d);
    volatile long double want = -0.5L; /* a constant: the library has no long double arithmetic */
    CHECK("%Lf stores a long double", memcmp(&ld, (const void *)&want, sizeof ld) == 0);
    r = sscanf("1e-310 -inf", "%Lf %Lf", &ld, &ld);
    want = -__builtin_infl();
    CHECK("%Lf of -inf", r == 2 && memcmp(&ld, (const void *)&want, sizeof ld) == 0);
    r = sscanf("1 2 3 4 5 6", "%a %A %E %F %G %*f", &f, &g, &f, &g, &f);
    printf("all float conversions -> %d %g %g\n", r, (double)f, (double)g);
  }
  {
    /* float midpoints: the digits past the double decide, so float is not double rounded */
    float f1 = 0, f2 = 0;
    int r = sscanf("1.00000005960464477539062500000001 1.0000000596046447753906249999999", "%f %f", &f1, &f2);
    printf("strtof midpoints -> %d %a %a %a %a\n", r, (double)f1, (double)f2, (double)strtof("3.4028235677973366e38", 0),
           (double)strtof("7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015625e-46", 0));
  }
  show_s("hello world", "%s %s%n", 2);
  show_s("  hello", "%3s%s%n", 2);
  show_s("abc", "%c%c%n", 2);
  show_s(" abc", "%c%n", 1);
  show_s(" abc", " %c%n", 1);
  show_s("abcdef", "%3c%2c%n", 2);
  show_s("ab", "%3c%n", 1);
  show_s("abc123def", "%[a-z]%[0-9]%n", 2);
  show_s("abc123def", "%[^0-9]%*[0-9]%s%n", 2);
  show_s("]]x-y", "%[]]%[x-]%n", 2);
  show_s("a-b", "%[-ab]%n", 1);
  show_s("hello, world", "%[^,], %s%n", 2);
  show_s("123", "%[a-z]%n", 1);
  show_s("", "%s", 1);
  show_s("", "%[a]", 1);
  show_s("   ", "%s", 1);
  show_s("x", "%1[x]%1[x]%n", 2);
  show_s("key=value;", "%[^=]=%[^;]%n", 2);
  show_s("ab", "%*c%c%n", 1);

  {
    char *m1 = 0, *m2 = 0, *m3 = 0;
    int r = sscanf("allocated strings abc", "%ms %m[a-z] %3mc", &m1, &m2, &m3);
    printf("%%m -> %d <%s> <%s> <%.3s>\n", r, m1, m2, m3);
    free(m1); free(m2); free(m3);
    m1 = (char *)"untouched";
    r = sscanf("123", "%m[a-z]", &m1);
    printf("%%m no match -> %d %s\n", r, m1);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    m2 = 0;
    r = sscanf(big, "%ms", &m2);
    printf("%%m long -> %d %d\n", r, (int)strlen(m2));
    free(m2);
    int a = 0, b = 0; double d = 0; char w[8];
    r = sscanf("10 20 2.5 hi", "%2$d %1$d %3$lf %4$s", &a, &b, &d, w);
    printf("positional -> %d a=%d b=%d %g %s\n", r, a, b, d, w);
  }
  /* files: the character after a field is pushed back and read next */
  const char *path = "/tmp/cf_scanf.txt";
  FILE *f = fopen(path, "w");
  fputs("12abc 3.5x\n  word next\n-7 99", f);
  fclose(f);
  f = fopen(path, "r");
  int i = 0, r;
  double d = 0;
  char w[16];
  r = fscanf(f, "%d", &i);
  int c = fgetc(f);
  printf("fscanf %%d -> %d %d then '%c'\n", r, i, c);
  r = fscanf(f, "%*s %lf", &d);
  c = fgetc(f);
  printf("fscanf %%lf -> %d %g then '%c'\n", r, d, c);
  r = fscanf(f, "%s", w);
  printf("fscanf %%s -> %d %s ftell %ld\n", r, w, ftell(f));
  c = fgetc(f);
  printf("then '%c' ungetc %d ", c, ungetc('Q', f));
  c = fgetc(f);
  printf("then '%c'\n", c);
  r = fscanf(f, "%s %d %d", w, &i, &i);
  printf("fscanf at end -> %d %s %d feof %d\n", r, w, i, feof(f) != 0);
  r = fscanf(f, "%d", &i);
  printf("fscanf after end -> %d\n", r);
  CHECK("ungetc(EOF) is EOF", ungetc(EOF, f) == EOF);
  CHECK("ungetc clears the end-of-file flag", ungetc('5', f) == '5' && !feof(f) && fscanf(f, "%d", &i) == 1 && i == 5);
  fclose(f);
  f = fopen(path, "r");
  CHECK("ungetc before any read", ungetc('9', f) == '9' && fgetc(f) == '9' && fgetc(f) == '1');
  fclose(f);
  unlink(path);
  r = scanf("%d", &i);
  printf("scanf on empty stdin -> %d\n", r);
  CHECK("sscanf round trip of a negative int", sscanf("-2147483648", "%d", &i) == 1 && i == (-2147483647 - 1));
  CHECK("sscanf %lf of %.17g is exact", sscanf("0.30000000000000004", "%lf", &d) == 1 && d == 0.1 + (volatile double)0.2);
  return 0;
}
