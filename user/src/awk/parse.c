/* parse.c — tokens → the syntax tree: items (BEGIN, END, pattern-action, ranges), functions,
 * statements and expressions with awk's precedence (lowest first): assignment, ?:, ||, &&, in,
 * ~ !~, comparisons (not `>` inside an unparenthesized print list: that redirects), concatenation,
 * + -, * / %, unary ! - +, ^ (right), ++ --, $, grouping. */
#include <stdlib.h>
#include <string.h>
#include "awk.h"

Item *items;
Func *funcs;
int has_main_items;
Node *begin_actions, *end_actions;

static Token *tk;
static int pos, ntoks;
static int print_ctx;      /* parsing a print list outside parentheses: `>` redirects */
static char **locals;      /* the parameters of the function being parsed */
static int nlocals;

static int peek(void) { return tk[pos].type; }
static int peek2(void) { return pos + 1 < ntoks ? tk[pos + 1].type : T_EOF; }
static Token *adv(void) { return &tk[pos++]; }
static __attribute__((noreturn)) void syntax(void) {
  Token *t = &tk[pos];
  if (t->type == T_EOF) fatal("syntax error at the end of the program");
  if (t->type == T_NEWLINE) fatal("syntax error at a newline (line %d)", t->line);
  if (t->text) fatal("syntax error at '%s' (line %d)", t->text, t->line);
  if (t->type < 256) fatal("syntax error at '%c' (line %d)", t->type, t->line);
  fatal("syntax error (line %d)", t->line);
}
static void expect(int t) { if (peek() != t) syntax(); pos++; }
static void skip_nl(void) { while (peek() == T_NEWLINE) pos++; }
static void skip_terms(void) { while (peek() == T_NEWLINE || peek() == ';') pos++; }

static Node *mk(int op, Node *a, Node *b) {
  Node *n = calloc(1, sizeof *n);
  n->op = op;
  n->a = a;
  n->b = b;
  n->local = -1;
  n->line = tk[pos > 0 ? pos - 1 : 0].line;
  return n;
}
static Node *var_node(const char *name) {
  Node *n = mk(N_VAR, 0, 0);
  for (int i = 0; i < nlocals; i++) if (!strcmp(locals[i], name)) { n->local = i; n->str = locals[i]; return n; }
  n->cell = lookup(name);
  n->str = n->cell->name;
  return n;
}
static int is_lvalue(Node *n) { return n && (n->op == N_VAR || n->op == N_FIELD || n->op == N_INDEX); }

static Node *expr(void);
static Node *ternary(void);
static Node *unary(void);
static Node *primary(void);
static Node *stmt(void);

/* expr (',' expr)*, newlines allowed after commas */
static Node *expr_list(void) {
  Node *head = expr(), *tail = head;
  while (peek() == ',') { pos++; skip_nl(); tail->next = expr(); tail = tail->next; }
  return head;
}

static Node *subscript_of(Node *var) {
  /* NAME '[' list ']' */
  pos++;
  int saved = print_ctx;
  print_ctx = 0;
  Node *n = mk(N_INDEX, expr_list(), 0);
  print_ctx = saved;
  expect(']');
  n->cell = var->cell;
  n->local = var->local;
  n->str = var->str;
  return n;
}

static Node *getline_tail(Node *n) {
  /* after `getline`: an optional lvalue, then an optional `< file` */
  int t = peek();
  if (t == '$' || t == T_NAME) n->a = primary();
  if (n->sub == 0 && peek() == '<') { pos++; n->sub = '<'; n->b = primary(); }
  return n;
}

