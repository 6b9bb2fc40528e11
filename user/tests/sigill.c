/* sigill: executes an all-zero word, which RISC-V defines as illegal; dies of SIGILL (132). */
#include "minirt.h"
int main(void) {
  printf("about to execute an illegal instruction\n");
  __asm__ volatile(".word 0x00000000");
  printf("still alive?\n");
  return 0;
}
