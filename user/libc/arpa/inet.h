/* arpa/inet.h — dotted-quad conversions. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H
#include <netinet/in.h>
/* Inline: no library object. */
static inline int inet_aton(const char *s, struct in_addr *out) {
  uint32_t a = 0;
  for (int i = 0; i < 4; i++) {
    if (*s < '0' || *s > '9') return 0;
    unsigned v = 0;
    while (*s >= '0' && *s <= '9' && v < 1000) v = v * 10 + (unsigned)(*s++ - '0');
    if (v > 255 || (i < 3 && *s++ != '.')) return 0;
    a = (a << 8) | v;
  }
  if (*s) return 0;
  out->s_addr = htonl(a);
  return 1;
}
static inline in_addr_t inet_addr(const char *s) {
  struct in_addr a;
  return inet_aton(s, &a) ? a.s_addr : (in_addr_t)-1;
}
#endif
