/* lex.c — the tokenizer: words (raw text, quotes kept for expansion), | || & && ; newline,
 * redirections (< > >> >& with an optional fd number), # comments. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "sh.h"

/* Split a line into tokens (*out is malloc'd); returns the count or -1 (message printed) on an
 * unterminated quote. */
int lex(const char *s, Tok **out) {
  int n = 0, i = 0, cap = 32;
  Tok *toks = malloc(sizeof(Tok) * (size_t)cap);
  *out = toks;
  for (;;) {
    if (n == cap) { cap *= 2; toks = realloc(toks, sizeof(Tok) * (size_t)cap); *out = toks; }
    while (s[i] == ' ' || s[i] == '\t') i++;
    if (s[i] == '#') while (s[i] && s[i] != '\n') i++;
    if (!s[i]) break;
    Tok *t = &toks[n];
    memset(t, 0, sizeof *t);
    t->start = i;
    if (s[i] == '\n') { t->type = T_SEMI; t->end = ++i; n++; continue; } /* newline ends a command like ';' */
    char c = s[i];
    int fdnum = -1;
    if (isdigit(c)) {
      int j = i;
      while (isdigit(s[j])) j++;
      if (s[j] == '<' || s[j] == '>') { fdnum = atoi(s + i); i = j; c = s[i]; }
    }
    if (c == '|' && fdnum < 0) { t->type = s[i + 1] == '|' ? T_OR : T_PIPE; i += t->type == T_OR ? 2 : 1; }
    else if (c == '&' && fdnum < 0) { t->type = s[i + 1] == '&' ? T_AND : T_AMP; i += t->type == T_AND ? 2 : 1; }
    else if (c == ';' && fdnum < 0) { t->type = T_SEMI; i++; }
    else if (c == '<' || c == '>') {
      t->type = T_REDIR;
      t->rfd = fdnum >= 0 ? fdnum : c == '<' ? 0 : 1;
      if (c == '<') { t->rop = R_IN; i++; }
      else if (s[i + 1] == '>') { t->rop = R_APP; i += 2; }
      else if (s[i + 1] == '&') { t->rop = R_DUP; i += 2; }
      else { t->rop = R_OUT; i++; }
    } else {
      t->type = T_WORD;
      while (s[i] && !strchr(" \t\n|&;<>", s[i])) {
        if (s[i] == '\\' && s[i + 1]) i += 2;
        else if (s[i] == '\'' || s[i] == '"') {
          char q = s[i++];
          while (s[i] && s[i] != q) { if (q == '"' && s[i] == '\\' && s[i + 1]) i++; i++; }
          if (!s[i]) { fprintf(stderr, "sh: syntax error: unterminated quote\n"); return -1; }
          i++;
        } else i++;
      }
      t->text = strndup(s + t->start, (size_t)(i - t->start));
    }
    t->end = i;
    n++;
  }
  return n;
}