static Node *primary(void) {
  Token *t = adv();
  Node *n;
  switch (t->type) {
    case T_NUMBER: n = mk(N_NUM, 0, 0); n->num = t->num; return n;
    case T_STRING: n = mk(N_STR, 0, 0); n->str = t->text; return n;
    case T_ERE:
      n = mk(N_REGEX, 0, 0);
      n->str = t->text;
      if (!(n->re = re_compile(t->text))) exit(2);
      return n;
    case '(': {
      int saved = print_ctx;
      print_ctx = 0;
      n = expr();
      if (peek() == ',') { /* (a, b) in arr, or a grouped print list */
        Node *tail = n;
        while (peek() == ',') { pos++; skip_nl(); tail->next = expr(); tail = tail->next; }
        expect(')');
        print_ctx = saved;
        if (peek() == T_IN) {
          pos++;
          Token *a = adv();
          if (a->type != T_NAME) syntax();
          Node *in = mk(N_IN, n, 0);
          in->b = var_node(a->text);
          return in;
        }
        return mk(N_GROUP, n, 0);
      }
      expect(')');
      print_ctx = saved;
      return mk(N_GROUP, n, 0);
    }
    case '$': {
      Node *operand;
      if (peek() == T_INCR || peek() == T_DECR) { int op = adv()->type == T_INCR ? N_PREINC : N_PREDEC; operand = mk(op, primary(), 0); }
      else if (peek() == '-') { pos++; operand = mk(N_NEG, primary(), 0); }
      else operand = primary();
      return mk(N_FIELD, operand, 0);
    }
    case T_INCR: case T_DECR: {
      Node *lv = primary();
      if (!is_lvalue(lv)) syntax();
      return mk(t->type == T_INCR ? N_PREINC : N_PREDEC, lv, 0);
    }
    case '-': return mk(N_NEG, unary(), 0);
    case '+': return mk(N_PLUS, unary(), 0);
    case '!': return mk(N_NOT, unary(), 0);
    case T_NAME:
      n = var_node(t->text);
      if (peek() == '[') return subscript_of(n);
      return n;
    case T_FUNC_NAME: {
      n = mk(N_CALL, 0, 0);
      n->str = t->text;
      expect('(');
      int saved = print_ctx;
      print_ctx = 0;
      if (peek() != ')') n->a = expr_list();
      print_ctx = saved;
      expect(')');
      return n;
    }
    case T_BUILTIN:
      n = mk(N_BUILTIN, 0, 0);
      n->sub = builtin_number(t->text);
      n->str = t->text;
      if (peek() == '(') {
        pos++;
        int saved = print_ctx;
        print_ctx = 0;
        if (peek() != ')') n->a = expr_list();
        print_ctx = saved;
        expect(')');
      } else if (n->sub != B_LENGTH) syntax();
      return n;
    case T_GETLINE:
      n = mk(N_GETLINE, 0, 0);
      return getline_tail(n);
  }
  pos--;
  syntax();
}

