/* mallocbench [WORKLOAD [SCALE]] — the allocator under the loads that hurt a first-fit list:
 *   live     SCALE*1000 small blocks kept alive, then freed in a random order and allocated again
 *   mixed    SCALE*20000 random malloc/free of mixed sizes over 4000 slots (a few big blocks)
 *   realloc  SCALE*200 strings grown a few bytes at a time, round robin, to 2-20 KiB each
 *   frag     SCALE*2000 blocks, every other one freed, then larger blocks that fit no hole
 *   all      each of them (the default)
 * Prints a checksum of what it saw per workload (so a run can be compared with qemu-riscv32).
 * bench/malloc.bench.ts times it in the box; docs/libc.md has the figures. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t state = 88172645u;
static uint32_t rnd(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

static unsigned long live(int scale) {
  int n = scale * 1000;
  char **p = malloc(n * sizeof *p);
  unsigned long sum = 0;
  for (int i = 0; i < n; i++) {
    p[i] = malloc(8 + rnd() % 56);
    p[i][0] = (char)i;
  }
  for (int round = 0; round < 3; round++) {
    for (int i = n - 1; i > 0; i--) { /* shuffle */
      int j = (int)(rnd() % (uint32_t)(i + 1));
      char *t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    for (int i = 0; i < n; i += 2) {
      sum += (unsigned char)p[i][0];
      free(p[i]);
    }
    for (int i = 0; i < n; i += 2) {
      p[i] = malloc(8 + rnd() % 120);
      p[i][0] = (char)i;
    }
  }
  for (int i = 0; i < n; i++) free(p[i]);
  free(p);
  return sum;
}

static unsigned long mixed(int scale) {
  enum { SLOTS = 4000 };
  static char *slot[SLOTS];
  unsigned long sum = 0;
  long ops = scale * 20000L;
  for (long op = 0; op < ops; op++) {
    uint32_t r = rnd();
    int i = (int)(r % SLOTS);
    if (slot[i]) {
      sum += (unsigned char)slot[i][0];
      free(slot[i]);
      slot[i] = 0;
    } else {
      uint32_t k = r >> 16;
      size_t n = k < 50000 ? 16 + k % 100 : k < 64000 ? 200 + k % 2000 : k < 65500 ? 5000 + k % 30000 : 300000;
      slot[i] = malloc(n);
      slot[i][0] = (char)op;
    }
  }
  for (int i = 0; i < SLOTS; i++) free(slot[i]);
  return sum;
}

static unsigned long grow(int scale) {
  int n = scale * 200;
  char **s = calloc(n, sizeof *s);
  size_t *len = calloc(n, sizeof *len), *want = calloc(n, sizeof *want);
  unsigned long sum = 0;
  for (int i = 0; i < n; i++) want[i] = 2000 + rnd() % 18000;
  for (int busy = 1; busy;) {
    busy = 0;
    for (int i = 0; i < n; i++) {
      if (len[i] >= want[i]) continue;
      busy = 1;
      size_t add = 1 + rnd() % 40;
      s[i] = realloc(s[i], len[i] + add + 1);
      memset(s[i] + len[i], 'a' + i % 26, add);
      len[i] += add;
      s[i][len[i]] = 0;
    }
  }
  for (int i = 0; i < n; i++) {
    sum += (unsigned char)s[i][len[i] / 2] + len[i];
    free(s[i]);
  }
  free(s);
  free(len);
  free(want);
  return sum;
}

static unsigned long frag(int scale) {
  int n = scale * 2000;
  char **p = malloc(n * sizeof *p);
  unsigned long sum = 0;
  for (int i = 0; i < n; i++) p[i] = malloc(24 + rnd() % 40);
  for (int i = 0; i < n; i += 2) free(p[i]);
  for (int i = 0; i < n; i += 2) {
    p[i] = malloc(100 + rnd() % 100);
    p[i][0] = 1;
  }
  for (int i = 0; i < n; i++) {
    sum += (uintptr_t)p[i] & 15;
    free(p[i]);
  }
  free(p);
  return sum;
}

int main(int argc, char **argv) {
  const char *w = argc > 1 ? argv[1] : "all";
  int scale = argc > 2 ? atoi(argv[2]) : 1;
  int all = strcmp(w, "all") == 0;
  if (all || !strcmp(w, "live")) printf("live %lu\n", live(scale));
  if (all || !strcmp(w, "mixed")) printf("mixed %lu\n", mixed(scale));
  if (all || !strcmp(w, "realloc")) printf("realloc %lu\n", grow(scale));
  if (all || !strcmp(w, "frag")) printf("frag %lu\n", frag(scale));
  return 0;
}
