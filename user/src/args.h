/* args.h — argument hygiene shared by the tools: `--help` prints the usage line on stdout and
 * exits 0 (it never becomes a file name), an unknown option or a bad operand prints a message and
 * the usage line on stderr and exits 2, and numbers are parsed strictly ("abc", "3x" are errors).
 * Header-only (small static functions), so each program stays one .c file.
 *
 *   ARGS("head", "[-n N] [FILE...]");        at the top of main: names the program, its usage
 *   while ((c = opt_next(argc, argv, "n:")) != -1) ...   getopt-like; opt_arg, opt_ind
 */
#ifndef ARGS_H
#define ARGS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

static const char *prog_name = "?", *prog_usage = "";
static char *opt_arg;
static int opt_ind = 1, opt_pos;

/* The usage line on stderr and status 2. */
static __attribute__((noreturn, unused)) void usage_exit(void) {
  fprintf(stderr, "usage: %s %s\n", prog_name, prog_usage);
  exit(2);
}

/* "prog: MESSAGE", then the usage line, status 2. */
static __attribute__((noreturn, unused, format(printf, 1, 2))) void bad_usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", prog_name);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  usage_exit();
}

/* "prog: MESSAGE" on stderr and status st (runtime failures, not usage). */
static __attribute__((noreturn, unused, format(printf, 2, 3))) void die(int st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", prog_name);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(st);
}

/* Name the program and its usage; a first argument `--help` prints it and exits 0. */
static __attribute__((unused)) void args_init(const char *name, const char *use, int argc, char **argv) {
  prog_name = name;
  prog_usage = use;
  if (argc > 1 && !strcmp(argv[1], "--help")) {
    printf("usage: %s %s\n", name, use);
    exit(0);
  }
}
#define ARGS(name, use) args_init(name, use, argc, argv)

/* A whole decimal integer with an optional sign: 1 and *out set, or 0. */
static __attribute__((unused)) int parse_long(const char *s, long *out) {
  const char *p = s;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (*p < '0' || *p > '9') return 0;
  long v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > (0x7fffffffL - (*p - '0')) / 10) return 0; /* out of range */
    v = v * 10 + (*p - '0');
  }
  if (*p) return 0;
  *out = neg ? -v : v;
  return 1;
}

/* A number that must parse, else a usage error naming `what`. */
static __attribute__((unused)) long number_arg(const char *s, const char *what) {
  long v;
  if (!parse_long(s, &v)) bad_usage("invalid %s: '%s'", what, s);
  return v;
}

/*
 * The next option letter of argv (spec as getopt: "n:" takes an argument), -1 at the first
 * operand, at "-" or after "--" (opt_ind then indexes the first operand). An unknown letter, a
 * missing argument or a long option other than --help is a usage error.
 */
static __attribute__((unused)) int opt_next(int argc, char **argv, const char *spec) {
  if (opt_pos == 0) {
    if (opt_ind >= argc) return -1;
    char *a = argv[opt_ind];
    if (a[0] != '-' || !a[1]) return -1;
    if (!strcmp(a, "--")) { opt_ind++; return -1; }
    if (a[1] == '-') {
      if (!strcmp(a, "--help")) { printf("usage: %s %s\n", prog_name, prog_usage); exit(0); }
      bad_usage("unknown option '%s'", a);
    }
    opt_pos = 1;
  }
  char *a = argv[opt_ind];
  int c = a[opt_pos++];
  const char *s = c == ':' ? 0 : strchr(spec, c);
  if (!s) bad_usage("unknown option '-%c'", c);
  if (s[1] == ':') {
    if (a[opt_pos]) opt_arg = a + opt_pos;
    else if (opt_ind + 1 < argc) opt_arg = argv[++opt_ind];
    else bad_usage("option '-%c' needs an argument", c);
    opt_ind++;
    opt_pos = 0;
  } else if (!a[opt_pos]) {
    opt_ind++;
    opt_pos = 0;
  }
  return c;
}
#endif
