/* strings: the libc string and memory functions, including overlapping memmove. */
#include <stdio.h>
#include <string.h>

int main(void) {
  char buf[64];
  strcpy(buf, "hello, cryobox");
  printf("strlen=%u\n", strlen(buf));
  printf("strcmp equal=%d less=%d greater=%d\n", strcmp("abc", "abc"), strcmp("abc", "abd") < 0, strcmp("b", "abc") > 0);
  printf("strncmp prefix=%d\n", strncmp("cryobox", "cryostat", 4));
  printf("strchr=%s strrchr=%s none=%s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strchr(buf, 'z') ? "found" : "NULL");
  memmove(buf + 2, buf, 10);
  buf[12] = 0;
  printf("memmove up=[%s]\n", buf);
  memmove(buf, buf + 3, 6);
  buf[6] = 0;
  printf("memmove down=[%s]\n", buf);
  memset(buf, 'x', 5);
  buf[5] = 0;
  printf("memset=[%s]\n", buf);
  unsigned char a[300], b[300];
  for (int i = 0; i < 300; i++) a[i] = (unsigned char)(i * 7);
  memcpy(b, a, 300);
  printf("memcmp same=%d\n", memcmp(a, b, 300));
  b[299]++;
  printf("memcmp differ=%d\n", memcmp(a, b, 300) < 0);
  /* byte loads and stores, sign extension */
  volatile signed char sc = (signed char)0x80;
  volatile short ss = (short)0x8001;
  volatile unsigned short us = 0x8001;
  printf("lb=%d lh=%d lhu=%u\n", sc, ss, us);
  return 0;
}
