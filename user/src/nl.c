/* nl — number lines: `nl [-b STYLE] [-n FORMAT] [-w WIDTH] [-s SEP] [-v START] [-i INCR]
 * [FILE]`. STYLE a (all lines), t (non-empty, the default), n (none), pREGEX (lines matching the
 * basic regular expression, re.h); FORMAT ln, rn (default) or rz; WIDTH 6, SEP a tab. An
 * unnumbered line is indented by WIDTH + the separator's length, as GNU's. No logical pages
 * (the \: delimiters are ordinary text). */
#include <stdio.h>
#include <unistd.h>
#include "fileargs.h"
#include "re.h"

int main(int argc, char **argv) {
  (void)line_count_option; /* fileargs.h: only slurp_fd is used here */
  (void)for_each_file;
  ARGS("nl", "[-b a|t|n|pRE] [-n ln|rn|rz] [-w N] [-s SEP] [-v N] [-i N] [FILE]");
  const char *style = "t", *fmt = "rn", *sep = "\t";
  long width = 6, num = 1, incr = 1;
  int c;
  while ((c = opt_next(argc, argv, "b:n:w:s:v:i:")) != -1) {
    switch (c) {
      case 'b': style = opt_arg; if (!strchr("atn", *style) && *style != 'p') bad_usage("invalid body numbering style: '%s'", opt_arg); break;
      case 'n': fmt = opt_arg; if (strcmp(fmt, "ln") && strcmp(fmt, "rn") && strcmp(fmt, "rz")) bad_usage("invalid line numbering format: '%s'", fmt); break;
      case 'w': width = number_arg(opt_arg, "line number field width"); if (width < 1) bad_usage("invalid line number field width: '%s'", opt_arg); break;
      case 's': sep = opt_arg; break;
      case 'v': num = number_arg(opt_arg, "starting line number"); break;
      case 'i': incr = number_arg(opt_arg, "line number increment"); break;
    }
  }
  if (argc - opt_ind > 1) bad_usage("extra operand '%s'", argv[opt_ind + 1]);
  int fd = 0;
  const char *name = "standard input";
  if (opt_ind < argc && strcmp(argv[opt_ind], "-")) {
    name = argv[opt_ind];
    fd = open(name, O_RDONLY);
    if (fd < 0) die(1, "%s: %s", name, strerror(errno));
  }
  size_t len;
  char *d = slurp_fd(fd, name, &len);
  if (!d) return 1;
  for (size_t s = 0; s < len;) {
    size_t e = s;
    while (e < len && d[e] != '\n') e++;
    int numbered;
    if (*style == 'a') numbered = 1;
    else if (*style == 'n') numbered = 0;
    else if (*style == 't') numbered = e > s;
    else {
      ReMatch m;
      char *line = strndup(d + s, e - s);
      numbered = re_search(style + 1, line, line, &m);
      free(line);
    }
    if (numbered) {
      if (!strcmp(fmt, "ln")) printf("%-*ld", (int)width, num);
      else if (!strcmp(fmt, "rz")) printf("%0*ld", (int)width, num);
      else printf("%*ld", (int)width, num);
      fputs(sep, stdout);
      num += incr;
    } else printf("%*s", (int)(width + (long)strlen(sep)), "");
    fwrite(d + s, 1, e - s, stdout);
    putchar('\n');
    s = e + 1;
  }
  free(d);
  return 0;
}
