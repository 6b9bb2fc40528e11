/* alloc.c — awk's own allocator for small blocks. awk makes and frees a string for nearly every
 * value it computes, while arrays keep many small blocks alive; libc's first-fit free list then
 * grows with every hole and each malloc walks it (a[$1] over 4,000 lines cost 650 M instructions,
 * quadratic). Here blocks of up to 256 bytes come from per-size free lists carved out of 64 KiB
 * chunks (constant time); bigger ones go to libc with a header saying so. awk.h maps malloc,
 * calloc, realloc, free, strdup and strndup onto these for awk's own files. */
#include <stddef.h>
#include <string.h>
#undef malloc
#undef calloc
#undef realloc
#undef free
#undef strdup
#undef strndup
#include <stdlib.h>

#define NCLASS 5 /* 16 32 64 128 256 */
#define CHUNK 65536
typedef union Block { union Block *next; long long align; } Block;
static Block *free_list[NCLASS];
static char *chunk;
static size_t chunk_left;

/* Every block starts with an 8-byte header: its class (0..4), or 255 for a libc block. */
static int class_of(size_t n) {
  size_t c = 16;
  for (int i = 0; i < NCLASS; i++, c <<= 1) if (n <= c) return i;
  return -1;
}

void *awk_malloc(size_t n) {
  int k = class_of(n);
  if (k < 0) {
    unsigned char *p = malloc(n + 8);
    if (!p) return 0;
    p[0] = 255;
    return p + 8;
  }
  Block *b = free_list[k];
  if (b) { free_list[k] = b->next; return b; }
  size_t need = ((size_t)16 << k) + 8;
  if (chunk_left < need) {
    chunk = malloc(CHUNK);
    if (!chunk) return 0;
    chunk_left = CHUNK;
  }
  unsigned char *p = (unsigned char *)chunk;
  chunk += need;
  chunk_left -= need;
  p[0] = (unsigned char)k;
  return p + 8;
}
void awk_free(void *v) {
  if (!v) return;
  unsigned char *p = (unsigned char *)v - 8;
  if (p[0] == 255) { free(p); return; }
  Block *b = v;
  b->next = free_list[p[0]];
  free_list[p[0]] = b;
}
void *awk_calloc(size_t n, size_t m) {
  size_t t = n * m;
  if (m && t / m != n) return 0;
  void *p = awk_malloc(t);
  if (p) memset(p, 0, t);
  return p;
}
void *awk_realloc(void *v, size_t n) {
  if (!v) return awk_malloc(n);
  unsigned char *p = (unsigned char *)v - 8;
  if (p[0] == 255) {
    unsigned char *q = realloc(p, n + 8);
    return q ? q + 8 : 0;
  }
  size_t have = (size_t)16 << p[0];
  if (n <= have) return v;
  void *w = awk_malloc(n);
  if (!w) return 0;
  memcpy(w, v, have);
  awk_free(v);
  return w;
}
char *awk_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = awk_malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}
char *awk_strndup(const char *s, size_t n) {
  size_t l = 0;
  while (l < n && s[l]) l++;
  char *d = awk_malloc(l + 1);
  if (!d) return 0;
  memcpy(d, s, l);
  d[l] = 0;
  return d;
}
