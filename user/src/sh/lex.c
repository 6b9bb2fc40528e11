/* lex.c — the tokenizer: words (raw text, quotes and $(…) `…` ${…} kept whole for expansion),
 * | || & && ; ;; ( ) newline, redirections (< > >> >& <& << <<- with an optional fd number), #
 * comments, and here-document bodies (the lines after the command line, up to the delimiter). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "sh.h"

/* The end of a quoted or nested construct starting at s[i] (a quote, `, $( $(( ${), or -1 when
 * the text ends inside it. */
int skip_construct(const char *s, int i) {
  char c = s[i];
  if (c == '\'') {
    for (i++; s[i] && s[i] != '\''; i++) {}
    return s[i] ? i + 1 : -1;
  }
  if (c == '"' || c == '`') {
    for (i++; s[i] && s[i] != c; i++) {
      if (s[i] == '\\' && s[i + 1]) { i++; continue; }
      if (c == '"' && (s[i] == '`' || (s[i] == '$' && (s[i + 1] == '(' || s[i + 1] == '{')))) {
        int e = skip_construct(s, s[i] == '$' ? i + 1 : i);
        if (e < 0) return -1;
        i = e - 1;
      }
    }
    return s[i] ? i + 1 : -1;
  }
  /* $( … ) / $(( … )) / ${ … }: i points at the ( or { */
  char open = c, close = c == '(' ? ')' : '}';
  int depth = 0;
  for (; s[i]; i++) {
    if (s[i] == '\\' && s[i + 1]) { i++; continue; }
    if (s[i] == '\'' || s[i] == '"' || s[i] == '`') {
      int e = skip_construct(s, i);
      if (e < 0) return -1;
      i = e - 1;
      continue;
    }
    if (s[i] == open) depth++;
    else if (s[i] == close && --depth == 0) return i + 1;
  }
  return -1;
}

/* Pending here-documents: tokens whose bodies start after the next newline. */
static int pending[MAXREDIR * 4], npending;

/* Read here-document bodies after the newline at s[i]: fills each pending token's text with the
 * body. Returns the index after the last body, or -1 when the text ends first (more is needed). */
static int read_heredocs(const char *s, int i, Tok *toks) {
  for (int k = 0; k < npending; k++) {
    Tok *t = &toks[pending[k]];
    const char *delim = t->text;
    size_t dl = strlen(delim);
    size_t cap = 64, len = 0;
    char *body = malloc(cap);
    for (;;) {
      if (!s[i]) { free(body); return -1; }
      int e = i;
      while (s[e] && s[e] != '\n') e++;
      if (!s[e]) { free(body); return -1; } /* a line without its newline: wait for the rest */
      int b = i;
      if (t->rop == R_HEREDOC_TABS) while (s[b] == '\t') b++;
      if ((size_t)(e - b) == dl && !strncmp(s + b, delim, dl)) { i = e + 1; break; }
      size_t n = (size_t)(e + 1 - b);
      if (len + n + 1 > cap) { cap = (len + n + 1) * 2; body = realloc(body, cap); }
      memcpy(body + len, s + b, n);
      len += n;
      i = e + 1;
    }
    body[len] = 0;
    free(t->text);
    t->text = body;
  }
  npending = 0;
  return i;
}

/* The delimiter of a here-document (quotes removed); *quoted says whether any part was quoted. */
static char *heredoc_delim(const char *w, int *quoted) {
  char *d = malloc(strlen(w) + 1);
  size_t n = 0;
  *quoted = 0;
  for (; *w; w++) {
    if (*w == '\'' || *w == '"') { *quoted = 1; continue; }
    if (*w == '\\' && w[1]) { *quoted = 1; w++; }
    d[n++] = *w;
  }
  d[n] = 0;
  return d;
}

/* The text ended too soon: free what was lexed (the caller reads more and lexes it all again). */
static int more(Tok *toks, int n) {
  for (int k = 0; k <= n; k++) { free(toks[k].text); toks[k].text = 0; }
  npending = 0;
  return LEX_MORE;
}

/* Split a text into tokens (*out is malloc'd); returns the count, -1 (message printed) on a
 * syntax error, or LEX_MORE when the text ends inside a quote, a $(…) or a here-document. */
