/* malloc.c — the allocator: boundary-tagged chunks on brk, segregated free lists found through a
 * bitmap (O(1) malloc and free whatever the number of live blocks), immediate coalescing, big
 * blocks in their own mmap, and the top of the heap given back to the kernel when it grows large.
 * Alignment is 16 bytes, as RV32 Linux's glibc gives (alignof(long double) is 16 there).
 *
 * A chunk c is [c, c + size). Its head word (c + 4) holds the size (a multiple of 16) and three
 * flags; the program's memory starts at c + 8, so c sits at 8 mod 16. While c is free it also
 * holds the free-list links (c + 8, c + 12) and repeats its size in the next chunk's first word
 * (prev_size), which lets a free find and merge its lower neighbour; while c is in use that word
 * belongs to c's program (4 bytes of overhead per block). Two free chunks are never neighbours.
 *
 * The last chunk of the heap ("top") is in no list: requests no list can serve are cut from it,
 * and it grows with sbrk. A block of mmap_threshold bytes or more gets its own mapping when no
 * free chunk and not the top can hold it; freeing it unmaps it and, as glibc, raises the threshold
 * to its size (so a program that keeps allocating and freeing blocks of one size stays on brk).
 * Design after the published descriptions of dlmalloc (boundary tags, top chunk, mmap threshold)
 * and TLSF (size classes of a power of two split in eight, a bitmap of non-empty lists). */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct Chunk {
  size_t prev_size;      /* the lower neighbour's size, while that neighbour is free */
  size_t head;           /* size | INUSE | PINUSE | MMAPPED */
  struct Chunk *fd, *bk; /* free-list links, while free */
} Chunk;

#define INUSE 1u   /* this chunk is the program's */
#define PINUSE 2u  /* the lower neighbour is in use (or there is none) */
#define MMAPPED 4u /* a mapping of its own; prev_size is then its offset in the mapping */
#define FLAGS 7u
#define MINSIZE 16u
#define PAGE 4096u
#define MAX_REQUEST 0x7fff0000u /* above this the size arithmetic could wrap: ENOMEM */
#define SMALL_LIMIT 512u        /* below this, one list per size (16, 32, ... 496) */
#define NBINS 224u
#define TOP_PAD (64u * 1024)    /* extra asked of sbrk, and left in top after a trim */
#define MMAP_MAX_THRESHOLD (32u * 1024 * 1024)

#define MEM(c) ((void *)((char *)(c) + 8))
#define CHUNK(p) ((Chunk *)((char *)(p) - 8))
#define AT(c, off) ((Chunk *)((char *)(c) + (off)))

static Chunk *bins[NBINS];
static uint32_t binmap[NBINS / 32];
static Chunk *top;              /* NULL until the first allocation */
static size_t topsize;
static int top_on_brk;          /* top ends at brk_end, so trimming it may move the break */
static char *brk_end;           /* the break as this allocator last set it */
static uintptr_t heap_lo = UINTPTR_MAX, heap_hi; /* bounds of every heap segment, for the checks */
static size_t mmap_threshold = 256u * 1024;
static size_t trim_threshold = 512u * 1024;

static inline size_t csize(const Chunk *c) { return c->head & ~(size_t)FLAGS; }

/* A corrupted heap or a bad pointer: glibc's kind of message, then SIGABRT. */
__attribute__((noreturn, cold)) static void corrupt(const char *what) {
  write(2, what, strlen(what));
  write(2, "\n", 1);
  abort();
}

static inline unsigned clz32(uint32_t x) { return (unsigned)__builtin_clz(x); }
static inline unsigned ctz32(uint32_t x) { return (unsigned)__builtin_ctz(x); }

/* The list of a free chunk of size s: exact sizes below 512, then eight classes per power of two. */
static inline unsigned bin_of(size_t s) {
  if (s < SMALL_LIMIT) return (unsigned)(s >> 4);
  unsigned fl = 31 - clz32((uint32_t)s);
  return 32 + (fl - 9) * 8 + (unsigned)((s >> (fl - 3)) & 7);
}

