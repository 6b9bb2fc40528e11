/* vi — a small screen editor in the spirit of vi, for a VT100 terminal in raw mode.
 *
 *   normal mode   h j k l and the arrow keys move; 0 $ line start/end; G last line (NG line N);
 *                 x deletes a character, r replaces one, dd a line (Ndd N lines), J joins;
 *                 i a I A o O insert;
 *                 /TEXT searches forward (wrapping), n again; ^L redraws; ZZ writes and quits
 *   insert mode   text goes in; Backspace deletes (joining lines), Enter splits; ESC leaves
 *   command line  :w [FILE]  :q  :q!  :wq  :x  :N (go to line N)
 *
 * The whole state — the lines, the cursor, the mode — is ordinary memory of the process, and the
 * terminal modes belong to the kernel's tty, so a checkpoint taken mid-edit restores into the same
 * screen and the same half-typed text (test/user/editor.test.ts). Every key redraws the screen
 * (cheap at 24x80, and it makes a restored session repaint itself on the next key). */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <termios.h>
#include <sys/ioctl.h>
#include "args.h"

typedef struct { char *s; int len, cap; } Line;

static Line *lines;
static int nlines, cap_lines;
static int cy, cx, top;          /* cursor line and column, first line on screen */
static int rows = 24, cols = 80; /* terminal size; the last row is the status line */
static int dirty;
static char filename[256];
static char status[256];
static char search[128];
static struct termios saved;

/* ---------- the buffer ---------- */
static void line_reserve(Line *l, int n) {
  if (n + 1 <= l->cap) return;
  l->cap = (n + 1) * 2 + 16;
  l->s = realloc(l->s, (size_t)l->cap);
  if (!l->s) die(1, "out of memory");
}
static void insert_line(int at, const char *s, int len) {
  if (nlines == cap_lines) {
    cap_lines = cap_lines ? cap_lines * 2 : 64;
    lines = realloc(lines, sizeof(Line) * (size_t)cap_lines);
    if (!lines) die(1, "out of memory");
  }
  memmove(lines + at + 1, lines + at, sizeof(Line) * (size_t)(nlines - at));
  Line *l = &lines[at];
  l->s = 0;
  l->cap = 0;
  line_reserve(l, len);
  memcpy(l->s, s, (size_t)len);
  l->len = len;
  l->s[len] = 0;
  nlines++;
}
static void delete_line(int at) {
  free(lines[at].s);
  memmove(lines + at, lines + at + 1, sizeof(Line) * (size_t)(nlines - at - 1));
  nlines--;
  if (nlines == 0) insert_line(0, "", 0);
}
static void insert_char(Line *l, int at, int c) {
  line_reserve(l, l->len + 1);
  memmove(l->s + at + 1, l->s + at, (size_t)(l->len - at + 1));
  l->s[at] = (char)c;
  l->len++;
}
static void append_text(Line *l, const char *s, int len) {
  line_reserve(l, l->len + len);
  memcpy(l->s + l->len, s, (size_t)len);
  l->len += len;
  l->s[l->len] = 0;
}

static void load(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    if (errno != ENOENT) snprintf(status, sizeof status, "\"%s\" %s", path, strerror(errno));
    else snprintf(status, sizeof status, "\"%s\" [New File]", path);
    insert_line(0, "", 0);
    return;
  }
  char buf[4096], *acc = 0;
  int alen = 0;
  long bytes = 0;
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    bytes += n;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n') { insert_line(nlines, acc ? acc : "", alen); alen = 0; continue; }
      acc = realloc(acc, (size_t)alen + 1);
      acc[alen++] = buf[i];
    }
  }
  if (alen) insert_line(nlines, acc, alen);
  free(acc);
  close(fd);
  if (nlines == 0) insert_line(0, "", 0);
  snprintf(status, sizeof status, "\"%s\" %dL, %ldB", path, nlines, bytes);
}