static Node *postfix(void) {
  Node *n = primary();
  if (is_lvalue(n) && (peek() == T_INCR || peek() == T_DECR)) n = mk(adv()->type == T_INCR ? N_POSTINC : N_POSTDEC, n, 0);
  return n;
}
static Node *power(void) {
  Node *n = postfix();
  if (peek() == '^') { pos++; n = mk(N_POW, n, unary()); } /* right associative; -x allowed */
  return n;
}
static Node *unary(void) {
  int t = peek();
  if (t == '!') { pos++; return mk(N_NOT, unary(), 0); }
  if (t == '-') { pos++; return mk(N_NEG, unary(), 0); }
  if (t == '+') { pos++; return mk(N_PLUS, unary(), 0); }
  return power();
}
static Node *mul(void) {
  Node *n = unary();
  for (;;) {
    int t = peek();
    if (t == '*') { pos++; n = mk(N_MUL, n, unary()); }
    else if (t == '/') { pos++; n = mk(N_DIV, n, unary()); }
    else if (t == '%') { pos++; n = mk(N_MOD, n, unary()); }
    else return n;
  }
}
static Node *add(void) {
  Node *n = mul();
  for (;;) {
    int t = peek();
    if (t == '+') { pos++; n = mk(N_ADD, n, mul()); }
    else if (t == '-') { pos++; n = mk(N_SUB, n, mul()); }
    else return n;
  }
}
static int starts_operand(int t) {
  return t == T_NUMBER || t == T_STRING || t == T_ERE || t == T_NAME || t == T_FUNC_NAME || t == T_BUILTIN || t == '$' || t == '(' || t == T_INCR || t == T_DECR || t == '-' || t == '+' || t == '!';
}
static Node *concat(void) {
  Node *n = add();
  /* '-', '+' and '!' here were taken by add() or are binary; a `(` after an operand concatenates */
  while (starts_operand(peek()) && peek() != '-' && peek() != '+' && peek() != '!') {
    if (peek() == T_IN) break;
    n = mk(N_CAT, n, add());
  }
  return n;
}
static Node *compare(void) {
  Node *n = concat();
  for (;;) {
    int t = peek(), op;
    if (t == '<') op = N_LT;
    else if (t == T_LE) op = N_LE;
    else if (t == T_EQ) op = N_EQ;
    else if (t == T_NE) op = N_NE;
    else if (t == '>' && !print_ctx) op = N_GT;
    else if (t == T_GE) op = N_GE;
    else if (t == '|' && peek2() == T_GETLINE) {
      pos += 2;
      Node *g = mk(N_GETLINE, 0, 0);
      g->sub = '|';
      g->b = n;
      n = getline_tail(g);
      continue;
    } else return n;
    pos++;
    n = mk(op, n, concat());
  }
}
static Node *match(void) {
  Node *n = compare();
  while (peek() == '~' || peek() == T_NOMATCH) {
    int op = adv()->type == '~' ? N_MATCH : N_NOMATCH;
    n = mk(op, n, compare());
  }
  return n;
}
static Node *in_expr(void) {
  Node *n = match();
  while (peek() == T_IN) {
    pos++;
    Token *a = adv();
    if (a->type != T_NAME) syntax();
    Node *in = mk(N_IN, n, 0);
    in->b = var_node(a->text);
    n = in;
  }
  return n;
}
static Node *and_expr(void) {
  Node *n = in_expr();
  while (peek() == T_AND) { pos++; skip_nl(); n = mk(N_AND, n, in_expr()); }
  return n;
}
static Node *or_expr(void) {
  Node *n = and_expr();
  while (peek() == T_OR) { pos++; skip_nl(); n = mk(N_OR, n, and_expr()); }
  return n;
}
static Node *ternary(void) {
  Node *n = or_expr();
  if (peek() == '?') {
    pos++;
    skip_nl();
    Node *c = mk(N_COND, n, ternary());
    skip_nl();
    expect(':');
    skip_nl();
    c->c = ternary();
    return c;
  }
  return n;
}
static Node *expr(void) {
  Node *n = ternary();
  int t = peek(), op = 0;
  switch (t) {
    case '=': op = '='; break;
    case T_ADD_ASSIGN: op = '+'; break;
    case T_SUB_ASSIGN: op = '-'; break;
    case T_MUL_ASSIGN: op = '*'; break;
    case T_DIV_ASSIGN: op = '/'; break;
    case T_MOD_ASSIGN: op = '%'; break;
    case T_POW_ASSIGN: op = '^'; break;
  }
  if (op && is_lvalue(n)) {
    pos++;
    skip_nl();
    Node *a = mk(N_ASSIGN, n, expr());
    a->sub = op;
    return a;
  }
  return n;
}

static Node *simple_stmt(void) {
  int t = peek();
  Node *n;
  if (t == T_PRINT || t == T_PRINTF) {
    pos++;
    n = mk(t == T_PRINT ? S_PRINT : S_PRINTF, 0, 0);
    print_ctx = 1;
    int e = peek();
    if (e != ';' && e != T_NEWLINE && e != '}' && e != '>' && e != T_APPEND && e != '|' && e != T_EOF) {
      n->a = expr_list();
      /* print (a, b): the group is the list */
      if (n->a->op == N_GROUP && !n->a->next && n->a->a->next) n->a = n->a->a;
    }
    print_ctx = 0;
    if (t == T_PRINTF && !n->a) syntax();
    e = peek();
    if (e == '>' || e == T_APPEND || e == '|') {
      pos++;
      n->sub = e == '>' ? '>' : e == '|' ? '|' : 'a';
      n->b = concat();
    }
    return n;
  }
  if (t == T_NEXT) { pos++; return mk(S_NEXT, 0, 0); }
  if (t == T_NEXTFILE) { pos++; return mk(S_NEXTFILE, 0, 0); }
  if (t == T_BREAK) { pos++; return mk(S_BREAK, 0, 0); }
  if (t == T_CONTINUE) { pos++; return mk(S_CONTINUE, 0, 0); }
  if (t == T_EXIT || t == T_RETURN) {
    pos++;
    n = mk(t == T_EXIT ? S_EXIT : S_RETURN, 0, 0);
    int e = peek();
    if (e != ';' && e != T_NEWLINE && e != '}' && e != T_EOF) n->a = expr();
    return n;
  }
  if (t == T_DELETE) {
    pos++;
    Token *a = adv();
    if (a->type != T_NAME) syntax();
    n = mk(S_DELETE, 0, 0);
    Node *v = var_node(a->text);
    if (peek() == '[') { Node *ix = subscript_of(v); n->a = ix->a; }
    n->b = v;
    return n;
  }
  return mk(S_EXPR, expr(), 0);
}