/* The first non-empty list at or after b, or NBINS. */
static inline unsigned next_bin(unsigned b) {
  if (b >= NBINS) return NBINS;
  unsigned w = b >> 5;
  uint32_t m = binmap[w] & (~0u << (b & 31));
  while (!m) {
    if (++w == NBINS / 32) return NBINS;
    m = binmap[w];
  }
  return (w << 5) + ctz32(m);
}

static inline void bin_insert(Chunk *c, size_t s) {
  unsigned b = bin_of(s);
  Chunk *h = bins[b];
  c->fd = h;
  c->bk = 0;
  if (h) h->bk = c;
  else binmap[b >> 5] |= 1u << (b & 31);
  bins[b] = c;
}

static inline void bin_unlink(Chunk *c, size_t s) {
  unsigned b = bin_of(s);
  Chunk *f = c->fd, *k = c->bk;
  if ((f && f->bk != c) || (k ? k->fd != c : bins[b] != c)) corrupt("malloc(): corrupted free list");
  if (k) k->fd = f;
  else if (!(bins[b] = f)) binmap[b >> 5] &= ~(1u << (b & 31));
  if (f) f->bk = k;
}

/* Bytes of chunk a request of n needs (n + the head word, at least MINSIZE, a multiple of 16). */
static inline size_t request(size_t n) {
  size_t s = (n + 4 + 15) & ~(size_t)15;
  return s < MINSIZE ? MINSIZE : s;
}

static inline uintptr_t page_up(uintptr_t a) { return (a + PAGE - 1) & ~(uintptr_t)(PAGE - 1); }
/* Chunks start at 8 mod 16: the first such address at or after a, the last at or before a. */
static inline uintptr_t chunk_up(uintptr_t a) { return ((a + 8 + 15) & ~(uintptr_t)15) - 8; }
static inline uintptr_t chunk_down(uintptr_t a) { return ((a - 8) & ~(uintptr_t)15) + 8; }

/* Put back the free chunk c of size s, merging it with free neighbours (or the top). */
static void release(Chunk *c, size_t s) {
  if (!(c->head & PINUSE)) {
    size_t ps = c->prev_size;
    Chunk *p = AT(c, -ps);
    if (csize(p) != ps || (p->head & INUSE)) corrupt("free(): corrupted size vs. prev_size");
    bin_unlink(p, ps);
    c = p;
    s += ps;
  }
  Chunk *n = AT(c, s);
  if (n == top) {
    topsize += s;
    top = c;
    c->head = topsize | PINUSE;
    return;
  }
  if (!(n->head & INUSE)) {
    size_t ns = csize(n);
    bin_unlink(n, ns);
    s += ns;
    n = AT(c, s);
  }
  c->head = s | PINUSE;
  n->prev_size = s;
  n->head &= ~(size_t)PINUSE;
  bin_insert(c, s);
}

/* c (free, in no list, size cs) becomes the program's with size s; the rest goes back. */
static inline void *use(Chunk *c, size_t cs, size_t s) {
  if (cs - s >= MINSIZE) {
    Chunk *r = AT(c, s);
    size_t rs = cs - s;
    c->head = s | INUSE | (c->head & PINUSE);
    r->head = rs | PINUSE;
    AT(r, rs)->prev_size = rs; /* its upper neighbour is in use: no merge needed */
    bin_insert(r, rs);
  } else {
    c->head |= INUSE;
    AT(c, cs)->head |= PINUSE;
  }
  return MEM(c);
}

/* Turn the current top into an ordinary free chunk ended by a fence (a 16-byte chunk that stays
 * in use), because the heap goes on somewhere not adjacent to it. */
