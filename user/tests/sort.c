/* sort: sorts pseudo-random arrays with quicksort and insertion sort and checks the results. */
#include <stdio.h>
#include <stdint.h>

#define N 5000
static int32_t a[N], b[N];
static uint32_t seed = 42;
static uint32_t rnd(void) { return seed = seed * 1664525u + 1013904223u; }

static void quick(int32_t *v, int lo, int hi) {
  while (lo < hi) {
    int32_t pivot = v[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        int32_t t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    }
    if (j - lo < hi - i) { quick(v, lo, j); lo = i; } else { quick(v, i, hi); hi = j; }
  }
}

static void insertion(int32_t *v, int n) {
  for (int i = 1; i < n; i++) {
    int32_t x = v[i];
    int j = i - 1;
    while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
    v[j + 1] = x;
  }
}

int main(void) {
  for (int i = 0; i < N; i++) a[i] = b[i] = (int32_t)rnd();
  quick(a, 0, N - 1);
  insertion(b, 1000);
  int ok = 1;
  uint32_t sum = 0;
  for (int i = 1; i < N; i++) ok &= a[i - 1] <= a[i];
  for (int i = 1; i < 1000; i++) ok &= b[i - 1] <= b[i];
  for (int i = 0; i < N; i++) sum = sum * 33 + (uint32_t)a[i];
  printf("sorted: %s\nmin %d max %d median %d checksum %08x\n", ok ? "yes" : "no", a[0], a[N - 1], a[N / 2], sum);
  return 0;
}
