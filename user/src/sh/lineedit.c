/* lineedit.c — the interactive shell's line editor and history. While a line is read the terminal
 * is in non-canonical mode without echo (signals stay on, so ^C still interrupts), and the editor
 * echoes and edits itself:
 *
 *   ← → ^B ^F move   ^A Home / ^E End   Backspace ^H, ^D (or EOF on an empty line), Del
 *   ↑ ↓ ^P ^N history   ^R reverse search (type to narrow, ^R older, Enter runs, ESC edits)
 *   ^U ^K ^W kill before/after/word   ^L clears the screen   ^C abandons the line
 *
 * Typing at the end of the line echoes exactly what a cooked terminal would (the character,
 * "\b \b" for a backspace, a newline), so a session looks the same with or without it. Input
 * typed ahead while a command ran was already echoed by the cooked terminal: such a line is read
 * the old way, not echoed twice. The history is plain memory of the shell process, so it survives
 * a checkpoint and restart like any other state (test/user/editor-sh.test.ts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <sys/ioctl.h>
#include "sh.h"

#define HIST_MAX 200
#define LINE_MAX_ED 4096

static char *hist[HIST_MAX];
static int hist_n;       /* entries in hist, oldest first */
static int hist_base = 1; /* the number of hist[0] as `history` shows it */
static int left_unechoed; /* the last line read left input behind that nobody echoed */

static char buf[LINE_MAX_ED];
static int len, pos;
static const char *cur_prompt;

static void out(const char *s, int n) {
  while (n > 0) {
    ssize_t w = write(2, s, (size_t)n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= (int)w;
  }
}
static void outs(const char *s) { out(s, (int)strlen(s)); }

/* Repaint the whole line and put the cursor back at pos. */
static void refresh(void) {
  outs("\r");
  outs(cur_prompt);
  out(buf, len);
  outs("\033[K");
  for (int i = len; i > pos; i--) out("\b", 1);
}

static void set_line(const char *s) {
  len = (int)strlen(s);
  if (len >= LINE_MAX_ED) len = LINE_MAX_ED - 1;
  memcpy(buf, s, (size_t)len);
  pos = len;
  refresh();
}

void history_add(const char *line) {
  int n = (int)strlen(line);
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' ')) n--;
  if (n == 0) return;
  if (hist_n > 0 && (int)strlen(hist[hist_n - 1]) == n && !strncmp(hist[hist_n - 1], line, (size_t)n)) return;
  if (hist_n == HIST_MAX) {
    free(hist[0]);
    memmove(hist, hist + 1, sizeof(char *) * (HIST_MAX - 1));
    hist_n--;
    hist_base++;
  }
  hist[hist_n++] = strndup(line, (size_t)n);
}

/* `history`: the numbered list, oldest first. */
int builtin_history(int argc, char **argv) {
  (void)argv;
  if (argc > 1) { fprintf(stderr, "sh: history: no options\n"); return 2; }
  for (int i = 0; i < hist_n; i++) printf("%5d  %s\n", hist_base + i, hist[i]);
  return 0;
}

static volatile int got_int;
static void on_int(int sig) {
  (void)sig;
  got_int = 1;
  interrupted = 1;
}

static int pending_input(void) {
  int n = 0;
  return ioctl(0, 0x541B /* FIONREAD */, &n) == 0 ? n : 0;
}

/* A byte, -1 at EOF or error, -2 when ^C interrupted the read. */
static int readc(void) {
  unsigned char c;
  for (;;) {
    ssize_t r = read(0, &c, 1);
    if (r == 1) return c;
    if (r < 0 && errno == EINTR) {
      if (got_int) return -2;
      continue;
    }
    return -1;
  }
}

enum { K_UP = 1000, K_DOWN, K_RIGHT, K_LEFT, K_HOME, K_END, K_DEL };
static int pushed = -1;
/* A key: a byte, or an ESC sequence (arrows, Home, End, Del); ESC alone when nothing follows. */
static int key(void) {
  if (pushed != -1) { int k = pushed; pushed = -1; return k; }
  int c = readc();
  if (c != 27 || pending_input() == 0) return c;
  int c2 = readc();
  if (c2 != '[' && c2 != 'O') { pushed = c2; return 27; }
  int c3 = readc();
  if (c3 >= '0' && c3 <= '9') {
    int c4 = readc();
    if (c4 != '~') return 27;
    return c3 == '1' || c3 == '7' ? K_HOME : c3 == '4' || c3 == '8' ? K_END : c3 == '3' ? K_DEL : 27;
  }
  switch (c3) {
  case 'A': return K_UP;
  case 'B': return K_DOWN;
  case 'C': return K_RIGHT;
  case 'D': return K_LEFT;
  case 'H': return K_HOME;
  case 'F': return K_END;
  default: return 27;
  }
}

/* ^R: search the history backwards for the typed text. Returns the key that ended the search
 * (Enter runs the line found; another key is handled as an edit of it), or -2 for ^C. */
