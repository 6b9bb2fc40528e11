/* tr — translate, delete or squeeze characters of stdin:
 *   tr [-c] [-s] SET1 SET2     map SET1's characters to SET2's (SET2's last one repeats)
 *   tr [-c] -d [-s] SET1 [SET2] delete SET1's characters (then squeeze SET2's)
 *   tr [-c] -s SET1            squeeze runs of SET1's characters to one
 * Sets: characters, ranges a-z, classes [:alpha:] [:digit:] [:alnum:] [:upper:] [:lower:]
 * [:space:] [:blank:] [:punct:] [:print:] [:cntrl:] [:xdigit:], escapes \n \t \r \\ \NNN; -c
 * takes the complement of SET1 (in byte order). */
#include <ctype.h>
#include <unistd.h>
#include <errno.h>
#include "args.h"

static int classify(const char *name, int c) {
  if (!strcmp(name, "alpha")) return isalpha(c);
  if (!strcmp(name, "digit")) return isdigit(c);
  if (!strcmp(name, "alnum")) return isalnum(c);
  if (!strcmp(name, "upper")) return isupper(c);
  if (!strcmp(name, "lower")) return islower(c);
  if (!strcmp(name, "space")) return isspace(c);
  if (!strcmp(name, "blank")) return c == ' ' || c == '\t';
  if (!strcmp(name, "punct")) return ispunct(c);
  if (!strcmp(name, "print")) return isprint(c);
  if (!strcmp(name, "cntrl")) return iscntrl(c);
  if (!strcmp(name, "xdigit")) return isxdigit(c);
  return -1;
}

/* One character of a set, with its escapes; advances *s. */
static int one(const char **s) {
  const char *p = *s;
  int c = (unsigned char)*p++;
  if (c == '\\' && *p) {
    c = (unsigned char)*p++;
    if (c >= '0' && c <= '7') {
      c -= '0';
      for (int k = 0; k < 2 && *p >= '0' && *p <= '7'; k++) c = c * 8 + (*p++ - '0');
    } else if (c == 'n') c = '\n';
    else if (c == 't') c = '\t';
    else if (c == 'r') c = '\r';
    else if (c == 'a') c = 7;
    else if (c == 'b') c = 8;
    else if (c == 'f') c = 12;
    else if (c == 'v') c = 11;
  }
  *s = p;
  return c & 0xff;
}

/* Expand a set into out (at most 4096 entries); returns the count. */
static int expand(const char *s, unsigned char *out) {
  int n = 0;
  while (*s && n < 4000) {
    if (s[0] == '[' && s[1] == ':') {
      const char *end = strstr(s, ":]");
      char name[16];
      int l = end ? (int)(end - s - 2) : -1;
      if (l > 0 && l < (int)sizeof name) {
        memcpy(name, s + 2, (size_t)l);
        name[l] = 0;
        if (classify(name, 'a') < 0) bad_usage("invalid character class '%s'", name);
        for (int c = 0; c < 256; c++) if (classify(name, c) > 0) out[n++] = (unsigned char)c;
        s = end + 2;
        continue;
      }
    }
    int a = one(&s);
    if (s[0] == '-' && s[1]) {
      s++;
      int b = one(&s);
      if (b < a) bad_usage("range-endpoints of '%c-%c' are in reverse order", a, b);
      for (int c = a; c <= b && n < 4000; c++) out[n++] = (unsigned char)c;
    } else out[n++] = (unsigned char)a;
  }
  return n;
}

int main(int argc, char **argv) {
  ARGS("tr", "[-cds] SET1 [SET2]");
  int del = 0, squeeze = 0, comp = 0, c;
  while ((c = opt_next(argc, argv, "cdsC")) != -1) {
    if (c == 'd') del = 1;
    else if (c == 's') squeeze = 1;
    else comp = 1;
  }
  int nsets = argc - opt_ind;
  if (nsets < 1) bad_usage("missing operand");
  if (nsets > 2) bad_usage("extra operand '%s'", argv[opt_ind + 2]);
  if (!del && !squeeze && nsets < 2) bad_usage("missing operand after '%s'", argv[opt_ind]);
  if (del && !squeeze && nsets == 2) bad_usage("extra operand '%s' (only one set with -d)", argv[opt_ind + 1]);
  static unsigned char s1[4096], s2[4096];
  int n1 = expand(argv[opt_ind], s1), n2 = nsets == 2 ? expand(argv[opt_ind + 1], s2) : 0;
  if (comp) {
    unsigned char in[256] = {0};
    for (int i = 0; i < n1; i++) in[s1[i]] = 1;
    n1 = 0;
    for (int k = 0; k < 256; k++) if (!in[k]) s1[n1++] = (unsigned char)k;
  }
  int map[256], delset[256] = {0}, sqset[256] = {0};
  for (int k = 0; k < 256; k++) map[k] = k;
  if (del) for (int i = 0; i < n1; i++) delset[s1[i]] = 1;
  else if (nsets == 2) {
    if (n2 == 0) bad_usage("when not truncating set1, string2 must be non-empty");
    for (int i = 0; i < n1; i++) map[s1[i]] = s2[i < n2 ? i : n2 - 1];
  }
  if (squeeze) {
    const unsigned char *sq = nsets == 2 ? s2 : s1;
    int nq = nsets == 2 ? n2 : n1;
    for (int i = 0; i < nq; i++) sqset[sq[i]] = 1;
  }
  static unsigned char ib[4096], ob[4096];
  int last = -1;
  ssize_t r;
  while ((r = read(0, ib, sizeof ib)) != 0) {
    if (r < 0) { if (errno == EINTR) continue; die(1, "read error"); }
    int on = 0;
    for (ssize_t i = 0; i < r; i++) {
      int ch = ib[i];
      if (delset[ch]) continue;
      ch = map[ch];
      if (squeeze && sqset[ch] && ch == last) continue;
      last = ch;
      ob[on++] = (unsigned char)ch;
    }
    if (on && write(1, ob, (size_t)on) < 0) return 1;
  }
  return 0;
}
