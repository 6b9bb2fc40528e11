/* parse.c — recursive descent from tokens to the syntax tree of sh.h: lists, and-or lists,
 * pipelines (with `!`), simple commands with redirections, for/while/until/if/case, ( subshells ),
 * { groups } and function definitions; and freeing the tree. Input that stops inside a construct
 * is P_MORE, so the caller can read more and retry. */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

/* Parser state: the text and its tokens, and the position in them. */
static const char *SRC;
static Tok *P;
static int PN, PI;
static int perr;

static void *syntax_error(const char *what) {
  if (perr == P_OK) { fprintf(stderr, "sh: syntax error near %s\n", what); last_status = 2; }
  perr = P_SYNTAX;
  return 0;
}
/* Input ended where more was required: a script or an interactive line may continue. */
static void *need_more(void) {
  if (perr == P_OK) perr = P_MORE;
  return 0;
}
static const char *tok_name(int i) {
  if (i >= PN) return "end of input";
  if (P[i].text) return P[i].text;
  switch (P[i].type) {
    case T_LPAREN: return "(";
    case T_RPAREN: return ")";
    case T_DSEMI: return ";;";
    case T_PIPE: return "|";
    default: return "operator";
  }
}
static int is_kw(const char *kw) { return PI < PN && P[PI].type == T_WORD && !strcmp(P[PI].text, kw); }
static int at_any(const char *const *kws) {
  for (; kws && *kws; kws++) if (is_kw(*kws)) return 1;
  return 0;
}
static void skip_semis(void) { while (PI < PN && P[PI].type == T_SEMI) PI++; }
static int expect_kw(const char *kw) {
  skip_semis();
  if (PI >= PN) { need_more(); return 0; }
  if (!is_kw(kw)) { syntax_error(tok_name(PI)); return 0; }
  PI++;
  return 1;
}
static int expect_type(int type) {
  skip_semis();
  if (PI >= PN) { need_more(); return 0; }
  if (P[PI].type != type) { syntax_error(tok_name(PI)); return 0; }
  PI++;
  return 1;
}
static List *parse_list(const char *const *terms);
static Compound *parse_compound(void);

/* An if's elif part: an if nested in the else part (it consumes the final fi). */
static List *elif_list(void) {
  Cmd *cmd = calloc(1, sizeof(Cmd));
  if (!(cmd->comp = parse_compound())) return 0;
  Pipe *p = calloc(1, sizeof(Pipe));
  p->cmds[p->ncmds++] = cmd;
  AndOr *a = calloc(1, sizeof(AndOr));
  a->pipes[a->npipes++] = p;
  List *l = calloc(1, sizeof(List));
  l->items = malloc(sizeof(AndOr *));
  l->items[l->n++] = a;
  return l;
}

static Compound *parse_case(Compound *c) {
  static const char *const k_esac[] = {"esac", 0};
  c->kind = C_CASE;
  if (PI >= PN) return need_more();
  if (P[PI].type != T_WORD) return syntax_error(tok_name(PI));
  c->var = P[PI++].text;
  if (!expect_kw("in")) return 0;
  for (;;) {
    skip_semis();
    if (PI >= PN) return need_more();
    if (is_kw("esac")) { PI++; return c; }
    if (P[PI].type == T_LPAREN) PI++;
    CaseItem *it;
    c->items = realloc(c->items, sizeof(CaseItem) * (size_t)(c->nitems + 1));
    it = &c->items[c->nitems++];
    memset(it, 0, sizeof *it);
    for (;;) {
      if (PI >= PN) return need_more();
      if (P[PI].type != T_WORD) return syntax_error(tok_name(PI));
      it->pats = realloc(it->pats, sizeof(char *) * (size_t)(it->npats + 1));
      it->pats[it->npats++] = P[PI++].text;
      if (PI < PN && P[PI].type == T_PIPE) { PI++; continue; }
      break;
    }
    if (!expect_type(T_RPAREN)) return 0;
    if (!(it->body = parse_list(k_esac))) return 0;
    skip_semis();
    if (PI < PN && P[PI].type == T_DSEMI) { PI++; continue; }
    if (PI >= PN) return need_more();
    if (!is_kw("esac")) return syntax_error(tok_name(PI));
  }
}

