/* args: prints argc, every argv string, and the auxv facts that do not depend on the loader's
 * address choices (so the output is the same under qemu-riscv32 and cryobox run). */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/auxv.h>
static int has_aux(unsigned long type) {
  errno = 0;
  getauxval(type);
  return errno != ENOENT;
}
/* Entries before AT_NULL: the vector starts after envp's NULL. */
static int count_aux(char **envp) {
  while (*envp) envp++;
  int n = 0;
  for (unsigned long *a = (unsigned long *)(envp + 1); a[0] != AT_NULL; a += 2) n++;
  return n;
}

int main(int argc, char **argv, char **envp) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
  printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
  int n = 0;
  while (envp[n]) n++;
  printf("envp terminated: %s\n", envp == argv + argc + 1 ? "yes" : "no");
  printf("AT_PAGESZ=%u\n", (unsigned)getauxval(AT_PAGESZ));
  printf("AT_PHENT=%u\n", (unsigned)getauxval(AT_PHENT));
  printf("AT_PHNUM=%u\n", (unsigned)getauxval(AT_PHNUM));
  extern void _start(void);
  printf("AT_ENTRY present: %s\n", getauxval(AT_ENTRY) == (unsigned long)&_start ? "yes, = _start" : "no");
  printf("AT_PHDR present: %s\n", getauxval(AT_PHDR) != 0 ? "yes" : "no");
  const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
  printf("AT_RANDOM present: %s\n", r != NULL ? "yes" : "no");
  printf("AT_UID/EUID/GID/EGID present: %s\n", has_aux(AT_UID) && has_aux(AT_EUID) && has_aux(AT_GID) && has_aux(AT_EGID) ? "yes" : "no");
  printf("AT_NULL ends auxv after %s entries\n", count_aux(envp) >= 10 ? "10 or more" : "fewer than 10");
  return 0;
}
