/* args: prints argc, every argv string, and the auxv facts that do not depend on the loader's
 * address choices (so the output is the same under qemu-riscv32 and cryobox run). */
#include "minirt.h"
static int has_aux(unsigned key) {
  for (unsigned *a = __auxv; a[0]; a += 2)
    if (a[0] == key) return 1;
  return 0;
}
static int count_aux(void) {
  int n = 0;
  for (unsigned *a = __auxv; a[0]; a += 2) n++;
  return n;
}

int main(int argc, char **argv, char **envp) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
  printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
  int n = 0;
  while (envp[n]) n++;
  printf("envp terminated: %s\n", envp == argv + argc + 1 ? "yes" : "no");
  printf("AT_PAGESZ=%u\n", (unsigned)getauxval(6));
  printf("AT_PHENT=%u\n", (unsigned)getauxval(4));
  printf("AT_PHNUM=%u\n", (unsigned)getauxval(5));
  extern void _start(void);
  printf("AT_ENTRY present: %s\n", getauxval(9) == (unsigned long)&_start ? "yes, = _start" : "no");
  printf("AT_PHDR present: %s\n", getauxval(3) != 0 ? "yes" : "no");
  const unsigned char *r = (const unsigned char *)getauxval(25);
  printf("AT_RANDOM present: %s\n", r != NULL ? "yes" : "no");
  printf("AT_UID/EUID/GID/EGID present: %s\n", has_aux(11) && has_aux(12) && has_aux(13) && has_aux(14) ? "yes" : "no");
  printf("AT_NULL ends auxv after %s entries\n", count_aux() >= 10 ? "10 or more" : "fewer than 10");
  return 0;
}
