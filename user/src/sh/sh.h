/* sh — the shell: pipelines, redirections (< > >> N> N>&M), & ; && ||, for/while/until/if, quotes
 * and backslashes, $VAR $? $$ $! $# $0-$9 ${VAR} ~ expansion and globbing, VAR=value, builtins,
 * `sh -c CMD`, `sh SCRIPT`, and job control when interactive: every job in its own process group,
 * the foreground job owns the terminal, ^Z stops it, fg/bg continue it (docs/userland.md).
 * sh.h — what the parts share: the limits, the syntax tree the parser builds and the executor
 * walks, the job table, and the shell-wide state (variables, $?, job control).
 * Files: vars.c (variables, environment), expand.c (words → fields: quotes, $, ~, globbing),
 * lex.c (text → tokens), parse.c (tokens → syntax tree), exec.c (running lists, pipelines and
 * compound commands), jobs.c (the job table, waiting, job control), builtins.c, main.c (input,
 * startup). Words keep their raw text until the command runs so that $? sees the previous one. */
#ifndef SH_H
#define SH_H

#include <stdio.h>
#include <sys/types.h>

/* Beyond these a line is refused with `sh: syntax error near …` (or `too many …`). */
#define MAXWORDS 256
#define MAXREDIR 8
#define MAXCMDS 32
#define MAXJOBS 16
#define MAXVARS 64

/* ---------- variables and parameters (vars.c) ---------- */
typedef struct { char *name, *value; int exported; } Var;
extern Var vars[MAXVARS];
extern int last_status, shell_pid, last_bg_pid; /* $? $$ $! */
extern char **pos_args;                          /* $0 $1 …, pos_count of them */
extern int pos_count;

/* The variable named by name[0..len), or NULL. */
Var *find_var(const char *name, size_t len);
/* Set (or create) a shell variable; value NULL keeps the value; exported = -1 keeps the flag. */
void set_var(const char *name, const char *value, int exported);
/* The value of name[0..len), or NULL when unset. */
const char *get_var(const char *name, size_t len);
/* Is s[0..len) a valid variable name? */
int valid_name(const char *s, size_t len);
/* The environment handed to exec (malloc'd): every exported variable with a value. */
char **build_env(void);

/* ---------- expansion (expand.c) ---------- */
/* A growing NULL-terminated list of fields v[0..n) and the field being built in cur. */
typedef struct { char **v; int n, cap; char *cur; size_t len, cap2; int has, glob; } Fields;
/* Free every field and reset f to empty. */
void f_free(Fields *f);
/* Append a malloc'd word as a field (f takes it). */
void f_add(Fields *f, char *word);
/* Expand one raw word into fields: quote removal, parameters, ~, splitting, globbing. */
void expand_word(const char *w, Fields *f);
/* Expand to one string (malloc'd), no splitting or globbing: assignments, ${…} words, arithmetic;
 * heredoc = 1: a here-document's body (quotes are ordinary characters). */
char *expand_string(const char *s, int heredoc);
/* Expand a case or ${…%…} pattern: quoted wildcards come out escaped (\*), so they match themselves. */
char *expand_pattern(const char *s);
/* Does name match the pattern (* ? [set] [!set] \x)? */
int glob_match(const char *pat, const char *name);
/* The standard output of running text in a subshell, trailing newlines removed (malloc'd). */
char *command_subst(const char *text);
/* Evaluate $(( expr )); -1 (message printed) on an error. */
int arith_eval(const char *expr, long *out);
/* Set when an expansion failed (bad arithmetic, unset with set -u, ${x?}): the command is not run. */
extern int expansion_failed;

/* ---------- syntax (lex.c, parse.c) ---------- */
enum { T_WORD, T_PIPE, T_AND, T_OR, T_AMP, T_SEMI, T_REDIR, T_DSEMI, T_LPAREN, T_RPAREN, T_HEREDOC_BODY };
/* R_HEREDOC: the target is the body, expanded; R_HEREDOC_RAW: its delimiter was quoted, no expansion. */
enum { R_IN, R_OUT, R_APP, R_DUP, R_HEREDOC, R_HEREDOC_TABS, R_HEREDOC_RAW };
/* A token: its type, its span [start, end) in the text; a word's raw text; a redirection's op and fd. */
typedef struct { int type, start, end, rop, rfd, quoted; char *text; } Tok;
/* lex() result when the text ends inside a quote, a $(…) or before a here-document's end. */
#define LEX_MORE (-2)
/* The end of the quote, `…`, $(…), $((…)) or ${…} starting at s[i] (at the quote or the bracket), or -1. */
int skip_construct(const char *s, int i);
typedef struct { int fd, op; char *target; } Redir;
struct Compound;
/* A simple command, or a compound one when comp is set; fname: a function definition `fname() comp`
 * whose body text is fbody (kept as text, so it outlives the line that defined it). */
typedef struct { char *words[MAXWORDS]; int nwords; Redir r[MAXREDIR]; int nredir; struct Compound *comp; char *fname, *fbody; } Cmd;
/* Commands joined by |; negate for a leading `!`. */
typedef struct { Cmd *cmds[MAXCMDS]; int ncmds, start, end, negate; } Pipe;
/* Pipelines joined by ops[i] (T_AND / T_OR) between pipes[i] and pipes[i+1]; bg for a final `&`. */
typedef struct { Pipe *pipes[MAXCMDS]; int ops[MAXCMDS]; int npipes, bg, start, end; } AndOr;
typedef struct List { AndOr **items; int n; } List;
enum { C_FOR, C_WHILE, C_UNTIL, C_IF, C_SUBSHELL, C_GROUP, C_CASE };
/* One `pat|pat) body ;;` of a case. */
typedef struct { char **pats; int npats; struct List *body; } CaseItem;
/* for VAR in WORDS; do BODY; done — while/until COND; do BODY; done — if COND; then BODY; else ALT; fi
 * — ( BODY ) — { BODY; } — case WORD in ITEMS esac (the word in var). */
