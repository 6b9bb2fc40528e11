/* clear — clear the terminal screen (the ANSI/VT100 sequences: cursor home, erase display). */
#include <unistd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("clear", "");
  if (argc > 1) bad_usage("unknown argument '%s'", argv[1]);
  static const char seq[] = "\033[H\033[2J\033[3J";
  return write(1, seq, sizeof seq - 1) == (ssize_t)(sizeof seq - 1) ? 0 : 1;
}
