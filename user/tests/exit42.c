/* exit42: says so and exits with status 42 through exit_group. */
#include <stdio.h>
int main(void) {
  printf("exiting with 42\n");
  return 42;
}
