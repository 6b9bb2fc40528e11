/* parse.c — recursive descent from tokens to the syntax tree of sh.h: lists, and-or lists,
 * pipelines, simple commands with redirections, for/while/until/if; and freeing the tree.
 * Input that stops inside a construct is P_MORE, so the caller can read more and retry. */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

/* Parser state: the tokens of the text being parsed and the position in them. */
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
static int is_kw(const char *kw) { return PI < PN && P[PI].type == T_WORD && !strcmp(P[PI].text, kw); }
static int at_any(const char *const *kws) {
  for (; kws && *kws; kws++) if (is_kw(*kws)) return 1;
  return 0;
}
static void skip_semis(void) { while (PI < PN && P[PI].type == T_SEMI) PI++; }
static int expect_kw(const char *kw) {
  skip_semis();
  if (PI >= PN) { need_more(); return 0; }
  if (!is_kw(kw)) { syntax_error(P[PI].text ? P[PI].text : "operator"); return 0; }
  PI++;
  return 1;
}
static List *parse_list(const char *const *terms);

static Compound *parse_compound(void) {
  static const char *const k_do[] = {"do", 0}, *const k_done[] = {"done", 0}, *const k_then[] = {"then", 0};
  static const char *const k_else[] = {"elif", "else", "fi", 0}, *const k_fi[] = {"fi", 0};
  Compound *c = calloc(1, sizeof(Compound));
  const char *kw = P[PI++].text;
  if (!strcmp(kw, "for")) {
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
    if (is_kw("elif")) {
      /* elif ... is an if nested in the else part; it consumes the final fi. */
      Cmd *cmd = calloc(1, sizeof(Cmd));
      if (!(cmd->comp = parse_compound())) return 0;
      Pipe *p = calloc(1, sizeof(Pipe));
      p->cmds[p->ncmds++] = cmd;
      AndOr *a = calloc(1, sizeof(AndOr));
      a->pipes[a->npipes++] = p;
      c->alt = calloc(1, sizeof(List));
      c->alt->items = malloc(sizeof(AndOr *));
      c->alt->items[c->alt->n++] = a;
      return c;
    }
    if (is_kw("else")) { PI++; if (!(c->alt = parse_list(k_fi))) return 0; }
    if (!expect_kw("fi")) return 0;
  }
  return c;
}
static Cmd *parse_cmd(void) {
  Cmd *c = calloc(1, sizeof(Cmd));
  if (is_kw("for") || is_kw("while") || is_kw("until") || is_kw("if")) {
    if (!(c->comp = parse_compound())) return 0;
  }
  while (PI < PN && (P[PI].type == T_WORD || P[PI].type == T_REDIR)) {
    if (P[PI].type == T_WORD) {
      if (c->comp) return syntax_error(P[PI].text);
      if (c->nwords == MAXWORDS - 1) return syntax_error("word (too many words in a command)");
      c->words[c->nwords++] = P[PI++].text;
    } else {
      if (PI + 1 >= PN || P[PI + 1].type != T_WORD) return syntax_error("redirection");
      if (c->nredir == MAXREDIR) return syntax_error("redirection (too many)");
      c->r[c->nredir++] = (Redir){P[PI].rfd, P[PI].rop, P[PI + 1].text};
      PI += 2;
    }
  }
  if (!c->comp && c->nwords == 0 && c->nredir == 0) return PI < PN ? syntax_error("operator") : need_more();
  return c;
}
static Pipe *parse_pipe(void) {
  Pipe *p = calloc(1, sizeof(Pipe));
  p->start = P[PI].start;
  for (;;) {
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
/* A list of and-or lists up to the end, or up to one of `terms` in command position. */
static List *parse_list(const char *const *terms) {
  List *l = calloc(1, sizeof(List));
  l->items = malloc(sizeof(AndOr *) * (size_t)(PN + 1));
  for (;;) {
    skip_semis();
    if (PI >= PN) return terms ? need_more() : l;
    if (at_any(terms)) return l;
    static const char *const closers[] = {"do", "done", "then", "elif", "else", "fi", 0};
    if (at_any(closers)) return syntax_error(P[PI].text);
    AndOr *a = parse_andor();
    if (!a) return 0;
    l->items[l->n++] = a;
    if (PI < PN && P[PI].type == T_AMP) { a->bg = 1; PI++; }
    else if (PI < PN && P[PI].type == T_SEMI) PI++;
    else if (PI < PN && !at_any(terms)) return syntax_error("operator");
  }
}
List *parse(Tok *toks, int n, int *err) {
  P = toks;
  PN = n;
  PI = 0;
  perr = P_OK;
  List *l = parse_list(0);
  *err = perr;
  return l;
}

static void free_cmd(Cmd *c) {
  if (c->comp) {
    if (c->comp->cond) free_list(c->comp->cond);
    if (c->comp->body) free_list(c->comp->body);
    if (c->comp->alt) free_list(c->comp->alt);
    free(c->comp->words);
    free(c->comp);
  }
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
