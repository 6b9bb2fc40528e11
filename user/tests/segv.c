/* segv: stores through a NULL pointer; dies of SIGSEGV (status 139). */
#include <stdio.h>
int main(void) {
  printf("about to dereference NULL\n");
  fflush(stdout); /* stdout is fully buffered on a pipe: out before the crash */
  *(volatile int *)0 = 1;
  printf("still alive?\n");
  return 0;
}
