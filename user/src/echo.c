/* echo — print the arguments separated by spaces; -n: no trailing newline; -e: C escapes. */
#include <stdio.h>
#include <string.h>

/* Print s, interpreting \n \t \\ \c (stop) \0NNN; returns 0 when \c ended the output. */
static int put_escaped(const char *s) {
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) { putchar(*s); continue; }
    s++;
    switch (*s) {
      case 'n': putchar('\n'); break;
      case 't': putchar('\t'); break;
      case 'r': putchar('\r'); break;
      case 'a': putchar('\a'); break;
      case 'b': putchar('\b'); break;
      case '\\': putchar('\\'); break;
      case 'c': return 0;
      case '0': {
        int v = 0;
        for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++) v = v * 8 + (*++s - '0');
        putchar(v);
        break;
      }
      default: putchar('\\'); putchar(*s);
    }
  }
  return 1;
}

int main(int argc, char **argv) {
  int nl = 1, esc = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *f = argv[i] + 1;
    if (strspn(f, "neE") != strlen(f)) break;
    for (; *f; f++) {
      if (*f == 'n') nl = 0;
      else if (*f == 'e') esc = 1;
      else esc = 0;
    }
  }
  for (int first = 1; i < argc; i++, first = 0) {
    if (!first) putchar(' ');
    if (esc && !put_escaped(argv[i])) return 0;
    if (!esc) fputs(argv[i], stdout);
  }
  if (nl) putchar('\n');
  return 0;
}
