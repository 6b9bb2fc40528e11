/* segv: stores through a NULL pointer; dies of SIGSEGV (status 139). */
#include "minirt.h"
int main(void) {
  printf("about to dereference NULL\n");
  *(volatile int *)0 = 1;
  printf("still alive?\n");
  return 0;
}
