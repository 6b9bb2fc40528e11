/* malloc: stress of the allocator and brk: many sizes, patterns verified,
 * frees in a shuffled order, reuse, realloc growth, and a large block. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syscall.h>
#include <unistd.h>

#define SLOTS 200
static unsigned char *slot[SLOTS];
static size_t len[SLOTS];
static uint32_t seed = 12345;
static uint32_t rnd(void) { return seed = seed * 1103515245u + 12345u; }

int main(void) {
  long brk0 = __syscall1(SYS_brk, 0);
  printf("brk(0) page aligned: %s\n", (brk0 & 4095) == 0 ? "yes" : "no");
  int bad = 0;
  for (int round = 0; round < 20; round++) {
    for (int i = 0; i < SLOTS; i++) {
      if (slot[i] && (rnd() >> 16) % 3 == 0) {
        for (size_t k = 0; k < len[i]; k++) bad += slot[i][k] != (unsigned char)(i + k);
        free(slot[i]);
        slot[i] = NULL;
      }
      if (!slot[i]) {
        len[i] = (rnd() >> 16) % 2000 + 1;
        slot[i] = malloc(len[i]);
        if (!slot[i]) { printf("malloc failed\n"); return 1; }
        for (size_t k = 0; k < len[i]; k++) slot[i][k] = (unsigned char)(i + k);
      }
    }
  }
  printf("pattern errors: %d\n", bad);
  char *s = malloc(4);
  strcpy(s, "abc");
  for (int i = 0; i < 10; i++) s = realloc(s, 4u << i);
  printf("realloc kept: %s\n", s);
  unsigned char *big = malloc(3 << 20);
  big[0] = 1;
  big[(3 << 20) - 1] = 2;
  printf("big block: %d %d\n", big[0], big[(3 << 20) - 1]);
  free(big);
  /* The break itself (malloc maps blocks this big on their own, so move it by hand). */
  char *top = sbrk(0);
  char *grown = sbrk(3 << 20);
  top[(3 << 20) - 1] = 3;
  printf("brk grew by 3 MiB: %s\n", grown == top && (char *)sbrk(0) == top + (3 << 20) ? "yes" : "no");
  long shrunk = __syscall1(SYS_brk, brk0 + 4096);
  printf("brk shrink: %s\n", shrunk == brk0 + 4096 ? "ok" : "failed");
  long huge = __syscall1(SYS_brk, 0x7ff00000);
  printf("brk into the stack refused: %s\n", huge != 0x7ff00000 ? "yes" : "no");
  return 0;
}
