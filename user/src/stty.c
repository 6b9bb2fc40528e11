/* stty — show or change terminal modes of stdin: raw, -raw, cooked, sane, [-]echo, [-]icanon,
 * [-]isig and the other flag names below, min N, time N, rows N, cols N, size, -a (all modes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <termios.h>
#include <sys/ioctl.h>
#include "args.h"

typedef struct { const char *name; int field; unsigned bit; } Flag;
/* field: 0 iflag, 1 oflag, 2 cflag, 3 lflag */
static const Flag flags[] = {
  {"ignbrk", 0, IGNBRK}, {"brkint", 0, BRKINT}, {"ignpar", 0, IGNPAR}, {"parmrk", 0, PARMRK},
  {"inpck", 0, INPCK}, {"istrip", 0, ISTRIP}, {"inlcr", 0, INLCR}, {"igncr", 0, IGNCR},
  {"icrnl", 0, ICRNL}, {"ixon", 0, IXON}, {"ixany", 0, IXANY}, {"ixoff", 0, IXOFF},
  {"imaxbel", 0, IMAXBEL}, {"iutf8", 0, IUTF8},
  {"opost", 1, OPOST}, {"onlcr", 1, ONLCR}, {"ocrnl", 1, OCRNL}, {"onocr", 1, ONOCR}, {"onlret", 1, ONLRET},
  {"cread", 2, CREAD}, {"cstopb", 2, CSTOPB}, {"parenb", 2, PARENB}, {"parodd", 2, PARODD},
  {"hupcl", 2, HUPCL}, {"clocal", 2, CLOCAL},
  {"isig", 3, ISIG}, {"icanon", 3, ICANON}, {"echo", 3, ECHO}, {"echoe", 3, ECHOE}, {"echok", 3, ECHOK},
  {"echonl", 3, ECHONL}, {"noflsh", 3, NOFLSH}, {"tostop", 3, TOSTOP}, {"echoctl", 3, ECHOCTL},
  {"echoke", 3, ECHOKE}, {"iexten", 3, IEXTEN},
};
#define NFLAGS (int)(sizeof flags / sizeof flags[0])
static const struct { const char *name; int idx; } chars[] = {
  {"intr", VINTR}, {"quit", VQUIT}, {"erase", VERASE}, {"kill", VKILL}, {"eof", VEOF}, {"eol", VEOL},
  {"start", VSTART}, {"stop", VSTOP}, {"susp", VSUSP}, {"rprnt", VREPRINT}, {"werase", VWERASE},
  {"lnext", VLNEXT},
};
#define NCHARS (int)(sizeof chars / sizeof chars[0])

static tcflag_t *field(struct termios *t, int f) {
  return f == 0 ? &t->c_iflag : f == 1 ? &t->c_oflag : f == 2 ? &t->c_cflag : &t->c_lflag;
}
static void cc_text(cc_t c, char *s) {
  if (c == 0) strcpy(s, "<undef>");
  else if (c == 0x7f) strcpy(s, "^?");
  else if (c < 32) { s[0] = '^'; s[1] = (char)(c + '@'); s[2] = 0; }
  else { s[0] = (char)c; s[1] = 0; }
}
static void sane(struct termios *t) {
  t->c_iflag = ICRNL | IXON | BRKINT | IMAXBEL | IUTF8;
  t->c_oflag = OPOST | ONLCR;
  t->c_cflag = (t->c_cflag & CBAUD) | CS8 | CREAD;
  t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
  static const cc_t cc[NCCS] = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0};
  memcpy(t->c_cc, cc, NCCS);
}
static void show(struct termios *t, int all) {
  struct winsize ws;
  int have_ws = ioctl(0, TIOCGWINSZ, &ws) == 0;
  printf("speed 38400 baud;");
  if (have_ws) printf(" rows %d; columns %d;", ws.ws_row, ws.ws_col);
  printf(" line = %d;\n", t->c_line);
  for (int i = 0; i < NCHARS; i++) {
    char s[16];
    cc_text(t->c_cc[chars[i].idx], s);
    printf("%s = %s;%s", chars[i].name, s, i == NCHARS - 1 ? "" : " ");
  }
  printf(" min = %d; time = %d;\n", t->c_cc[VMIN], t->c_cc[VTIME]);
  int f = 0, col = 0;
  for (int i = 0; i < NFLAGS; i++) {
    if (flags[i].field != f) { if (col) printf("\n"); f = flags[i].field; col = 0; }
    int on = (*field(t, f) & flags[i].bit) == flags[i].bit;
    if (!all && (f == 2 || (on && f != 3))) continue;
    printf("%s%s%s", col ? " " : "", on ? "" : "-", flags[i].name);
    col = 1;
  }
  if (col) printf("\n");
}

int main(int argc, char **argv) {
  ARGS("stty", "[-a] [SETTING...] | stty size");
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "--", 2) && strcmp(argv[i], "--all")) bad_usage("unknown option '%s'", argv[i]);
  struct termios t;
  if (tcgetattr(0, &t) < 0) { fprintf(stderr, "stty: standard input: %s\n", strerror(errno)); return 1; }
  if (argc == 1) { show(&t, 0); return 0; }
  int changed = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int neg = a[0] == '-' && a[1];
    const char *name = neg ? a + 1 : a;
    if (!strcmp(a, "-a") || !strcmp(a, "--all")) { show(&t, 1); continue; }
    if (!strcmp(a, "size")) {
      struct winsize ws;
      if (ioctl(0, TIOCGWINSZ, &ws) < 0) { perror("stty: size"); return 1; }
      printf("%d %d\n", ws.ws_row, ws.ws_col);
      continue;
    }
    if ((!strcmp(a, "rows") || !strcmp(a, "cols") || !strcmp(a, "columns")) && i + 1 < argc) {
      struct winsize ws;
      if (ioctl(0, TIOCGWINSZ, &ws) < 0) memset(&ws, 0, sizeof ws);
      if (a[0] == 'r') ws.ws_row = (unsigned short)atoi(argv[++i]);
      else ws.ws_col = (unsigned short)atoi(argv[++i]);
      if (ioctl(0, TIOCSWINSZ, &ws) < 0) { perror("stty"); return 1; }
      continue;
    }
    if ((!strcmp(a, "min") || !strcmp(a, "time")) && i + 1 < argc) {
      t.c_cc[a[0] == 'm' ? VMIN : VTIME] = (cc_t)atoi(argv[++i]);
      changed = 1;
      continue;
    }
    if ((!strcmp(name, "raw") && !neg) || (!strcmp(name, "cooked") && neg)) { cfmakeraw(&t); changed = 1; continue; }
    if ((!strcmp(name, "raw") && neg) || (!strcmp(name, "cooked") && !neg)) {
      t.c_iflag |= BRKINT | ICRNL | IXON;
      t.c_oflag |= OPOST;
      t.c_lflag |= ISIG | ICANON | IEXTEN;
      changed = 1;
      continue;
    }
    if (!strcmp(a, "sane")) { sane(&t); changed = 1; continue; }
    int k = 0;
    while (k < NFLAGS && strcmp(flags[k].name, name)) k++;
    if (k == NFLAGS) bad_usage("invalid argument '%s'", a);
    if (neg) *field(&t, flags[k].field) &= ~flags[k].bit;
    else *field(&t, flags[k].field) |= flags[k].bit;
    changed = 1;
  }
  if (changed && tcsetattr(0, TCSADRAIN, &t) < 0) { fprintf(stderr, "stty: %s\n", strerror(errno)); return 1; }
  return 0;
}
