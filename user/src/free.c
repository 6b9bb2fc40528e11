/* free — memory in use: `free [-b|-k|-m]` (KiB by default), procps's columns total, used, free,
 * shared, buff/cache, available and a Swap line. From /proc/meminfo when there is one (used =
 * total − available, as procps 4), else from sysinfo(2); the box has neither yet, which is
 * reported. */
#include <stdio.h>
#include "args.h"
#include "sysinfo.h"

static int shift = 10;

static void row(const char *label, long long *v, int n) {
  printf("%-8s", label);
  for (int i = 0; i < n; i++) printf("%12lld", v[i] >> shift);
  putchar('\n');
}

int main(int argc, char **argv) {
  ARGS("free", "[-b|-k|-m]");
  int c;
  while ((c = opt_next(argc, argv, "bkm")) != -1) shift = c == 'b' ? 0 : c == 'k' ? 10 : 20;
  if (opt_ind < argc) bad_usage("extra operand '%s'", argv[opt_ind]);
  long long mem[6], swap[3];
  char *mi = read_small("/proc/meminfo");
  if (mi && field_of(mi, "MemTotal") >= 0) {
    long long total = field_of(mi, "MemTotal"), fr = field_of(mi, "MemFree"), avail = field_of(mi, "MemAvailable");
    long long cache = field_of(mi, "Buffers") + field_of(mi, "Cached") + (field_of(mi, "SReclaimable") > 0 ? field_of(mi, "SReclaimable") : 0);
    if (avail < 0) avail = fr + cache;
    long long used = total - avail;
    if (used < 0) used = total - fr;
    long long v[6] = {total, used, fr, field_of(mi, "Shmem") > 0 ? field_of(mi, "Shmem") : 0, cache, avail};
    for (int i = 0; i < 6; i++) mem[i] = v[i] * 1024;
    long long st = field_of(mi, "SwapTotal"), sf = field_of(mi, "SwapFree");
    swap[0] = st * 1024;
    swap[1] = (st - sf) * 1024;
    swap[2] = sf * 1024;
  } else {
    struct sysinfo_rec si;
    if (get_sysinfo(&si) < 0) die(1, "no /proc/meminfo and no sysinfo: %s", strerror(errno));
    long long u = si.mem_unit;
    long long total = (long long)si.totalram * u, fr = (long long)si.freeram * u, buf = (long long)si.bufferram * u;
    long long v[6] = {total, total - fr - buf, fr, (long long)si.sharedram * u, buf, fr + buf};
    for (int i = 0; i < 6; i++) mem[i] = v[i];
    swap[0] = (long long)si.totalswap * u;
    swap[2] = (long long)si.freeswap * u;
    swap[1] = swap[0] - swap[2];
  }
  free(mi);
  printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared", "buff/cache", "available");
  row("Mem:", mem, 6);
  row("Swap:", swap, 3);
  return 0;
}