static void close_top(void) {
  if (!top) return;
  if (topsize >= 2 * MINSIZE) {
    size_t fs = topsize - MINSIZE;
    Chunk *fence = AT(top, fs);
    fence->head = MINSIZE | INUSE;
    fence->prev_size = fs;
    top->head = fs | PINUSE;
    bin_insert(top, fs);
  } else {
    top->head = MINSIZE | INUSE | PINUSE;
  }
  top = 0;
  topsize = 0;
}

static void new_top(uintptr_t start, uintptr_t end, int on_brk) {
  close_top();
  top = (Chunk *)start;
  topsize = end - start;
  top->head = topsize | PINUSE;
  top_on_brk = on_brk;
  if (start < heap_lo) heap_lo = start;
  if (end > heap_hi) heap_hi = end;
}

/* Make the top hold at least s + MINSIZE bytes: sbrk (extending the top when the break has not
 * moved behind our back), else a mapping as a new heap segment. */
static int grow(size_t s) {
  for (int tries = 0; tries < 2; tries++) {
    if (top && topsize >= s + MINSIZE) return 1;
    int contiguous = top && top_on_brk && sbrk(0) == brk_end;
    char *cur = contiguous ? brk_end : sbrk(0);
    if (cur == (char *)-1) break;
    size_t want = contiguous ? s + MINSIZE - topsize + TOP_PAD : s + 3 * MINSIZE + TOP_PAD;
    if (want > MAX_REQUEST) break;
    size_t inc = page_up((uintptr_t)cur + want) - (uintptr_t)cur;
    char *b = sbrk((long)inc);
    if (b == (char *)-1) break;
    brk_end = b + inc;
    if (contiguous && b == cur) {
      topsize = chunk_down((uintptr_t)brk_end) - (uintptr_t)top;
      top->head = topsize | PINUSE;
      if ((uintptr_t)top + topsize > heap_hi) heap_hi = (uintptr_t)top + topsize;
    } else {
      new_top(chunk_up((uintptr_t)b), chunk_down((uintptr_t)brk_end), 1);
    }
  }
  if (top && topsize >= s + MINSIZE) return 1;
  /* The break cannot move (a mapping above it, or the memory limit): a mapped segment. */
  if (s > MAX_REQUEST - TOP_PAD) return 0;
  size_t len = page_up(s + 3 * MINSIZE + TOP_PAD);
  if (len < 1024 * 1024) len = 1024 * 1024;
  void *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 0;
  new_top(chunk_up((uintptr_t)m), chunk_down((uintptr_t)m + len), 0);
  return 1;
}

/* Give the break back above the top's first pad bytes (TOP_PAD when free() finds the top large). */
static void trim(size_t pad) {
  if (!top || !top_on_brk || pad > MAX_REQUEST || sbrk(0) != brk_end) return;
  uintptr_t keep = page_up((uintptr_t)top + MINSIZE + pad + 8);
  if (keep >= (uintptr_t)brk_end) return;
  if (sbrk(-(long)((uintptr_t)brk_end - keep)) == (void *)-1) return;
  if (heap_hi == (uintptr_t)top + topsize) heap_hi = chunk_down(keep);
  brk_end = (char *)keep;
  topsize = chunk_down(keep) - (uintptr_t)top;
  top->head = topsize | PINUSE;
}

/* A block in a mapping of its own: the chunk starts 8 bytes in (prev_size = 8, its offset). */
static void *map_chunk(size_t s) {
  size_t len = page_up(s + 16);
  void *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 0;
  Chunk *c = AT(m, 8);
  c->prev_size = 8;
  c->head = (len - 8) | INUSE | MMAPPED;
  return MEM(c);
}

/* A free chunk of at least s bytes from the lists, unlinked; NULL when none. */
static Chunk *find_fit(size_t s) {
  unsigned b = bin_of(s);
  if (s >= SMALL_LIMIT) {
    /* This class also holds chunks smaller than s: look at a few, then go up a class, where
     * every chunk is large enough. */
    int budget = 8;
    for (Chunk *c = bins[b]; c && budget--; c = c->fd)
      if (csize(c) >= s) {
        bin_unlink(c, csize(c));
        return c;
      }
    b++;
  }
  b = next_bin(b);
  if (b == NBINS) return 0;
  Chunk *c = bins[b];
  bin_unlink(c, csize(c));
  return c;
}

