/* main.c — `awk [-F FS] [-v VAR=value]... 'PROGRAM' | -f PROGFILE... [ARGUMENT...]`: the program
 * from the command line or files, then run over the ARGUMENTs (files, `-`, VAR=value). Exit
 * status: exit's, 2 for a syntax or run-time error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "awk.h"
#include "../args.h"

static char *read_file(const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
  if (!f) fatal("%s: cannot open the program file", path);
  size_t cap = 4096, len = 0, n;
  char *b = malloc(cap);
  while ((n = fread(b + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 >= cap) { cap *= 2; b = realloc(b, cap); }
  }
  if (f != stdin) fclose(f);
  b[len] = 0;
  return b;
}

int main(int argc, char **argv) {
  ARGS("awk", "[-F FS] [-v VAR=value]... 'PROGRAM' | -f FILE... [ARGUMENT...]");
  init_vars();
  char *prog = 0;
  const char *fs = 0;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    char *a = argv[i];
    if (!strcmp(a, "--")) { i++; break; }
    if (a[1] == 'F') {
      const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : 0;
      if (!v) bad_usage("option '-F' needs an argument");
      fs = !strcmp(v, "t") ? "\t" : v;
    } else if (a[1] == 'v') {
      const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : 0;
      if (!v || !is_assignment(v)) bad_usage("-v needs VAR=value");
      command_assign(v);
    } else if (a[1] == 'f') {
      const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : 0;
      if (!v) bad_usage("option '-f' needs an argument");
      char *t = read_file(v);
      if (prog) {
        char *both = malloc(strlen(prog) + strlen(t) + 2);
        strcpy(both, prog);
        strcat(both, "\n");
        strcat(both, t);
        free(prog);
        free(t);
        prog = both;
      } else prog = t;
    } else if (!strcmp(a, "--help")) {
      printf("usage: awk %s\n", prog_usage);
      return 0;
    } else bad_usage("unknown option '%s'", a);
  }
  if (!prog) {
    if (i >= argc) bad_usage("no program");
    prog = argv[i++];
  }
  if (fs) {
    /* -F: a tab as \t, else the string (escapes as in a program's strings are kept simple) */
    Val *v = &c_FS->v;
    v_free(v);
    *v = v_str(fs);
  }
  int ntok;
  Token *toks = lex_program(prog, &ntok);
  parse_program(toks, ntok);
  return run_program(argc - i, argv + i);
}