static int save(const char *path) {
  if (!*path) { snprintf(status, sizeof status, "No file name"); return -1; }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) { snprintf(status, sizeof status, "\"%s\" %s", path, strerror(errno)); return -1; }
  long bytes = 0;
  for (int i = 0; i < nlines; i++) {
    if (write(fd, lines[i].s, (size_t)lines[i].len) < 0 || write(fd, "\n", 1) < 0) {
      snprintf(status, sizeof status, "\"%s\" %s", path, strerror(errno));
      close(fd);
      return -1;
    }
    bytes += lines[i].len + 1;
  }
  close(fd);
  dirty = 0;
  snprintf(status, sizeof status, "\"%s\" %dL, %ldB written", path, nlines, bytes);
  return 0;
}

/* ---------- the terminal ---------- */
static char out[16384];
static int outlen;
static void put(const char *s, int n) {
  if (outlen + n > (int)sizeof out) { write(1, out, (size_t)outlen); outlen = 0; }
  memcpy(out + outlen, s, (size_t)n);
  outlen += n;
}
static void puts_(const char *s) { put(s, (int)strlen(s)); }
static void flush_out(void) { if (outlen) write(1, out, (size_t)outlen); outlen = 0; }

static void raw_on(void) {
  struct termios t;
  if (tcgetattr(0, &saved) < 0) die(1, "standard input is not a terminal");
  t = saved;
  cfmakeraw(&t);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(0, TCSADRAIN, &t);
  struct winsize ws;
  if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2 && ws.ws_col > 10) rows = ws.ws_row, cols = ws.ws_col;
}
static void raw_off(void) {
  puts_("\033[H\033[2J");
  flush_out();
  tcsetattr(0, TCSADRAIN, &saved);
}

static void draw(const char *cmdline) {
  int text_rows = rows - 1;
  if (cy < top) top = cy;
  if (cy >= top + text_rows) top = cy - text_rows + 1;
  puts_("\033[H");
  for (int r = 0; r < text_rows; r++) {
    int i = top + r;
    if (i < nlines) {
      int n = lines[i].len < cols ? lines[i].len : cols;
      for (int k = 0; k < n; k++) {
        char c = lines[i].s[k];
        put(c >= 32 && c < 127 ? &c : "?", 1);
      }
    } else puts_("~");
    puts_("\033[K\r\n");
  }
  char st[300];
  if (cmdline) snprintf(st, sizeof st, "%s", cmdline);
  else snprintf(st, sizeof st, "%s", status);
  st[cols - 1 < (int)sizeof st ? cols - 1 : (int)sizeof st - 1] = 0;
  puts_(st);
  puts_("\033[K");
  char pos[32];
  if (cmdline) snprintf(pos, sizeof pos, "\033[%d;%dH", rows, (int)strlen(st) + 1);
  else snprintf(pos, sizeof pos, "\033[%d;%dH", cy - top + 1, (cx < cols ? cx : cols - 1) + 1);
  puts_(pos);
  flush_out();
}

/* ---------- keys ---------- */
enum { K_UP = 1000, K_DOWN, K_RIGHT, K_LEFT, K_DEL };
static int pending(void) {
  int n = 0;
  return ioctl(0, 0x541B /* FIONREAD */, &n) == 0 ? n : 0;
}
static int pushed = -1; /* a byte read after ESC that was not part of a sequence */
static int readc(void) {
  unsigned char c;
  if (pushed >= 0) { int p = pushed; pushed = -1; return p; }
  for (;;) {
    ssize_t r = read(0, &c, 1);
    if (r == 1) return c;
    if (r < 0 && errno == EINTR) continue;
    return -1;
  }
}
/* One key: a byte, or an arrow from ESC [ A..D (ESC alone when nothing follows it at once). */
static int key(void) {
  int c = readc();
  if (c != 27 || pending() == 0) return c;
  int c2 = readc();
  if (c2 != '[' && c2 != 'O') { pushed = c2; return 27; } /* ESC, then an ordinary key */
  int c3 = readc();
  switch (c3) {
  case 'A': return K_UP;
  case 'B': return K_DOWN;
  case 'C': return K_RIGHT;
  case 'D': return K_LEFT;
  case '3': readc(); return K_DEL;
  default: return 27;
  }
}