void *malloc(size_t n) {
  if (n > MAX_REQUEST) {
    errno = ENOMEM;
    return 0;
  }
  size_t s = request(n);
  if (s < SMALL_LIMIT) {
    /* The fast path: an exact-size list. */
    Chunk *c = bins[s >> 4];
    if (c) {
      Chunk *f = c->fd;
      if (f && f->bk != c) corrupt("malloc(): corrupted free list");
      if (!(bins[s >> 4] = f)) binmap[0] &= ~(1u << (s >> 4));
      else f->bk = 0;
      c->head |= INUSE;
      AT(c, s)->head |= PINUSE;
      return MEM(c);
    }
  }
  Chunk *c = find_fit(s);
  if (c) return use(c, csize(c), s);
  if (s >= mmap_threshold && !(top && topsize >= s + MINSIZE)) {
    void *p = map_chunk(s);
    if (p) return p;
  }
  if (!grow(s)) {
    errno = ENOMEM;
    return 0;
  }
  c = top;
  top = AT(c, s);
  topsize -= s;
  top->head = topsize | PINUSE;
  c->head = s | INUSE | PINUSE;
  return MEM(c);
}

/* The chunk of a pointer the program hands back, checked cheaply: aligned, in use, sized sanely,
 * inside the heap (or a mapping of its own), its upper neighbour agreeing that it is in use. */
static Chunk *owned(void *p, const char *bad, const char *twice) {
  if ((uintptr_t)p & 15) corrupt(bad);
  Chunk *c = CHUNK(p);
  size_t s = csize(c);
  if (!(c->head & INUSE)) corrupt(twice);
  if (c->head & MMAPPED) {
    uintptr_t m = (uintptr_t)c - c->prev_size;
    if ((m | (s + c->prev_size)) & (PAGE - 1) || c->prev_size < 8) corrupt(bad);
    return c;
  }
  if (s < MINSIZE || (s & 15) || (uintptr_t)c < heap_lo || (uintptr_t)c + s >= heap_hi || (uintptr_t)c + s < (uintptr_t)c)
    corrupt(bad);
  if (!(AT(c, s)->head & PINUSE)) corrupt(twice);
  return c;
}

static void unmap_chunk(Chunk *c) {
  size_t off = c->prev_size, s = csize(c);
  /* As glibc: a program freeing a block of this size will likely want another; keep it on brk. */
  if (s > mmap_threshold && s <= MMAP_MAX_THRESHOLD) {
    mmap_threshold = s;
    trim_threshold = 2 * s;
  }
  munmap((char *)c - off, s + off);
}

void free(void *p) {
  if (!p) return;
  Chunk *c = owned(p, "free(): invalid pointer", "free(): double free detected");
  if (c->head & MMAPPED) {
    unmap_chunk(c);
    return;
  }
  c->head &= ~(size_t)INUSE; /* so a second free of p is seen even after p merged into a neighbour */
  release(c, csize(c));
  if (topsize >= trim_threshold) trim(TOP_PAD);
}

void *calloc(size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return 0;
  }
  void *p = malloc(total);
  if (!p) return 0;
  Chunk *c = CHUNK(p);
  if (!(c->head & MMAPPED)) memset(p, 0, total); /* a fresh mapping is zero already */
  return p;
}

size_t malloc_usable_size(void *p) {
  if (!p) return 0;
  Chunk *c = owned(p, "malloc_usable_size(): invalid pointer", "malloc_usable_size(): invalid pointer");
  return csize(c) - (c->head & MMAPPED ? 8 : 4);
}

