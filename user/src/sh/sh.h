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

/* ---------- syntax (lex.c, parse.c) ---------- */
enum { T_WORD, T_PIPE, T_AND, T_OR, T_AMP, T_SEMI, T_REDIR };
enum { R_IN, R_OUT, R_APP, R_DUP };
/* A token: its type, its span [start, end) in the text; a word's raw text; a redirection's op and fd. */
typedef struct { int type, start, end, rop, rfd; char *text; } Tok;
typedef struct { int fd, op; char *target; } Redir;
struct Compound;
/* A simple command, or a compound one (for/while/until/if) when comp is set. */
typedef struct { char *words[MAXWORDS]; int nwords; Redir r[MAXREDIR]; int nredir; struct Compound *comp; } Cmd;
typedef struct { Cmd *cmds[MAXCMDS]; int ncmds, start, end; } Pipe;
/* Pipelines joined by ops[i] (T_AND / T_OR) between pipes[i] and pipes[i+1]; bg for a final `&`. */
typedef struct { Pipe *pipes[MAXCMDS]; int ops[MAXCMDS]; int npipes, bg, start, end; } AndOr;
typedef struct { AndOr **items; int n; } List;
enum { C_FOR, C_WHILE, C_UNTIL, C_IF };
/* for VAR in WORDS; do BODY; done — while/until COND; do BODY; done — if COND; then BODY; else ALT; fi */
typedef struct Compound { int kind; char *var; char **words; int nwords; List *cond, *body, *alt; } Compound;
/* Parse results: P_MORE means the input stopped where more was required (read another line). */
enum { P_OK = 0, P_SYNTAX = -1, P_MORE = -2 };

/* Split a text into tokens (*out is malloc'd); returns the count or -1 (message printed) on an
 * unterminated quote. */
int lex(const char *s, Tok **out);
/* Parse n tokens into a list; *err gets P_OK, P_SYNTAX (message printed, $? = 2) or P_MORE. */
List *parse(Tok *toks, int n, int *err);
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
enum { L_NONE, L_BREAK, L_CONTINUE };
extern int loop_ctl, loop_depth; /* `break` / `continue` inside for/while/until */
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

#endif