static void clamp(int insert) {
  if (cy >= nlines) cy = nlines - 1;
  if (cy < 0) cy = 0;
  int max = lines[cy].len - (insert ? 0 : 1);
  if (max < 0) max = 0;
  if (cx > max) cx = max;
  if (cx < 0) cx = 0;
}

static int move(int k, int insert) {
  switch (k) {
  case 'h': case K_LEFT: cx--; break;
  case 'l': case K_RIGHT: cx++; break;
  case 'k': case K_UP: cy--; break;
  case 'j': case K_DOWN: cy++; break;
  default: return 0;
  }
  clamp(insert);
  return 1;
}

static void insert_mode(void) {
  snprintf(status, sizeof status, "-- INSERT --");
  for (;;) {
    draw(0);
    int k = key();
    if (k < 0 || k == 27) break;
    if (k >= K_UP && k <= K_LEFT) { move(k, 1); continue; }
    Line *l = &lines[cy];
    if (k == '\r' || k == '\n') {
      insert_line(cy + 1, l->s + cx, l->len - cx);
      l = &lines[cy];
      l->len = cx;
      l->s[cx] = 0;
      cy++;
      cx = 0;
    } else if (k == 127 || k == 8) {
      if (cx > 0) {
        memmove(l->s + cx - 1, l->s + cx, (size_t)(l->len - cx + 1));
        l->len--;
        cx--;
      } else if (cy > 0) {
        Line *p = &lines[cy - 1];
        cx = p->len;
        append_text(p, l->s, l->len);
        delete_line(cy);
        cy--;
      }
    } else if (k == '\t' || (k >= 32 && k < 127)) insert_char(l, cx++, k);
    else continue;
    dirty = 1;
  }
  status[0] = 0;
  if (cx > 0) cx--;
  clamp(0);
}

static void find_next(void) {
  if (!search[0]) { snprintf(status, sizeof status, "No previous regular expression"); return; }
  for (int step = 0; step <= nlines; step++) {
    int i = (cy + step) % nlines;
    const char *from = lines[i].s + (step == 0 ? cx + 1 : 0);
    if (step == 0 && cx + 1 > lines[i].len) continue;
    char *hit = strstr(from, search);
    if (hit) {
      if (i <= cy && step > 0) snprintf(status, sizeof status, "search hit BOTTOM, continuing at TOP");
      else status[0] = 0;
      cy = i;
      cx = (int)(hit - lines[i].s);
      return;
    }
  }
  snprintf(status, sizeof status, "Pattern not found: %s", search);
}

/* Read a line after ':' or '/' on the status row; 0 when ESC abandons it. */
static int prompt(char lead, char *buf, int size) {
  int n = 0;
  buf[0] = 0;
  for (;;) {
    char shown[300];
    snprintf(shown, sizeof shown, "%c%s", lead, buf);
    draw(shown);
    int k = key();
    if (k < 0 || k == 27) return 0;
    if (k == '\r' || k == '\n') return 1;
    if (k == 127 || k == 8) {
      if (n == 0) return 0;
      buf[--n] = 0;
    } else if (k >= 32 && k < 127 && n < size - 1) {
      buf[n++] = (char)k;
      buf[n] = 0;
    }
  }
}