static int reverse_search(void) {
  char q[128];
  int ql = 0, at = hist_n; /* the entry shown; hist_n = none yet */
  const char *saved_prompt = cur_prompt;
  char shown[300];
  q[0] = 0;
  for (;;) {
    snprintf(shown, sizeof shown, "(reverse-i-search)`%s': ", q);
    cur_prompt = shown;
    refresh();
    int k = key();
    if (k == 18 /* ^R */ || (k >= 32 && k < 127) || k == 127 || k == 8) {
      int from = at;
      if (k == 127 || k == 8) { if (ql) q[--ql] = 0; from = hist_n; }
      else if (k != 18 && ql < (int)sizeof q - 1) { q[ql++] = (char)k; q[ql] = 0; from = at < hist_n ? at + 1 : hist_n; }
      for (int i = from - 1; i >= 0; i--)
        if (strstr(hist[i], q)) {
          at = i;
          set_line(hist[i]);
          pos = (int)(strstr(hist[i], q) - hist[i]);
          break;
        }
      continue;
    }
    cur_prompt = saved_prompt;
    if (k == 7 /* ^G */) { len = pos = 0; refresh(); continue; }
    refresh();
    return k == 27 ? 0 : k;
  }
}

/* Read one line with editing: 1 and *line (with its '\n'), 0 at end of input, -1 when the editor
 * cannot be used here (not a terminal, or typed-ahead input the terminal already echoed): the
 * caller then prompts and reads the plain way. */
int lineedit_read(const char *prompt, char **line) {
  struct termios saved, raw;
  static struct termios good; /* the modes at the last prompt that no stopped job left behind */
  static int have_good;
  if (tcgetattr(0, &saved) < 0) return -1;
  /* A job stopped in its own modes (more, vi after ^Z) leaves the terminal so: the shell's lines and
   * the commands it runs next get the earlier modes back, as bash restores its own. Modes a command
   * that finished left behind (stty raw, stty min 0 time 50) are the user's: they stay. */
  if (fg_job_stopped && have_good) {
    saved = good;
    tcsetattr(0, TCSANOW, &saved);
  } else good = saved, have_good = 1;
  fg_job_stopped = 0;
  /* stty -echo: the user asked the terminal not to show what is typed; the editor would echo it,
   * so the line is read the plain way (readline, too, stops echoing when ECHO is off). */
  if (!(saved.c_lflag & ECHO)) return -1;
  raw = saved;
  raw.c_lflag &= ~(ICANON | ECHO | ECHOE | ECHOK | ECHONL | IEXTEN);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(0, TCSANOW, &raw) < 0) return -1;
  if (pending_input() > 0 && !left_unechoed) {
    tcsetattr(0, TCSANOW, &saved);
    return -1;
  }
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_int; /* no SA_RESTART: ^C must end the read */
  sigaction(SIGINT, &sa, &old);
  got_int = 0;
  cur_prompt = prompt;
  outs(prompt);
  len = pos = 0;
  int hi = hist_n, result = 1; /* hi: the history entry shown; hist_n = the line being typed */
  char *typed = 0;              /* the line being typed, kept while browsing the history */
  for (;;) {
    int k = key();
    if (k == 18) k = reverse_search();
    if (k == -2) { /* ^C: abandon the line, a fresh prompt */
      outs("^C\n");
      got_int = 0;
      len = pos = 0;
      hi = hist_n;
      outs(prompt);
      continue;
    }
    if (k == -1 || (k == 4 && len == 0)) { result = 0; break; }
    if (k == '\n' || k == '\r') { outs("\n"); break; }
    if (k == 0) continue;
    switch (k) {
    case 1: case K_HOME: pos = 0; refresh(); break;
    case 5: case K_END: pos = len; refresh(); break;
    case 2: case K_LEFT: if (pos > 0) { pos--; out("\b", 1); } break;
    case 6: case K_RIGHT: if (pos < len) { out(buf + pos, 1); pos++; } break;
    case 127: case 8:
      if (pos == 0) break;
      memmove(buf + pos - 1, buf + pos, (size_t)(len - pos));
      len--;
      pos--;
      if (pos == len) outs("\b \b");
      else refresh();
      break;
    case 4: case K_DEL:
      if (pos == len) break;
      memmove(buf + pos, buf + pos + 1, (size_t)(len - pos - 1));
      len--;
      refresh();
      break;
    case 21: memmove(buf, buf + pos, (size_t)(len - pos)); len -= pos; pos = 0; refresh(); break; /* ^U */
    case 11: len = pos; refresh(); break;                                                          /* ^K */
    case 23: { /* ^W */
      int p = pos;
      while (p > 0 && buf[p - 1] == ' ') p--;
      while (p > 0 && buf[p - 1] != ' ') p--;
      memmove(buf + p, buf + pos, (size_t)(len - pos));
      len -= pos - p;
      pos = p;
      refresh();
      break;
    }
    case 12: outs("\033[H\033[2J"); refresh(); break; /* ^L */
    case 16: case K_UP: case 14: case K_DOWN: {
      int up = k == 16 || k == K_UP;
      if (up ? hi == 0 : hi >= hist_n) break;
      if (hi == hist_n) { free(typed); typed = strndup(buf, (size_t)len); }
      hi += up ? -1 : 1;
      set_line(hi == hist_n ? (typed ? typed : "") : hist[hi]);
      break;
    }
    default:
      if ((k < 32 && k != '\t') || k >= 127 || len >= LINE_MAX_ED - 2) break;
      memmove(buf + pos + 1, buf + pos, (size_t)(len - pos));
      buf[pos++] = (char)k;
      len++;
      if (pos == len) out(buf + pos - 1, 1);
      else refresh();
    }
  }
  free(typed);
  left_unechoed = pending_input() > 0;
  sigaction(SIGINT, &old, 0);
  tcsetattr(0, TCSANOW, &saved);
  if (result == 0) return 0;
  buf[len++] = '\n';
  buf[len] = 0;
  history_add(buf);
  *line = buf;
  return 1;
}
