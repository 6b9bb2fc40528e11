/* chatd — a line-based chat server over poll: every line a client sends goes to all the others,
 * prefixed with its number. `chatd [PORT]` (TCP, default 7777) or `chatd -U PATH`. A client
 * leaves with /quit or by closing. Up to MAXCLIENTS at once; lines are cut at LINE bytes. */
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include "netaddr.h"
#include "args.h"

#define MAXCLIENTS 16
#define LINE 512

static struct client { int fd; int id; size_t used; char line[LINE]; } clients[MAXCLIENTS];
static int next_id = 1;

static void say_all(int from, const char *text, size_t n) {
  for (int i = 0; i < MAXCLIENTS; i++) {
    if (clients[i].fd < 0 || clients[i].id == from) continue;
    write_all(clients[i].fd, text, n);
  }
}

static void leave(struct client *c) {
  char msg[64];
  int n = snprintf(msg, sizeof msg, "* %d left\n", c->id);
  close(c->fd);
  c->fd = -1;
  dprintf(1, "chatd: client %d left\n", c->id);
  say_all(-1, msg, (size_t)n);
}

/* A complete line from client c (without its newline). */
static void line(struct client *c, const char *text, size_t n) {
  if (n == 5 && !memcmp(text, "/quit", 5)) {
    leave(c);
    return;
  }
  char out[LINE + 16];
  int h = snprintf(out, sizeof out, "[%d] ", c->id);
  memcpy(out + h, text, n);
  out[h + (int)n] = '\n';
  say_all(c->id, out, (size_t)h + n + 1);
}

int main(int argc, char **argv) {
  ARGS("chatd", "[PORT] | chatd -U PATH");
  union anyaddr a;
  socklen_t len;
  int unix_mode = argc == 3 && !strcmp(argv[1], "-U");
  if (unix_mode ? unix_address(&a, &len, argv[2]) : argc > 2 || inet_address(&a, &len, 0, argc == 2 ? argv[1] : "7777")) {
    dprintf(2, "usage: chatd [PORT] | chatd -U PATH\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN); /* a client that went away is noticed by read */
  int s = socket(unix_mode ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (s < 0 || bind(s, &a.sa, len) < 0 || listen(s, 8) < 0) {
    dprintf(2, "chatd: %s\n", strerror(errno));
    return 1;
  }
  for (int i = 0; i < MAXCLIENTS; i++) clients[i].fd = -1;
  dprintf(1, "chatd: listening\n");
  for (;;) {
    struct pollfd p[MAXCLIENTS + 1];
    int who[MAXCLIENTS + 1];
    int n = 0;
    p[n].fd = s;
    p[n].events = POLLIN;
    who[n++] = -1;
    for (int i = 0; i < MAXCLIENTS; i++) {
      if (clients[i].fd < 0) continue;
      p[n].fd = clients[i].fd;
      p[n].events = POLLIN;
      who[n++] = i;
    }
    if (poll(p, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      dprintf(2, "chatd: poll: %s\n", strerror(errno));
      return 1;
    }
    for (int k = 1; k < n; k++) {
      if (!p[k].revents) continue;
      struct client *c = &clients[who[k]];
      char buf[LINE];
      ssize_t got = read(c->fd, buf, sizeof buf);
      if (got <= 0) {
        leave(c);
        continue;
      }
      for (ssize_t j = 0; j < got && c->fd >= 0; j++) {
        if (buf[j] == '\n' || c->used == LINE - 1) {
          size_t used = c->used;
          if (used > 0 && c->line[used - 1] == '\r') used--;
          c->used = 0;
          line(c, c->line, used);
          if (buf[j] == '\n') continue;
        }
        c->line[c->used++] = buf[j];
      }
    }
    if (p[0].revents) {
      int fd = accept(s, 0, 0);
      if (fd < 0) continue;
      int slot = -1;
      for (int i = 0; i < MAXCLIENTS && slot < 0; i++) if (clients[i].fd < 0) slot = i;
      if (slot < 0) {
        write_all(fd, "* full\n", 7);
        close(fd);
        continue;
      }
      clients[slot].fd = fd;
      clients[slot].id = next_id++;
      clients[slot].used = 0;
      char msg[64];
      int m = snprintf(msg, sizeof msg, "* welcome, you are %d\n", clients[slot].id);
      write_all(fd, msg, (size_t)m);
      dprintf(1, "chatd: client %d joined\n", clients[slot].id);
    }
  }
}