static Compound *parse_compound(void) {
  static const char *const k_do[] = {"do", 0}, *const k_done[] = {"done", 0}, *const k_then[] = {"then", 0};
  static const char *const k_else[] = {"elif", "else", "fi", 0}, *const k_fi[] = {"fi", 0}, *const k_rbrace[] = {"}", 0};
  Compound *c = calloc(1, sizeof(Compound));
  if (P[PI].type == T_LPAREN) {
    PI++;
    c->kind = C_SUBSHELL;
    if (!(c->body = parse_list(0)) || !expect_type(T_RPAREN)) return 0;
    return c;
  }
  const char *kw = P[PI++].text;
  if (!strcmp(kw, "{")) {
    c->kind = C_GROUP;
    if (!(c->body = parse_list(k_rbrace)) || !expect_kw("}")) return 0;
  } else if (!strcmp(kw, "case")) {
    return parse_case(c);
  } else if (!strcmp(kw, "for")) {
    c->kind = C_FOR;
    if (PI >= PN) return need_more();
    if (P[PI].type != T_WORD || !valid_name(P[PI].text, strlen(P[PI].text))) return syntax_error("for");
    c->var = P[PI++].text;
    if (is_kw("in")) {
      PI++;
      c->words = malloc(sizeof(char *) * (size_t)(PN + 1));
      while (PI < PN && P[PI].type == T_WORD) c->words[c->nwords++] = P[PI++].text;
    }
    if (PI < PN && P[PI].type != T_SEMI) return syntax_error("for");
    if (!expect_kw("do") || !(c->body = parse_list(k_done)) || !expect_kw("done")) return 0;
  } else if (!strcmp(kw, "while") || !strcmp(kw, "until")) {
    c->kind = kw[0] == 'w' ? C_WHILE : C_UNTIL;
    if (!(c->cond = parse_list(k_do)) || !expect_kw("do") || !(c->body = parse_list(k_done)) || !expect_kw("done")) return 0;
  } else {
    c->kind = C_IF;
    if (!(c->cond = parse_list(k_then)) || !expect_kw("then") || !(c->body = parse_list(k_else))) return 0;
    if (is_kw("elif")) { c->alt = elif_list(); return c->alt ? c : 0; }
    if (is_kw("else")) { PI++; if (!(c->alt = parse_list(k_fi))) return 0; }
    if (!expect_kw("fi")) return 0;
  }
  return c;
}
static int at_compound(void) {
  static const char *const starts[] = {"for", "while", "until", "if", "case", "{", 0};
  return (PI < PN && P[PI].type == T_LPAREN) || at_any(starts);
}
static Cmd *parse_cmd(void) {
  Cmd *c = calloc(1, sizeof(Cmd));
  if (at_compound()) {
    if (!(c->comp = parse_compound())) return 0;
  } else if (PI + 2 < PN + 1 && PI + 1 < PN && P[PI].type == T_WORD && P[PI + 1].type == T_LPAREN) {
    /* name() compound-command: a function definition */
    if (PI + 2 >= PN) return need_more();
    if (P[PI + 2].type != T_RPAREN || !valid_name(P[PI].text, strlen(P[PI].text))) return syntax_error(tok_name(PI + 1));
    c->fname = P[PI].text;
    PI += 3;
    skip_semis();
    if (PI >= PN) return need_more();
    if (!at_compound()) return syntax_error(tok_name(PI));
    int start = P[PI].start;
    if (!(c->comp = parse_compound())) return 0;
    c->fbody = strndup(SRC + start, (size_t)(P[PI - 1].end - start));
    return c;
  }
  while (PI < PN && (P[PI].type == T_WORD || P[PI].type == T_REDIR)) {
    if (P[PI].type == T_WORD) {
      if (c->comp) return syntax_error(P[PI].text);
      if (c->nwords == MAXWORDS - 1) return syntax_error("word (too many words in a command)");
      c->words[c->nwords++] = P[PI++].text;
    } else {
      if (PI + 1 >= PN) return need_more();
      if (P[PI + 1].type != T_WORD) return syntax_error("redirection");
      if (c->nredir == MAXREDIR) return syntax_error("redirection (too many)");
      c->r[c->nredir++] = (Redir){P[PI].rfd, P[PI].rop, P[PI + 1].text};
      PI += 2;
    }
  }
  if (!c->comp && c->nwords == 0 && c->nredir == 0) return PI < PN ? syntax_error(tok_name(PI)) : need_more();
  return c;
}
static Pipe *parse_pipe(void) {
  Pipe *p = calloc(1, sizeof(Pipe));
  p->start = P[PI].start;
  if (is_kw("!")) { p->negate = 1; PI++; }
  for (;;) {
    if (PI >= PN) return need_more();
    Cmd *c = parse_cmd();
    if (!c) return 0;
    if (p->ncmds == MAXCMDS) return syntax_error("| (too many commands in a pipeline)");
    p->cmds[p->ncmds++] = c;
    if (PI < PN && P[PI].type == T_PIPE) {
      PI++;
      skip_semis(); /* a pipeline may continue on the next line */
      if (PI >= PN) return need_more();
      continue;
    }
    break;
  }
  p->end = P[PI - 1].end;
  return p;
}
static AndOr *parse_andor(void) {
  AndOr *a = calloc(1, sizeof(AndOr));
  a->start = P[PI].start;
  for (;;) {
    Pipe *p = parse_pipe();
    if (!p) return 0;
    a->pipes[a->npipes] = p;
    if (PI < PN && (P[PI].type == T_AND || P[PI].type == T_OR)) {
      if (a->npipes == MAXCMDS - 1) return syntax_error("&& or || (too many in a list)");
      a->ops[a->npipes++] = P[PI++].type;
      skip_semis();
      if (PI >= PN) return need_more();
      continue;
    }
    a->npipes++;
    break;
  }
  a->end = P[PI - 1].end;
  return a;
}
/* A list of and-or lists up to the end, up to one of `terms` in command position, or up to a `)`
 * or `;;` (which the caller checks for). */
