/* ebreak: executes ebreak; dies of SIGTRAP (133). */
#include <stdio.h>
int main(void) {
  printf("about to ebreak\n");
  fflush(stdout); /* stdout is fully buffered on a pipe: out before the crash */
  __asm__ volatile("ebreak");
  printf("still alive?\n");
  return 0;
}
