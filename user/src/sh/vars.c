/* vars.c — shell variables (name, value, exported flag; at most MAXVARS), the positional
 * parameters and $? $$ $!, and the environment built from the exported variables for exec. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "sh.h"

Var vars[MAXVARS];
int last_status, shell_pid, last_bg_pid;
char **pos_args;
int pos_count;

Var *find_var(const char *name, size_t len) {
  for (int i = 0; i < MAXVARS; i++)
    if (vars[i].name && strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len)) return &vars[i];
  return 0;
}
/* Set (or create) a shell variable; exported = -1 keeps the current export flag. */
void set_var(const char *name, const char *value, int exported) {
  Var *v = find_var(name, strlen(name));
  if (!v) {
    for (int i = 0; i < MAXVARS && !v; i++) if (!vars[i].name) v = &vars[i];
    if (!v) { fprintf(stderr, "sh: too many variables\n"); return; }
    v->name = strdup(name);
    v->value = 0;
    v->exported = 0;
  }
  if (value) { free(v->value); v->value = strdup(value); }
  if (exported >= 0) v->exported = exported;
}
const char *get_var(const char *name, size_t len) {
  Var *v = find_var(name, len);
  return v && v->value ? v->value : 0;
}
int valid_name(const char *s, size_t len) {
  if (!len || !(isalpha(s[0]) || s[0] == '_')) return 0;
  for (size_t i = 1; i < len; i++) if (!(isalnum(s[i]) || s[i] == '_')) return 0;
  return 1;
}
/* The environment handed to exec: every exported variable with a value. */
char **build_env(void) {
  char **env = malloc(sizeof(char *) * (MAXVARS + 1));
  int n = 0;
  for (int i = 0; i < MAXVARS; i++) {
    if (!vars[i].name || !vars[i].exported || !vars[i].value) continue;
    size_t a = strlen(vars[i].name), b = strlen(vars[i].value);
    char *s = malloc(a + b + 2);
    memcpy(s, vars[i].name, a);
    s[a] = '=';
    memcpy(s + a + 1, vars[i].value, b + 1);
    env[n++] = s;
  }
  env[n] = 0;
  return env;
}
