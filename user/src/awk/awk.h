/* awk — a POSIX awk subset: patterns (BEGIN, END, expressions, /ERE/, ranges), actions with
 * print/printf (and > >> | redirections), if/while/do/for/for-in, next, exit, delete, getline,
 * user functions, associative arrays, fields and the usual variables, and the builtins length
 * substr index split sub gsub match sprintf tolower toupper int sqrt sin cos atan2 exp log rand srand
 * system close fflush.
 * awk.h — what the parts share: values, the syntax tree, the symbol table.
 * Files: regex.c (extended regular expressions, leftmost-longest), lex.c (tokens), parse.c
 * (tokens → tree), run.c (the interpreter: values, fields, records, statements), builtin.c
 * (builtin functions, printf formatting, output streams), alloc.c (small blocks), main.c
 * (arguments). */
#ifndef AWK_H
#define AWK_H
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* alloc.c: small blocks from size-class free lists (libc's first-fit list goes quadratic with
 * awk's churn); every file of awk includes this header after the system ones. */
void *awk_malloc(size_t n);
void *awk_calloc(size_t n, size_t m);
void *awk_realloc(void *p, size_t n);
void awk_free(void *p);
char *awk_strdup(const char *s);
char *awk_strndup(const char *s, size_t n);
#define malloc awk_malloc
#define calloc awk_calloc
#define realloc awk_realloc
#define free awk_free
#define strdup awk_strdup
#define strndup awk_strndup

/* ---------- regular expressions (regex.c) ---------- */
typedef struct Regex Regex;
/* Compile an ERE; NULL (message printed) when malformed. */
Regex *re_compile(const char *pat);
/* Leftmost-longest match in s[0..n) starting the search at s+from: 1 and *so, *eo offsets. bol:
 * s[0] is the start of the string (for ^). */
int re_exec(Regex *r, const char *s, size_t n, size_t from, size_t *so, size_t *eo);

/* ---------- values ---------- */
enum { V_UNINIT, V_NUM, V_STR, V_STRNUM };
typedef struct { int kind; int have_num, have_str; double num; char *str; } Val;

/* ---------- symbols ---------- */
typedef struct Array Array;
typedef struct Cell { char *name; Val v; Array *arr; int is_array; struct Cell *next; } Cell;

/* ---------- syntax tree ---------- */
enum {
  /* expressions */
  N_NUM, N_STR, N_REGEX, N_VAR, N_FIELD, N_INDEX, N_ASSIGN, N_COND, N_OR, N_AND, N_IN, N_MATCH,
  N_NOMATCH, N_LT, N_LE, N_EQ, N_NE, N_GT, N_GE, N_CAT, N_ADD, N_SUB, N_MUL, N_DIV, N_MOD, N_POW,
  N_NOT, N_NEG, N_PLUS, N_PREINC, N_PREDEC, N_POSTINC, N_POSTDEC, N_CALL, N_BUILTIN, N_GETLINE,
  N_GROUP,
  /* statements */
  S_EXPR, S_PRINT, S_PRINTF, S_IF, S_WHILE, S_DO, S_FOR, S_FORIN, S_BLOCK, S_NEXT, S_EXIT,
  S_RETURN, S_BREAK, S_CONTINUE, S_DELETE, S_NEXTFILE
};
typedef struct Node {
  int op, sub;             /* sub: assignment operator, builtin number, redirection kind */
  struct Node *a, *b, *c, *d;
  struct Node *next;       /* lists: statements, arguments, subscripts */
  double num;
  char *str;
  Regex *re;
  Cell *cell;              /* N_VAR, N_INDEX, S_FORIN: the global; or a local when local >= 0 */
  int local;               /* index of a function parameter, else -1 */
  int line;
} Node;

/* A pattern-action item. */
typedef struct Item { Node *pat, *pat2; Node *action; int range_on; struct Item *next; } Item;
typedef struct Func { char *name; int nparams; char **params; Node *body; struct Func *next; } Func;

/* ---------- lexer and parser (lex.c, parse.c) ---------- */
enum {
  T_EOF = 256, T_NEWLINE, T_NUMBER, T_STRING, T_ERE, T_NAME, T_FUNC_NAME, T_BUILTIN,
  T_BEGIN, T_END, T_FUNCTION, T_IF, T_ELSE, T_WHILE, T_FOR, T_DO, T_BREAK, T_CONTINUE, T_NEXT,
  T_NEXTFILE, T_EXIT, T_RETURN, T_DELETE, T_GETLINE, T_PRINT, T_PRINTF, T_IN,
  T_AND, T_OR, T_EQ, T_NE, T_LE, T_GE, T_NOMATCH, T_INCR, T_DECR, T_APPEND,
  T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_DIV_ASSIGN, T_MOD_ASSIGN, T_POW_ASSIGN
};
typedef struct { int type; char *text; double num; int line; } Token;
/* Tokenize the program text (all of it, up front); count in *n. Exits with a message on error. */
Token *lex_program(const char *src, int *n);
/* Parse into the global item and function lists. */
void parse_program(Token *toks, int n);
extern Item *items;
extern Func *funcs;
extern int has_main_items; /* any item other than BEGIN: input is read */
extern Node *begin_actions, *end_actions;

/* Builtin function numbers (N_BUILTIN's sub). */
enum { B_LENGTH, B_SUBSTR, B_INDEX, B_SPLIT, B_SUB, B_GSUB, B_MATCH, B_SPRINTF, B_TOLOWER,
       B_TOUPPER, B_INT, B_SQRT, B_RAND, B_SRAND, B_SYSTEM, B_CLOSE, B_FFLUSH, B_SIN, B_COS, B_ATAN2,
       B_EXP, B_LOG };
/* The builtin named s, or -1. */
int builtin_number(const char *s);

/* ---------- the interpreter (run.c, builtin.c) ---------- */
Cell *lookup(const char *name);
/* Value helpers: the string (owned by v) and number of a value. */
const char *to_str(Val *v);
double to_num(Val *v);
Val v_num(double d);
Val v_str(const char *s);      /* copies s */
Val v_strnum(const char *s);   /* copies s: a string from input, numeric if it looks so */
Val v_copy(const Val *v);
void v_free(Val *v);
/* Evaluate an expression into a new value the caller frees. */
Val eval(Node *n);
/* Run the program: BEGIN, the input files (argv operands), END; returns the exit status. */
int run_program(int argc, char **argv);
/* Builtins (builtin.c). */
Val call_builtin(Node *n);
/* printf-style formatting of args (a list of nodes) with fmt; malloc'd result. */
char *format_values(const char *fmt, Node *args);
/* The output stream for a redirection (kind '>', 'a' (>>), '|'), or stdout for kind 0. */
FILE *out_stream(int kind, const char *name);
int close_stream(const char *name);
void close_all_streams(void);
/* Records and fields (run.c). */
void set_record(const char *s, size_t n);
Val *field_ref(int i);         /* creates fields up to i */
void field_assigned(int i);    /* rebuild $0 after $i (i>0) changed, or re-split after $0 changed */
const char *record_text(void);
int read_record(FILE *f, char **buf, size_t *len); /* by RS; 1 when a record was read */
/* Split s by fs into arr (cleared first); the count. */
int split_into(const char *s, Array *arr, const char *fs);
Array *array_of(Cell *c);
Val *array_get(Array *a, const char *key, int create);
void array_delete(Array *a, const char *key);
void array_clear(Array *a);
/* Cells of the special variables. */
extern Cell *c_NR, *c_NF, *c_FNR, *c_FS, *c_OFS, *c_ORS, *c_RS, *c_FILENAME, *c_SUBSEP, *c_RSTART, *c_RLENGTH, *c_CONVFMT, *c_OFMT;
/* Number → string with fmt (CONVFMT or OFMT): integers as such. */
char *num_to_str(double d, const char *fmt);
__attribute__((noreturn)) void fatal(const char *fmt, ...);
/* The rest of run.c's interface (builtin.c and main.c use them). */
void init_vars(void);
int is_assignment(const char *arg);       /* VAR=value? */
void command_assign(const char *arg);     /* do a VAR=value (escapes processed) */
int exec_one(Node *n);
Cell *cell_for_array(Node *var);          /* the cell an array argument names (locals too) */
Cell *cell_for_length(Node *var);
Val *lvalue_pub(Node *n, int *field);
void after_assign_pub(Node *n, int field);
void split_text_pub(const char *s, const char *fs, void (*emit)(const char *, size_t, void *), void *ctx);
int array_length(Array *a);
#endif
