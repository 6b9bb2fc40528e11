/* mallocfuzz SEED [OPS] — random malloc/calloc/realloc/memalign/free driven by SEED, every
 * block filled with a pattern of its own and checked before it is resized or freed (so an
 * allocator handing out overlapping memory, or losing bytes in realloc, is caught), alignment
 * and malloc_usable_size checked on every block (big blocks sampled: every 61st byte and the
 * last 64), and at the end everything freed and the break
 * expected back near where it started. Prints "ok OPS CHECKSUM" or the first failure (exit 1).
 * test/user/malloc-fuzz.test.ts runs it in the box over fast-check seeds. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 512
static unsigned char *blk[SLOTS];
static size_t len[SLOTS];
static uint32_t tag[SLOTS];
static uint32_t state;
static unsigned long sum;

static uint32_t rnd(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

/* Byte k of a block tagged t. Blocks of up to 2 KiB are filled whole, bigger ones every 61st
 * byte and their last 64 (enough to see a neighbour written over, cheaply). */
static inline unsigned char pat(uint32_t t, size_t k) { return (unsigned char)((t >> (k & 7)) + k * 13); }
static inline size_t stride(size_t n) { return n <= 2048 ? 1 : 61; }
static inline size_t tail(size_t n) { return n <= 2048 ? n : n - 64; }

static void fill(int i) {
  size_t n = len[i];
  for (size_t k = 0; k < tail(n); k += stride(n)) blk[i][k] = pat(tag[i], k);
  for (size_t k = tail(n); k < n; k++) blk[i][k] = pat(tag[i], k);
}

static void fail(const char *what, int i, long op) {
  printf("FAILED at op %ld slot %d (%zu bytes): %s\n", op, i, len[i], what);
  exit(1);
}

/* The bytes fill() wrote for a length of was, up to n, are still there. */
static void check(int i, size_t n, size_t was, long op) {
  for (size_t k = 0; k < tail(was) && k < n; k += stride(was))
    if (blk[i][k] != pat(tag[i], k)) fail("pattern changed", i, op);
  for (size_t k = tail(was); k < was && k < n; k++)
    if (blk[i][k] != pat(tag[i], k)) fail("pattern changed", i, op);
  sum = sum * 31 + n;
}

/* Sizes: mostly small, sometimes medium, rarely a block big enough to be mapped. */
static size_t pick_size(void) {
  uint32_t r = rnd();
  switch (r & 15) {
  case 0: return (r >> 4) % 400000;
  case 1: case 2: return (r >> 4) % 20000;
  case 3: case 4: case 5: return (r >> 4) % 2000;
  default: return (r >> 4) % 160;
  }
}

static void placed(int i, long op) {
  if (!blk[i]) fail("allocation failed", i, op);
  if ((uintptr_t)blk[i] & 15) fail("not 16-byte aligned", i, op);
  if (malloc_usable_size(blk[i]) < len[i]) fail("usable size below the request", i, op);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: mallocfuzz SEED [OPS]\n");
    return 2;
  }
  state = (uint32_t)strtoul(argv[1], 0, 0) * 2654435761u + 1;
  long ops = argc > 2 ? strtol(argv[2], 0, 0) : 20000;
  char *brk0 = sbrk(0);
  for (long op = 0; op < ops; op++) {
    int i = (int)(rnd() % SLOTS);
    uint32_t what = rnd() % 16;
    if (blk[i] && what < 6) {
      check(i, len[i], len[i], op);
      free(blk[i]);
      blk[i] = 0;
    } else if (blk[i] && what < 11) {
      size_t n = what < 8 ? len[i] + rnd() % 300 : pick_size();
      size_t keep = n < len[i] ? n : len[i];
      unsigned char *q = realloc(blk[i], n);
      if (!q) fail("realloc failed", i, op);
      blk[i] = q;
      size_t was = len[i];
      len[i] = n;
      check(i, keep, was, op);
      /* the kept bytes were filled for the old length: refill all under the new one */
      fill(i);
      placed(i, op);
    } else if (!blk[i]) {
      len[i] = pick_size();
      tag[i] = rnd();
      if (what < 3) {
        blk[i] = calloc(1, len[i]);
        for (size_t k = 0; blk[i] && k < len[i]; k += stride(len[i]))
          if (blk[i][k]) fail("calloc memory not zero", i, op);
      } else if (what < 5) {
        size_t align = (size_t)32 << (rnd() % 8);
        blk[i] = memalign(align, len[i]);
        if (blk[i] && ((uintptr_t)blk[i] & (align - 1))) fail("memalign misaligned", i, op);
      } else {
        blk[i] = malloc(len[i]);
      }
      placed(i, op);
      fill(i);
    }
  }
  for (int i = 0; i < SLOTS; i++)
    if (blk[i]) {
      check(i, len[i], len[i], ops);
      free(blk[i]);
    }
  char *brk1 = sbrk(0);
  if (brk1 - brk0 > 1024 * 1024) {
    printf("FAILED: the break stayed %ld bytes up after every block was freed\n", (long)(brk1 - brk0));
    return 1;
  }
  printf("ok %ld %lu\n", ops, sum);
  return 0;
}