/* The in-use chunk c (not mapped) keeps its first s bytes; a tail of MINSIZE or more is freed. */
static void shrink(Chunk *c, size_t s) {
  size_t cs = csize(c);
  if (cs - s < MINSIZE) return;
  c->head = s | INUSE | (c->head & PINUSE);
  Chunk *r = AT(c, s);
  r->head = (cs - s) | PINUSE;
  release(r, cs - s);
}

void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  Chunk *c = owned(p, "realloc(): invalid pointer", "realloc(): invalid old size");
  if (n > MAX_REQUEST) {
    errno = ENOMEM;
    return 0;
  }
  size_t s = request(n), cs = csize(c);
  if (c->head & MMAPPED) {
    size_t usable = cs - 8;
    if (n <= usable && n >= usable / 2) return p; /* no mremap in the box: keep the mapping */
  } else if (s <= cs) {
    shrink(c, s);
    return p;
  } else {
    Chunk *next = AT(c, cs);
    if (next == top && top_on_brk && topsize < s - cs + MINSIZE) grow(s - cs);
    if (next == top && topsize >= s - cs + MINSIZE) {
      /* Grow into the top. */
      topsize -= s - cs;
      top = AT(c, s);
      top->head = topsize | PINUSE;
      c->head = s | INUSE | (c->head & PINUSE);
      return p;
    }
    if (next != top && !(next->head & INUSE) && cs + csize(next) >= s) {
      /* Grow into the free upper neighbour. */
      size_t ns = csize(next);
      bin_unlink(next, ns);
      c->head = (cs + ns) | INUSE | (c->head & PINUSE);
      AT(c, cs + ns)->head |= PINUSE;
      shrink(c, s);
      return p;
    }
  }
  /* Moving a growing block: give it an eighth more room, so a program growing a block a few
   * bytes at a time (an array one element at a time) copies O(size) bytes in all, not O(size²). */
  size_t have = cs - (c->head & MMAPPED ? 8 : 4);
  void *q = n > have && n <= MAX_REQUEST - n / 8 ? malloc(n + n / 8) : 0;
  if (!q && !(q = malloc(n))) return 0;
  memcpy(q, p, have < n ? have : n);
  free(p);
  return q;
}

void *memalign(size_t align, size_t n) {
  if (align <= 16) return malloc(n);
  if (align & (align - 1)) { /* as glibc: rounded up to a power of two */
    size_t a = 32;
    while (a < align && a) a <<= 1;
    align = a;
  }
  if (!align || n > MAX_REQUEST - align) {
    errno = ENOMEM;
    return 0;
  }
  size_t s = request(n);
  char *p = malloc(s + align);
  if (!p) return 0;
  Chunk *c = CHUNK(p);
  uintptr_t want = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
  if (want != (uintptr_t)p) {
    /* Cut off the lead (a multiple of 16, so at least MINSIZE) and give it back. */
    size_t lead = want - (uintptr_t)p;
    Chunk *a = CHUNK(want);
    if (c->head & MMAPPED) {
      a->prev_size = c->prev_size + lead;
      a->head = (csize(c) - lead) | INUSE | MMAPPED;
      return (void *)want;
    }
    a->head = (csize(c) - lead) | INUSE | PINUSE;
    c->head = lead | (c->head & PINUSE);
    release(c, lead);
    c = a;
  }
  if (!(c->head & MMAPPED)) shrink(c, s);
  return MEM(c);
}

int posix_memalign(void **out, size_t align, size_t n) {
  if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
  int saved = errno;
  void *p = memalign(align, n);
  errno = saved;
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

void *aligned_alloc(size_t align, size_t n) {
  if (!align || (align & (align - 1))) {
    errno = EINVAL;
    return 0;
  }
  return memalign(align, n);
}

void *valloc(size_t n) { return memalign(PAGE, n); }

int malloc_trim(size_t pad) {
  char *before = brk_end;
  trim(pad);
  return brk_end != before;
}
