/* cf_malloc — the allocator as a program sees it: alignment (16, as RV32 glibc), malloc(0),
 * calloc zeroing and its overflow check, realloc keeping contents (and staying in place when it
 * shrinks or grows into the top of the heap), free(NULL), the aligned allocators,
 * malloc_usable_size, memory given back (the break falls after frees, big blocks leave it alone),
 * a bad or double free killing the program with SIGABRT and a message, and a deterministic
 * stress of many live blocks. Built for the host with glibc too (test/user/libc-glibc.test.ts):
 * every line must be the same there. */
#include "cf.h"
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>

static int aligned(const void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

static uint32_t seed = 2463534242u;
static uint32_t rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

/* Run f in a child with stderr on a pipe: did it die of SIGABRT, and does its message start with want? */
static int aborts(void (*f)(void), const char *want) {
  int fd[2];
  if (pipe(fd) < 0) return 0;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], 2);
    close(fd[0]);
    f();
    _exit(0);
  }
  close(fd[1]);
  char msg[256];
  size_t got = 0;
  ssize_t r;
  while (got < sizeof msg - 1 && (r = read(fd[0], msg + got, sizeof msg - 1 - got)) > 0) got += (size_t)r;
  msg[got] = 0;
  close(fd[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strncmp(msg, want, strlen(want)) == 0;
}

static volatile char *sink;
static void bad_free(void) {
  char *p = malloc(40);
  memset(p, 0, 40); /* what glibc reads as the size of the "chunk" at p + 8: not a mapped one */
  sink = p;
  free(p + 8);
}
static void double_free(void) {
  char *p = malloc(40);
  sink = p;
  free(p);
  free(p);
}

int main(void) {
  free(NULL);
  CHECK("free(NULL) does nothing", 1); /* and stdout has its buffer (glibc mallocs it) before what follows */
  /* First, while the heap is fresh (glibc raises its trim threshold after a big free). */
  char *b0 = sbrk(0);
  char *blk[40];
  for (int i = 0; i < 40; i++) {
    blk[i] = malloc(50000);
    memset(blk[i], i, 50000);
  }
  CHECK("40 blocks of 50000 bytes grow the break", (char *)sbrk(0) - b0 >= 30 * 50000);
  for (int i = 39; i >= 0; i--) free(blk[i]);
  CHECK("freeing them gives most of it back", (char *)sbrk(0) - b0 < 1024 * 1024);

  char *a = malloc(1000);
  memset(a, 'a', 1000);
  char *a2 = realloc(a, 5000);
  CHECK("realloc grows the block at the top of the heap in place", a2 == a);
  CHECK("... keeping its bytes", a2[0] == 'a' && a2[999] == 'a');
  char *a3 = realloc(a2, 100);
  CHECK("realloc shrinks in place", a3 == a2 && a3[99] == 'a');
  free(a3);

  int ok = 1;
  for (size_t n = 0; n < 700; n++) {
    char *p = malloc(n);
    ok &= p != NULL && aligned(p, 16);
    free(p);
  }
  CHECK("malloc(0..699) is 16-byte aligned", ok);
  void *z1 = malloc(0), *z2 = malloc(0);
  CHECK("malloc(0) gives distinct pointers", z1 && z2 && z1 != z2);
  free(z1);
  free(z2);

  char *dirty = malloc(3000);
  memset(dirty, 0xa5, 3000);
  free(dirty);
  unsigned char *cz = calloc(750, 4);
  ok = cz != NULL;
  for (int i = 0; ok && i < 3000; i++) ok = cz[i] == 0;
  CHECK("calloc zeroes reused memory", ok);
  free(cz);
  errno = 0;
  void *ov = calloc((size_t)-1 / 2 + 1, 2);
  CHECK("calloc overflow: NULL", ov == NULL);
  CHECK("calloc overflow: ENOMEM", errno == ENOMEM);
  errno = 0;
  void *huge = malloc((size_t)-1 / 2 + 1);
  CHECK("malloc of half the address space: NULL, ENOMEM", huge == NULL && errno == ENOMEM);
  errno = 0;
  void *huge2 = malloc((size_t)-1);
  CHECK("malloc(SIZE_MAX): NULL, ENOMEM", huge2 == NULL && errno == ENOMEM);
  char *keep = malloc(10);
  strcpy(keep, "kept");
  errno = 0;
  void *rh = realloc(keep, (size_t)-1 - 4096);
  CHECK("realloc too large: NULL, ENOMEM, old block intact", rh == NULL && errno == ENOMEM && strcmp(keep, "kept") == 0);
  free(keep);

  /* realloc growth from 1 byte to 1 MiB and back, contents checked at every step (every 61st
   * byte while growing, all of them at the top). */
  unsigned char *g = realloc(NULL, 1);
  g[0] = 7;
  size_t len = 1;
  ok = g != NULL;
  while (ok && len < 1u << 20) {
    size_t nl = len * 3 / 2 + 1;
    g = realloc(g, nl);
    ok = g != NULL && aligned(g, 16);
    for (size_t i = 0; ok && i < len; i += 61) ok = g[i] == (unsigned char)(i * 7 + 7);
    ok = ok && g[len - 1] == (unsigned char)((len - 1) * 7 + 7);
    for (size_t i = len; ok && i < nl; i++) g[i] = (unsigned char)(i * 7 + 7);
    len = nl;
  }
  for (size_t i = 0; ok && i < len; i++) ok = g[i] == (unsigned char)(i * 7 + 7);
  CHECK("realloc growth to 1 MiB keeps every byte", ok);
  while (ok && len > 10) {
    len /= 3;
    g = realloc(g, len);
    ok = g != NULL;
    for (size_t i = 0; ok && i < len; i += 61) ok = g[i] == (unsigned char)(i * 7 + 7);
    ok = ok && g[len - 1] == (unsigned char)((len - 1) * 7 + 7);
  }
  CHECK("realloc shrinking keeps the bytes", ok);
  free(g);

  ok = 1;
  static const size_t sizes[] = {1, 12, 13, 24, 100, 500, 4000, 70000, 300000, 2000000};
  for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    unsigned char *p = malloc(sizes[i]);
    size_t u = malloc_usable_size(p);
    ok &= p != NULL && u >= sizes[i] && aligned(p, 16);
    if (p) memset(p, 0x5a, u < 100000 ? u : 100), p[u - 1] = 0x5a;
    free(p);
  }
  CHECK("malloc_usable_size >= the request, and its last byte writable", ok);
  CHECK("malloc_usable_size(NULL) is 0", malloc_usable_size(NULL) == 0);

  void *pm = NULL;
  int r1 = posix_memalign(&pm, 64, 100);
  CHECK("posix_memalign(64)", r1 == 0 && aligned(pm, 64));
  free(pm);
  r1 = posix_memalign(&pm, 4096, 10000);
  CHECK("posix_memalign(4096)", r1 == 0 && aligned(pm, 4096));
  free(pm);
  r1 = posix_memalign(&pm, 1 << 20, 5 << 20);
  CHECK("posix_memalign(1 MiB) of 5 MiB", r1 == 0 && aligned(pm, 1 << 20));
  if (r1 == 0) ((char *)pm)[0] = ((char *)pm)[(5 << 20) - 1] = 1;
  free(pm);
  CHECK("posix_memalign(24): EINVAL", posix_memalign(&pm, 24, 10) == EINVAL);
  CHECK("posix_memalign(2): EINVAL", posix_memalign(&pm, 2, 10) == EINVAL);
  void *aa = aligned_alloc(256, 512);
  CHECK("aligned_alloc(256)", aa != NULL && aligned(aa, 256));
  free(aa);
  ok = 1;
  for (size_t al = 32; al <= 8192; al <<= 1) {
    char *m = memalign(al, al + 3);
    ok &= m != NULL && aligned(m, al);
    if (m) memset(m, 3, al + 3);
    char *n = malloc(50);
    free(m);
    free(n);
  }
  CHECK("memalign(32 .. 8192)", ok);
  void *va = valloc(100);
  CHECK("valloc is page aligned", va != NULL && aligned(va, 4096));
  free(va);

  /* A big block leaves the break alone and goes back when freed. */
  char *before = sbrk(0);
  char *big = malloc(8 << 20);
  ok = big != NULL;
  if (ok) {
    big[0] = 1;
    big[(8 << 20) - 1] = 2;
  }
  CHECK("an 8 MiB block does not move the break", (char *)sbrk(0) == before && ok);
  free(big);

  /* Many live blocks of mixed sizes, freed in a random order, with their bytes checked. */
  enum { N = 2000 };
  static unsigned char *slot[N];
  static size_t slen[N];
  ok = 1;
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < N; i++) {
      uint32_t r = rnd();
      if (slot[i] && (r & 3) == 0) {
        for (size_t k = 0; ok && k < slen[i]; k++) ok = slot[i][k] == (unsigned char)(i + k);
        free(slot[i]);
        slot[i] = NULL;
      } else if (slot[i] && (r & 3) == 1) {
        size_t nl = (r >> 8) % ((r & 64) ? 3000 : 200) + 1;
        unsigned char *q = realloc(slot[i], nl);
        ok &= q != NULL;
        size_t common = nl < slen[i] ? nl : slen[i];
        for (size_t k = 0; ok && k < common; k++) ok = q[k] == (unsigned char)(i + k);
        for (size_t k = common; k < nl; k++) q[k] = (unsigned char)(i + k);
        slot[i] = q;
        slen[i] = nl;
      }
      if (!slot[i]) {
        slen[i] = (r >> 8) % ((r & 0xe0) == 0 ? 5000 : 100);
        slot[i] = malloc(slen[i]);
        ok &= slot[i] != NULL && aligned(slot[i], 16);
        for (size_t k = 0; k < slen[i]; k++) slot[i][k] = (unsigned char)(i + k);
      }
    }
  }
  for (int i = 0; i < N; i++) {
    for (size_t k = 0; ok && k < slen[i]; k++) ok = slot[i][k] == (unsigned char)(i + k);
    free(slot[i]);
  }
  CHECK("2000 live blocks, 4 rounds of malloc/realloc/free: every byte kept", ok);

  CHECK("free of a pointer into a block: SIGABRT, free(): invalid pointer", aborts(bad_free, "free(): invalid pointer"));
  CHECK("double free: SIGABRT, free(): double free detected", aborts(double_free, "free(): double free detected"));
  return cf_failed != 0;
}
