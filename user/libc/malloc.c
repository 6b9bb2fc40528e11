/* malloc.c — first-fit free-list allocator on brk; neighbouring free blocks are merged on free. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every block starts with this header; size includes the header and is a multiple of 8. */
typedef struct Block { size_t size; size_t free; } Block;
static Block *heap_start, *heap_end;

static Block *next_block(Block *b) { return (Block *)((char *)b + b->size); }

void *malloc(size_t n) {
  if (n > 0x40000000) return 0;
  size_t need = (n + sizeof(Block) + 7) & ~(size_t)7;
  if (!heap_start) {
    char *p = sbrk(0);
    size_t pad = (8 - ((unsigned long)p & 7)) & 7;
    if (pad && sbrk((long)pad) == (void *)-1) return 0;
    heap_start = heap_end = (Block *)(p + pad);
  }
  for (Block *b = heap_start; b < heap_end; b = next_block(b)) {
    if (!b->free) continue;
    while (next_block(b) < heap_end && next_block(b)->free) b->size += next_block(b)->size;
    if (b->size >= need) {
      if (b->size - need >= sizeof(Block) + 16) {
        Block *rest = (Block *)((char *)b + need);
        rest->size = b->size - need;
        rest->free = 1;
        b->size = need;
      }
      b->free = 0;
      return b + 1;
    }
  }
  size_t grow = need < 4096 ? 4096 : need;
  if (sbrk((long)grow) == (void *)-1) return 0;
  Block *b = heap_end;
  b->size = grow;
  b->free = 0;
  heap_end = next_block(b);
  if (grow - need >= sizeof(Block) + 16) {
    Block *rest = (Block *)((char *)b + need);
    rest->size = grow - need;
    rest->free = 1;
    b->size = need;
  }
  return b + 1;
}
void free(void *p) {
  if (!p) return;
  Block *b = (Block *)p - 1;
  b->free = 1;
}
void *calloc(size_t n, size_t size) {
  if (size && n > 0x40000000 / size) return 0;
  void *p = malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}
void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  Block *b = (Block *)p - 1;
  size_t have = b->size - sizeof(Block);
  if (have >= n) return p;
  void *q = malloc(n);
  if (!q) return 0;
  memcpy(q, p, have);
  free(p);
  return q;
}
