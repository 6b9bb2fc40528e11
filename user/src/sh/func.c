/* func.c — shell functions: `name() { …; }` keeps the body's text; a call runs it in this shell
 * with $1… set to its arguments ($0 stays), until its end or `return`. */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define MAXFUNCS 64
static struct { char *name, *body; } funcs[MAXFUNCS];
int func_depth;

void define_function(const char *name, const char *body) {
  int free_slot = -1;
  for (int i = 0; i < MAXFUNCS; i++) {
    if (funcs[i].name && !strcmp(funcs[i].name, name)) { free(funcs[i].body); funcs[i].body = strdup(body); return; }
    if (!funcs[i].name && free_slot < 0) free_slot = i;
  }
  if (free_slot < 0) { fprintf(stderr, "sh: %s: too many functions\n", name); last_status = 1; return; }
  funcs[free_slot].name = strdup(name);
  funcs[free_slot].body = strdup(body);
}
static int find(const char *name) {
  for (int i = 0; i < MAXFUNCS; i++) if (funcs[i].name && !strcmp(funcs[i].name, name)) return i;
  return -1;
}
int is_function(const char *name) { return find(name) >= 0; }
void unset_function(const char *name) {
  int i = find(name);
  if (i < 0) return;
  free(funcs[i].name);
  free(funcs[i].body);
  funcs[i].name = funcs[i].body = 0;
}

int call_function(int argc, char **argv) {
  int i = find(argv[0]);
  if (i < 0) return 127;
  if (func_depth >= 100) { fprintf(stderr, "sh: %s: functions nested too deeply\n", argv[0]); return 2; }
  char *body = strdup(funcs[i].body); /* the function may redefine itself while it runs */
  char **saved_args = pos_args;
  int saved_count = pos_count;
  char **args = malloc(sizeof(char *) * (size_t)(argc + 1));
  args[0] = pos_count > 0 ? pos_args[0] : "sh";
  for (int k = 1; k < argc; k++) args[k] = argv[k];
  args[argc] = 0;
  pos_args = args;
  pos_count = argc;
  func_depth++;
  run_text(body);
  func_depth--;
  if (loop_ctl == L_RETURN) loop_ctl = L_NONE;
  pos_args = saved_args;
  pos_count = saved_count;
  free(args);
  free(body);
  return last_status;
}