int lex(const char *s, Tok **out) {
  int n = 0, i = 0, cap = 32;
  Tok *toks = malloc(sizeof(Tok) * (size_t)cap);
  *out = toks;
  npending = 0;
  for (;;) {
    if (n + 2 >= cap) { cap *= 2; toks = realloc(toks, sizeof(Tok) * (size_t)cap); *out = toks; }
    while (s[i] == ' ' || s[i] == '\t') i++;
    if (s[i] == '#') while (s[i] && s[i] != '\n') i++;
    if (!s[i]) break;
    Tok *t = &toks[n];
    memset(t, 0, sizeof *t);
    t->start = i;
    if (s[i] == '\n') {
      t->type = T_SEMI;
      t->end = ++i;
      n++;
      if (npending) { i = read_heredocs(s, i, toks); if (i < 0) return more(toks, n - 1); }
      continue;
    }
    char c = s[i];
    int fdnum = -1;
    if (isdigit(c)) {
      int j = i;
      while (isdigit(s[j])) j++;
      if (s[j] == '<' || s[j] == '>') { fdnum = atoi(s + i); i = j; c = s[i]; }
    }
    if (c == '|' && fdnum < 0) { t->type = s[i + 1] == '|' ? T_OR : T_PIPE; i += t->type == T_OR ? 2 : 1; }
    else if (c == '&' && fdnum < 0) { t->type = s[i + 1] == '&' ? T_AND : T_AMP; i += t->type == T_AND ? 2 : 1; }
    else if (c == ';' && fdnum < 0) { t->type = s[i + 1] == ';' ? T_DSEMI : T_SEMI; i += t->type == T_DSEMI ? 2 : 1; }
    else if (c == '(' && fdnum < 0) { t->type = T_LPAREN; i++; }
    else if (c == ')' && fdnum < 0) { t->type = T_RPAREN; i++; }
    else if (c == '<' || c == '>') {
      t->type = T_REDIR;
      t->rfd = fdnum >= 0 ? fdnum : c == '<' ? 0 : 1;
      if (c == '<' && s[i + 1] == '<') { t->rop = s[i + 2] == '-' ? R_HEREDOC_TABS : R_HEREDOC; i += t->rop == R_HEREDOC_TABS ? 3 : 2; }
      else if (c == '<' && s[i + 1] == '&') { t->rop = R_DUP; i += 2; }
      else if (c == '<') { t->rop = R_IN; i++; }
      else if (s[i + 1] == '>') { t->rop = R_APP; i += 2; }
      else if (s[i + 1] == '&') { t->rop = R_DUP; i += 2; }
      else { t->rop = R_OUT; i++; }
    } else {
      t->type = T_WORD;
      while (s[i] && !strchr(" \t\n|&;<>()", s[i])) {
        if (s[i] == '\\' && s[i + 1]) i += 2;
        else if (s[i] == '\'' || s[i] == '"' || s[i] == '`' || (s[i] == '$' && (s[i + 1] == '(' || s[i + 1] == '{'))) {
          int e = skip_construct(s, s[i] == '$' ? i + 1 : i);
          if (e < 0) return more(toks, n - 1);
          i = e;
        } else i++;
      }
      t->text = strndup(s + t->start, (size_t)(i - t->start));
    }
    t->end = i;
    n++;
    /* a here-document redirection: its delimiter word follows; the body comes after the newline */
    if (n >= 2 && toks[n - 2].type == T_REDIR && (toks[n - 2].rop == R_HEREDOC || toks[n - 2].rop == R_HEREDOC_TABS) && t->type == T_WORD && !toks[n - 2].text) {
      int quoted;
      char *d = heredoc_delim(t->text, &quoted);
      Tok *r = &toks[n - 2];
      r->text = d; /* the delimiter until the body replaces it */
      r->quoted = quoted;
      t->type = T_HEREDOC_BODY; /* the word is the body's placeholder: filled below */
      free(t->text);
      t->text = 0;
      if (npending < (int)(sizeof pending / sizeof pending[0])) pending[npending++] = n - 2;
    }
  }
  if (npending) return more(toks, n - 1); /* the text ended before the bodies */
  /* Move each body into the word after its redirection, where the parser expects the target. */
  for (int k = 0; k + 1 < n; k++) {
    if (toks[k].type == T_REDIR && (toks[k].rop == R_HEREDOC || toks[k].rop == R_HEREDOC_TABS) && toks[k + 1].type == T_HEREDOC_BODY) {
      toks[k + 1].type = T_WORD;
      toks[k + 1].text = toks[k].text;
      toks[k].text = 0;
      toks[k].rop = toks[k].quoted ? R_HEREDOC_RAW : R_HEREDOC; /* <<- only changed how the body was read */
    }
  }
  return n;
}
