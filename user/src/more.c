/* more — page through text: more [FILE...] (stdin without any). A screenful at a time, then a
 * --More-- prompt read from the terminal (/dev/tty, in raw mode, so one key is enough):
 * space the next screen, Enter or j one more line, d half a screen, q quits, /TEXT finds the next
 * line containing TEXT. When stdout is not a terminal, more copies its input like cat. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <termios.h>
#include <sys/ioctl.h>
#include "args.h"

static int tty = -1, rows = 24, cols = 80;
static struct termios saved;

static int key(void) {
  unsigned char c;
  for (;;) {
    ssize_t r = read(tty, &c, 1);
    if (r == 1) return c;
    if (r < 0 && errno == EINTR) continue;
    return 'q';
  }
}

static void restore(void) {
  if (tty >= 0) tcsetattr(tty, TCSADRAIN, &saved);
}

/* Page one stream; 1 when the user quit. */
static int page(FILE *f, const char *name, long long size) {
  char *line = 0;
  size_t cap = 0;
  ssize_t len;
  long long seen = 0;
  int left = rows - 1;
  char want[128] = "";
  while ((len = getline(&line, &cap, f)) >= 0) {
    seen += len;
    if (want[0]) {
      if (!strstr(line, want)) continue;
      want[0] = 0;
    }
    fputs(line, stdout);
    /* a long line takes several rows */
    int used = len > 1 ? (int)((len - 1 + cols - 1) / cols) : 1;
    left -= used > 0 ? used : 1;
    if (left > 0) continue;
    for (;;) {
      if (size > 0) printf("\033[7m--More--(%d%%)\033[m", (int)(seen * 100 / size));
      else printf("\033[7m--More--%s%s\033[m", name ? " " : "", name ? name : "");
      fflush(stdout);
      int k = key();
      printf("\r\033[K");
      if (k == 'q' || k == 'Q') { free(line); return 1; }
      if (k == ' ' || k == 'f') { left = rows - 1; break; }
      if (k == '\r' || k == '\n' || k == 'j') { left = 1; break; }
      if (k == 'd') { left = (rows - 1) / 2; break; }
      if (k == '/') {
        printf("/");
        fflush(stdout);
        int n = 0;
        for (int c; (c = key()) != '\r' && c != '\n' && n < (int)sizeof want - 1;) {
          if (c == 127 || c == 8) { if (n) { n--; printf("\b \b"); } continue; }
          if (c == 27) { n = 0; break; }
          want[n++] = (char)c;
          putchar(c);
          fflush(stdout);
        }
        want[n] = 0;
        printf("\r\033[K");
        left = rows - 1;
        break;
      }
    }
  }
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("more", "[FILE...]");
  while (opt_next(argc, argv, "") != -1) {}
  int interactive = isatty(1);
  if (interactive) {
    tty = open("/dev/tty", O_RDONLY);
    if (tty >= 0 && tcgetattr(tty, &saved) == 0) {
      struct termios t = saved;
      t.c_lflag &= ~(ICANON | ECHO);
      t.c_cc[VMIN] = 1;
      t.c_cc[VTIME] = 0;
      tcsetattr(tty, TCSADRAIN, &t);
      struct winsize ws;
      if (ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1) rows = ws.ws_row, cols = ws.ws_col ? ws.ws_col : 80;
    } else interactive = 0;
  }
  int rc = 0, i = opt_ind;
  do {
    const char *name = i < argc ? argv[i] : 0;
    FILE *f = name && strcmp(name, "-") ? fopen(name, "r") : stdin;
    if (!f) { fprintf(stderr, "more: %s: %s\n", name, strerror(errno)); rc = 1; continue; }
    if (!interactive) {
      int c;
      while ((c = fgetc(f)) != EOF) putchar(c);
    } else {
      long long size = 0;
      if (f != stdin) {
        off_t end = lseek(fileno(f), 0, SEEK_END);
        size = end > 0 ? end : 0;
        lseek(fileno(f), 0, SEEK_SET);
      }
      if (argc - opt_ind > 1) printf("::::::::::::::\n%s\n::::::::::::::\n", name);
      int quit = page(f, name, size);
      if (f != stdin) fclose(f);
      if (quit) break;
      continue;
    }
    if (f != stdin) fclose(f);
  } while (++i < argc);
  fflush(stdout);
  restore();
  return rc;
}
