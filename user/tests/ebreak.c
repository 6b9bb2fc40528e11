/* ebreak: executes ebreak; dies of SIGTRAP (133). */
#include "minirt.h"
int main(void) {
  printf("about to ebreak\n");
  __asm__ volatile("ebreak");
  printf("still alive?\n");
  return 0;
}