typedef struct Compound { int kind; char *var; char **words; int nwords; List *cond, *body, *alt; CaseItem *items; int nitems; } Compound;
/* Parse results: P_MORE means the input stopped where more was required (read another line). */
enum { P_OK = 0, P_SYNTAX = -1, P_MORE = -2 };

/* Split a text into tokens (*out is malloc'd); returns the count or -1 (message printed) on an
 * unterminated quote. */
int lex(const char *s, Tok **out);
/* Parse n tokens of the text src into a list; *err gets P_OK, P_SYNTAX (message printed, $? = 2) or P_MORE. */
List *parse(const char *src, Tok *toks, int n, int *err);
/* Free a parsed list (not the token texts it points into). */
void free_list(List *l);

/* ---------- jobs (jobs.c) ---------- */
enum { P_RUN, P_STOP, P_DONE };
typedef struct {
  int used, pgid, n, notified_stop;
  pid_t pids[MAXCMDS];
  int pstate[MAXCMDS], pstatus[MAXCMDS];
  char cmd[160];
} Job;
extern Job jobs[MAXJOBS];
extern int interactive, shell_pgid, current_job;
extern int fg_job_stopped;
/* Set by ^C at the prompt or when a foreground job dies of SIGINT: loops stop, like bash. */
extern volatile int interrupted;

/* P_RUN while any process runs, else P_STOP while any is stopped, else P_DONE. */
int job_state(Job *j);
/* Exit status of a job the way $? reports it: last process; 128+sig when killed. */
int job_status(Job *j);
/* A free job slot named after src[start..end), or NULL when all 16 are used. */
Job *new_job(const char *src, int start, int end);
/* Record a wait status for pid in whichever job owns it. */
void note_status(pid_t pid, int st);
/* The job's number as `jobs` shows it (1-based). */
int job_index(Job *j);
/* Reap without blocking; print: report finished and newly stopped jobs (before each prompt). */
void report_jobs(int print);
/* Wait while the job runs in the foreground; gives the terminal back to the shell afterwards. */
int wait_fg(Job *j);
/* Parse "%n", "%+", "%%" or nothing (the current job); NULL when there is no such job. */
Job *job_arg(const char *a);
/* Continue a stopped job in the foreground (fg, then wait) or the background (bg). */
int cont_job(Job *j, int fg);

/* ---------- running (exec.c, builtins.c, main.c) ---------- */
enum { L_NONE, L_BREAK, L_CONTINUE, L_RETURN };
extern int loop_ctl, loop_depth; /* `break` / `continue` inside for/while/until, `return` */
extern const char *cur_src;      /* the text job names are cut from */

/* Give a child the default dispositions of the signals the shell handles or ignores. */
void default_signals(void);
/* Run each and-or list of l in turn (stopping at ^C or break/continue); the last status. */
int exec_list(List *l);
/* Is s the name of a builtin? */
int is_builtin(const char *s);
/* Run the builtin argv[0] in the shell itself; its exit status. */
int builtin(int argc, char **argv);
/* Run every line of a script (quotes and trailing backslashes continue onto the next line). */
void run_file(FILE *f);
/* Open a script on an fd ≥ 10, close-on-exec (out of reach of the script's redirections). */
FILE *open_script(const char *path);
/* Parse and run a piece of shell text in this shell; P_MORE when it ends inside a construct. */
int run_text(const char *text);

/* ---------- options, traps, functions (options.c, func.c) ---------- */
extern int opt_errexit, opt_nounset, opt_xtrace; /* set -e -u -x */
/* $-: the option letters set. */
const char *shell_flags(void);
/* set [-eux] [+eux] [--] [ARG...] */
int builtin_set(int argc, char **argv);
/* trap [ACTION SIGNAL...] / trap (list); the EXIT trap runs from exit_shell. */
int builtin_trap(int argc, char **argv);
/* Run pending trapped signals' actions (after each command). */
void run_traps(void);
/* A child that runs shell code (subshell, $(…)): traps set by the parent are reset, ignored stay. */
void in_subshell(void);
/* Leave the shell with a status, running the EXIT trap first. */
__attribute__((noreturn)) void exit_shell(int status);
/* Define a function (body is the text of a compound command). */
void define_function(const char *name, const char *body);
/* Forget function name (unset -f); nothing when there is none. */
void unset_function(const char *name);
/* Is name a function? */
int is_function(const char *name);
/* Call function argv[0] with argv[1..] as $1…; its status. */
int call_function(int argc, char **argv);
/* >0 while running a function (return is allowed). */
extern int func_depth;

/* lookup.c: type NAME..., command [-v|-V] NAME [ARG...], umask [-S] [MODE] */
int builtin_type(int argc, char **argv);
int builtin_command(int argc, char **argv);
int builtin_umask(int argc, char **argv);

/* lineedit.c: the interactive line editor and its history */
int lineedit_read(const char *prompt, char **line);
void history_add(const char *line);
int builtin_history(int argc, char **argv);
#endif