/* An ex command; 1 when the editor should quit. */
static int ex(char *cmd) {
  while (*cmd == ' ') cmd++;
  char *arg = cmd;
  while (*arg && *arg != ' ') arg++;
  if (*arg) *arg++ = 0;
  while (*arg == ' ') arg++;
  long n;
  if (parse_long(cmd, &n)) { cy = (int)n - 1; cx = 0; clamp(0); return 0; }
  if (!strcmp(cmd, "w") || !strcmp(cmd, "wq") || !strcmp(cmd, "x")) {
    if (*arg) snprintf(filename, sizeof filename, "%s", arg);
    if (!strcmp(cmd, "x") && !dirty) return 1;
    return save(filename) == 0 && cmd[1] != 0 ? 1 : 0;
  }
  if (!strcmp(cmd, "q")) {
    if (dirty) { snprintf(status, sizeof status, "No write since last change (add ! to override)"); return 0; }
    return 1;
  }
  if (!strcmp(cmd, "q!")) return 1;
  snprintf(status, sizeof status, "Not an editor command: %s", cmd);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("vi", "[FILE]");
  while (opt_next(argc, argv, "") != -1) {}
  if (argc - opt_ind > 1) bad_usage("one file at a time");
  if (opt_ind < argc) {
    snprintf(filename, sizeof filename, "%s", argv[opt_ind]);
    load(filename);
  } else insert_line(0, "", 0);
  raw_on();
  int count = 0, last = 0;
  for (;;) {
    draw(0);
    int k = key();
    if (k < 0) break;
    if (k >= '1' && k <= '9' ? 1 : (k == '0' && count > 0)) { count = count * 10 + (k - '0'); continue; }
    int n = count ? count : 1, had_count = count > 0;
    int prev = last;
    last = k;
    if (k != 'd' && k != 'Z') status[0] = 0;
    if (move(k, 0)) { for (int i = 1; i < n; i++) move(k, 0); count = 0; continue; }
    count = 0;
    Line *l = &lines[cy];
    switch (k) {
    case '0': cx = 0; break;
    case '$': cx = l->len ? l->len - 1 : 0; break;
    case 'G': cy = (had_count ? n : nlines) - 1; cx = 0; clamp(0); break;
    case 'x': case K_DEL:
      for (int i = 0; i < n && l->len > 0; i++) {
        memmove(l->s + cx, l->s + cx + 1, (size_t)(l->len - cx));
        l->len--;
        dirty = 1;
      }
      clamp(0);
      break;
    case 'd':
      if (prev != 'd') { last = 'd'; continue; }
      for (int i = 0; i < n && nlines > 0; i++) delete_line(cy);
      last = 0;
      dirty = 1;
      cx = 0;
      clamp(0);
      break;
    case 'r': { /* replace the character under the cursor with the next key */
      int ch = key();
      if (ch >= 32 && ch < 127 && l->len > 0) { l->s[cx] = (char)ch; dirty = 1; }
      break;
    }
    case 'J':
      if (cy + 1 < nlines) {
        Line *nx = &lines[cy + 1];
        cx = l->len;
        if (l->len && nx->len) append_text(l, " ", 1);
        append_text(l, nx->s, nx->len);
        delete_line(cy + 1);
        dirty = 1;
      }
      break;
    case 'i': insert_mode(); break;
    case 'a': if (l->len) cx++; insert_mode(); break;
    case 'I': cx = 0; insert_mode(); break;
    case 'A': cx = l->len; insert_mode(); break;
    case 'o': insert_line(cy + 1, "", 0); cy++; cx = 0; dirty = 1; insert_mode(); break;
    case 'O': insert_line(cy, "", 0); cx = 0; dirty = 1; insert_mode(); break;
    case 'n': find_next(); break;
    case '/': if (prompt('/', search, sizeof search)) find_next(); break;
    case ':': {
      char cmd[256];
      if (prompt(':', cmd, sizeof cmd) && ex(cmd)) goto done;
      break;
    }
    case 'Z':
      if (prev != 'Z') { last = 'Z'; continue; }
      if (!dirty || save(filename) == 0) goto done;
      break;
    case 12: puts_("\033[H\033[2J"); break;
    default: break;
    }
  }
done:
  raw_off();
  return 0;
}