/* A statement's end: ; or newline (taken), or } / EOF (left). */
static void end_simple(void) {
  int t = peek();
  if (t == ';' || t == T_NEWLINE) { pos++; return; }
  if (t == '}' || t == T_EOF) return;
  syntax();
}

static Node *block(void) {
  expect('{');
  Node *head = 0, *tail = 0;
  skip_terms();
  while (peek() != '}') {
    if (peek() == T_EOF) syntax();
    Node *s = stmt();
    if (s) { if (tail) tail->next = s; else head = s; tail = s; }
    skip_terms();
  }
  pos++;
  return mk(S_BLOCK, head, 0);
}

static Node *stmt(void) {
  int t = peek();
  Node *n;
  switch (t) {
    case '{': return block();
    case ';': pos++; return 0;
    case T_IF:
      pos++;
      expect('(');
      n = mk(S_IF, expr(), 0);
      expect(')');
      skip_nl();
      n->b = stmt();
      {
        int save = pos;
        skip_terms();
        if (peek() == T_ELSE) { pos++; skip_nl(); n->c = stmt(); }
        else pos = save;
      }
      return n;
    case T_WHILE:
      pos++;
      expect('(');
      n = mk(S_WHILE, expr(), 0);
      expect(')');
      if (peek() == ';') { pos++; return n; }
      skip_nl();
      n->b = stmt();
      return n;
    case T_DO:
      pos++;
      skip_nl();
      n = mk(S_DO, 0, stmt());
      skip_terms();
      expect(T_WHILE);
      expect('(');
      n->a = expr();
      expect(')');
      end_simple();
      return n;
    case T_FOR:
      pos++;
      expect('(');
      if (peek() == T_NAME && peek2() == T_IN && pos + 3 < ntoks && tk[pos + 2].type == T_NAME && tk[pos + 3].type == ')') {
        n = mk(S_FORIN, var_node(tk[pos].text), var_node(tk[pos + 2].text));
        pos += 4;
        skip_nl();
        n->c = stmt();
        return n;
      }
      n = mk(S_FOR, 0, 0);
      if (peek() != ';') n->a = simple_stmt();
      expect(';');
      skip_nl();
      if (peek() != ';') n->b = expr();
      expect(';');
      skip_nl();
      if (peek() != ')') n->c = simple_stmt();
      expect(')');
      if (peek() == ';') { pos++; return n; }
      skip_nl();
      n->d = stmt();
      return n;
  }
  n = simple_stmt();
  end_simple();
  return n;
}

static void append_action(Node **list, Node *blk) {
  Node **p = list;
  while (*p) p = &(*p)->next;
  *p = blk;
}

void parse_program(Token *toks, int n) {
  tk = toks;
  ntoks = n;
  Item **tail = &items;
  skip_terms();
  while (peek() != T_EOF) {
    int t = peek();
    if (t == T_FUNCTION) {
      pos++;
      Token *name = adv();
      if (name->type != T_NAME && name->type != T_FUNC_NAME) syntax();
      Func *f = calloc(1, sizeof *f);
      f->name = name->text;
      expect('(');
      f->params = calloc(64, sizeof(char *));
      while (peek() != ')') {
        Token *p = adv();
        if (p->type != T_NAME || f->nparams >= 64) syntax();
        f->params[f->nparams++] = p->text;
        if (peek() == ',') { pos++; skip_nl(); }
      }
      pos++;
      skip_nl();
      locals = f->params;
      nlocals = f->nparams;
      f->body = block();
      locals = 0;
      nlocals = 0;
      f->next = funcs;
      funcs = f;
    } else if (t == T_BEGIN || t == T_END) {
      pos++;
      skip_nl();
      append_action(t == T_BEGIN ? &begin_actions : &end_actions, block());
      if (t == T_END) has_main_items = 1;
    } else {
      Item *it = calloc(1, sizeof *it);
      if (t != '{') {
        it->pat = expr();
        if (peek() == ',') { pos++; skip_nl(); it->pat2 = expr(); }
      }
      if (peek() == '{') it->action = block();
      *tail = it;
      tail = &it->next;
      has_main_items = 1;
    }
    skip_terms();
  }
}