static List *parse_list(const char *const *terms) {
  List *l = calloc(1, sizeof(List));
  l->items = malloc(sizeof(AndOr *) * (size_t)(PN + 1));
  for (;;) {
    skip_semis();
    if (PI >= PN) return terms ? need_more() : l;
    if (at_any(terms)) return l;
    if (P[PI].type == T_RPAREN || P[PI].type == T_DSEMI) return l;
    static const char *const closers[] = {"do", "done", "then", "elif", "else", "fi", "}", "esac", 0};
    if (at_any(closers)) return syntax_error(P[PI].text);
    AndOr *a = parse_andor();
    if (!a) return 0;
    l->items[l->n++] = a;
    if (PI < PN && P[PI].type == T_AMP) { a->bg = 1; PI++; }
    else if (PI < PN && P[PI].type == T_SEMI) PI++;
    else if (PI < PN && !at_any(terms) && P[PI].type != T_RPAREN && P[PI].type != T_DSEMI) return syntax_error(tok_name(PI));
  }
}
List *parse(const char *src, Tok *toks, int n, int *err) {
  SRC = src;
  P = toks;
  PN = n;
  PI = 0;
  perr = P_OK;
  List *l = parse_list(0);
  if (l && perr == P_OK && PI < PN) { syntax_error(tok_name(PI)); l = 0; } /* a stray ) or ;; */
  *err = perr;
  return l;
}

static void free_cmd(Cmd *c) {
  if (c->comp) {
    Compound *k = c->comp;
    if (k->cond) free_list(k->cond);
    if (k->body) free_list(k->body);
    if (k->alt) free_list(k->alt);
    for (int i = 0; i < k->nitems; i++) { free(k->items[i].pats); if (k->items[i].body) free_list(k->items[i].body); }
    free(k->items);
    free(k->words);
    free(k);
  }
  free(c->fbody);
  free(c);
}
void free_list(List *l) {
  for (int i = 0; i < l->n; i++) {
    AndOr *a = l->items[i];
    for (int p = 0; p < a->npipes; p++) {
      for (int c = 0; c < a->pipes[p]->ncmds; c++) free_cmd(a->pipes[p]->cmds[c]);
      free(a->pipes[p]);
    }
    free(a);
  }
  free(l->items);
  free(l);
}
