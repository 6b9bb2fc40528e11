/* sigill: executes an all-zero word, which RISC-V defines as illegal; dies of SIGILL (132). */
#include <stdio.h>
int main(void) {
  printf("about to execute an illegal instruction\n");
  fflush(stdout); /* stdout is fully buffered on a pipe: out before the crash */
  __asm__ volatile(".word 0x00000000");
  printf("still alive?\n");
  return 0;
}
