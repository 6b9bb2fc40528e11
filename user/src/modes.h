/* modes.h — file mode words as chmod and the shell's umask read them: octal (`755`) or symbolic
 * clauses `[ugoa]*[-+=][rwxXst]*|[ugo]` joined by commas (`u+x,go=r`, `a-w`, `g=u`). With no
 * `ugoa` a clause applies to all three classes but leaves the bits set in the umask alone (POSIX).
 * Header-only (one static function), so each program stays one .c file. */
#ifndef MODES_H
#define MODES_H

/* Apply MODE to old (the current permission bits, 07777). isdir: `X` sets search bits on a
 * directory too. mask: the umask for clauses without `ugoa` (0 for umask itself). Returns 1 and
 * *out, or 0 for a malformed mode. */
static __attribute__((unused)) int apply_mode(const char *s, unsigned old, int isdir, unsigned mask, unsigned *out) {
  if (*s >= '0' && *s <= '7') {
    unsigned v = 0;
    for (; *s; s++) {
      if (*s < '0' || *s > '7') return 0;
      v = v * 8 + (unsigned)(*s - '0');
      if (v > 07777) return 0;
    }
    *out = v;
    return 1;
  }
  unsigned m = old & 07777;
  for (;;) {
    unsigned who = 0;
    for (;; s++) {
      if (*s == 'u') who |= 04700;
      else if (*s == 'g') who |= 02070;
      else if (*s == 'o') who |= 01007;
      else if (*s == 'a') who |= 07777;
      else break;
    }
    int masked = !who;
    if (!who) who = 07777;
    if (*s != '+' && *s != '-' && *s != '=') return 0;
    while (*s == '+' || *s == '-' || *s == '=') {
      char op = *s++;
      unsigned bits = 0;
      if (*s == 'u' || *s == 'g' || *s == 'o') {
        /* copy another class's permissions */
        unsigned src = *s == 'u' ? (m >> 6) & 7 : *s == 'g' ? (m >> 3) & 7 : m & 7;
        bits = src * 0111;
        s++;
      } else {
        for (;; s++) {
          if (*s == 'r') bits |= 0444;
          else if (*s == 'w') bits |= 0222;
          else if (*s == 'x') bits |= 0111;
          else if (*s == 'X') { if (isdir || (m & 0111)) bits |= 0111; }
          else if (*s == 's') bits |= 06000;
          else if (*s == 't') bits |= 01000;
          else break;
        }
      }
      bits &= who;
      if (masked) bits &= ~mask;
      if (op == '+') m |= bits;
      else if (op == '-') m &= ~bits;
      else {
        /* `=` clears every bit of the classes named (all for no `ugoa`, umask or not; GNU too) */
        unsigned clear = who & 07777;
        m = (m & ~clear) | bits;
      }
    }
    if (*s == 0) break;
    if (*s != ',') return 0;
    s++;
  }
  *out = m;
  return 1;
}

/* The symbolic form umask -S and stat print: "u=rwx,g=rx,o=rx" for permissions 0755. */
static __attribute__((unused)) void symbolic_perms(unsigned perm, char *buf) {
  const char *cls = "ugo";
  char *p = buf;
  for (int i = 0; i < 3; i++) {
    unsigned b = (perm >> (6 - 3 * i)) & 7;
    if (i) *p++ = ',';
    *p++ = cls[i];
    *p++ = '=';
    if (b & 4) *p++ = 'r';
    if (b & 2) *p++ = 'w';
    if (b & 1) *p++ = 'x';
  }
  *p = 0;
}
#endif
