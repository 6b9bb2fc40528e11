/* lex.c — awk program text → tokens. A `/` starts a regular expression where an operand is
 * expected (after an operator, `(`, `,`, `{`, a newline…), else it divides. A newline is a
 * token (it ends statements) except after `{ , && || do else ;` and a backslash-newline, which the
 * parser skips as awk's grammar allows. Names followed directly by `(` that are user functions
 * are T_FUNC_NAME (decided by the parser, which knows the functions). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "awk.h"

static const struct { const char *w; int t; } KW[] = {
  {"BEGIN", T_BEGIN}, {"END", T_END}, {"function", T_FUNCTION}, {"func", T_FUNCTION}, {"if", T_IF},
  {"else", T_ELSE}, {"while", T_WHILE}, {"for", T_FOR}, {"do", T_DO}, {"break", T_BREAK},
  {"continue", T_CONTINUE}, {"next", T_NEXT}, {"nextfile", T_NEXTFILE}, {"exit", T_EXIT},
  {"return", T_RETURN}, {"delete", T_DELETE}, {"getline", T_GETLINE}, {"print", T_PRINT},
  {"printf", T_PRINTF}, {"in", T_IN}, {0, 0}};

static Token *toks;
static int ntok, cap;

static void push(int type, char *text, double num, int line) {
  if (ntok == cap) { cap = cap ? cap * 2 : 256; toks = realloc(toks, (size_t)cap * sizeof *toks); }
  toks[ntok++] = (Token){type, text, num, line};
}

/* Can a `/` here start a regex? Not after something that ends an operand. */
static int regex_allowed(void) {
  if (ntok == 0) return 1;
  int t = toks[ntok - 1].type;
  return !(t == T_NAME || t == T_NUMBER || t == T_STRING || t == T_BUILTIN || t == ')' || t == ']' || t == '$' || t == T_INCR || t == T_DECR || t == T_ERE);
}

Token *lex_program(const char *s, int *n) {
  int line = 1;
  const char *p = s;
  while (*p) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r') { p++; continue; }
    if (c == '\\' && p[1] == '\n') { p += 2; line++; continue; }
    if (c == '#') { while (*p && *p != '\n') p++; continue; }
    if (c == '\n') { push(T_NEWLINE, 0, 0, line++); p++; continue; }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
      char *end;
      double d = strtod(p, &end);
      if (c == '0' && (p[1] == 'x' || p[1] == 'X')) { d = (double)strtoul(p, &end, 16); }
      push(T_NUMBER, strndup(p, (size_t)(end - p)), d, line);
      p = end;
      continue;
    }
    if (isalpha((unsigned char)c) || c == '_') {
      const char *st = p;
      while (isalnum((unsigned char)*p) || *p == '_') p++;
      char *w = strndup(st, (size_t)(p - st));
      int t = T_NAME;
      for (int i = 0; KW[i].w; i++) if (!strcmp(KW[i].w, w)) t = KW[i].t;
      if (t == T_NAME && builtin_number(w) >= 0) t = T_BUILTIN;
      if (t == T_NAME && *p == '(') t = T_FUNC_NAME; /* a call (or a function definition) */
      push(t, w, 0, line);
      continue;
    }
    if (c == '"') {
      /* a string with the escapes \" \\ \/ \n \t \r \a \b \f \v \NNN */
      char *buf = malloc(strlen(p) + 1);
      size_t k = 0;
      p++;
      while (*p && *p != '"') {
        if (*p == '\n') fatal("newline in string (line %d)", line);
        if (*p == '\\' && p[1]) {
          p++;
          char e = *p++;
          switch (e) {
            case 'n': buf[k++] = '\n'; break;
            case 't': buf[k++] = '\t'; break;
            case 'r': buf[k++] = '\r'; break;
            case 'a': buf[k++] = 7; break;
            case 'b': buf[k++] = 8; break;
            case 'f': buf[k++] = 12; break;
            case 'v': buf[k++] = 11; break;
            case '\n': line++; break;
            case '"': case '\\': case '/': buf[k++] = e; break;
            default:
              if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int d = 0; d < 2 && *p >= '0' && *p <= '7'; d++) v = v * 8 + (*p++ - '0');
                buf[k++] = (char)v;
              } else { buf[k++] = '\\'; buf[k++] = e; }
          }
        } else buf[k++] = *p++;
      }
      if (*p != '"') fatal("unterminated string (line %d)", line);
      p++;
      buf[k] = 0;
      push(T_STRING, buf, 0, line);
      continue;
    }
    if (c == '/' && regex_allowed()) {
      /* the regex text as written, \/ becoming / */
      char *buf = malloc(strlen(p) + 1);
      size_t k = 0;
      p++;
      int in_set = 0;
      while (*p && (*p != '/' || in_set)) {
        if (*p == '\n') fatal("newline in regex (line %d)", line);
        if (*p == '\\' && p[1] == '/') { buf[k++] = '/'; p += 2; continue; }
        if (*p == '\\' && p[1]) { buf[k++] = *p++; buf[k++] = *p++; continue; }
        if (*p == '[' && !in_set) { in_set = 1; buf[k++] = *p++; if (*p == '^') buf[k++] = *p++; if (*p == ']') buf[k++] = *p++; continue; }
        if (*p == '[' && in_set && p[1] == ':') { const char *e = strstr(p, ":]"); if (e) { while (p < e + 2) buf[k++] = *p++; continue; } }
        if (*p == ']' && in_set) in_set = 0;
        buf[k++] = *p++;
      }
      if (*p != '/') fatal("unterminated regex (line %d)", line);
      p++;
      buf[k] = 0;
      push(T_ERE, buf, 0, line);
      continue;
    }
    /* operators */
    static const struct { const char *op; int t; } OPS[] = {
      {"&&", T_AND}, {"||", T_OR}, {"==", T_EQ}, {"!=", T_NE}, {"<=", T_LE}, {">=", T_GE}, {"!~", T_NOMATCH},
      {"++", T_INCR}, {"--", T_DECR}, {">>", T_APPEND}, {"+=", T_ADD_ASSIGN}, {"-=", T_SUB_ASSIGN},
      {"*=", T_MUL_ASSIGN}, {"/=", T_DIV_ASSIGN}, {"%=", T_MOD_ASSIGN}, {"^=", T_POW_ASSIGN}, {"**=", T_POW_ASSIGN}, {"**", '^'}, {0, 0}};
    int done = 0;
    for (int i = 0; OPS[i].op; i++) {
      size_t l = strlen(OPS[i].op);
      if (!strncmp(p, OPS[i].op, l)) {
        /* a /= that starts a regex (`/=/`) is a regex */
        if (OPS[i].t == T_DIV_ASSIGN && regex_allowed()) break;
        push(OPS[i].t, 0, 0, line);
        p += l;
        done = 1;
        break;
      }
    }
    if (done) continue;
    if (strchr("{}()[];,+-*/%^!<>|?:~$=", c)) { push((unsigned char)c, 0, 0, line); p++; continue; }
    fatal("syntax error at '%c' (line %d)", c, line);
  }
  push(T_NEWLINE, 0, 0, line);
  push(T_EOF, 0, 0, line);
  *n = ntok;
  return toks;
}
