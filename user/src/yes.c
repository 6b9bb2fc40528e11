/* yes — print "y" (or the arguments) forever, until the pipe closes. */
#include <unistd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("yes", "[STRING...]");
  while (opt_next(argc, argv, "") != -1) {} /* an option is a mistake, not a line to repeat */
  argc -= opt_ind - 1;
  argv += opt_ind - 1;
  char line[256];
  size_t len = 0;
  if (argc < 2) { strcpy(line, "y"); len = 1; }
  for (int i = 1; i < argc && len < 200; i++) {
    size_t l = strlen(argv[i]);
    if (len + l + 2 > 200) l = 200 - len - 2;
    if (i > 1) line[len++] = ' ';
    memcpy(line + len, argv[i], l);
    len += l;
  }
  line[len++] = '\n';
  char buf[4096];
  size_t n = 0;
  while (n + len <= sizeof buf) { memcpy(buf + n, line, len); n += len; }
  for (;;)
    if (write(1, buf, n) < 0) return 1;
}
