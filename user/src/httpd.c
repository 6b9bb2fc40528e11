/* httpd — a tiny HTTP/1.0 server: GET of the files under one directory (default /tmp), one
 * connection at a time. `httpd [-p PORT] [DIR]` (default port 8080). Paths with ".." are refused;
 * a directory serves its index.html. Replies close the connection. */
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include "netaddr.h"
#include "args.h"

static void reply(int c, int code, const char *what, const char *type, long long size) {
  char h[256];
  int n = snprintf(h, sizeof h, "HTTP/1.0 %d %s\r\nContent-Type: %s\r\nContent-Length: %lld\r\nConnection: close\r\n\r\n",
                   code, what, type, size);
  write_all(c, h, (size_t)n);
}

static void error(int c, int code, const char *what) {
  char body[64];
  int n = snprintf(body, sizeof body, "%d %s\n", code, what);
  reply(c, code, what, "text/plain", n);
  write_all(c, body, (size_t)n);
}

static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm"))) return "text/html";
  if (dot && !strcmp(dot, ".txt")) return "text/plain";
  return "application/octet-stream";
}

static void serve(int c, const char *root) {
  char req[2048];
  size_t used = 0;
  while (used < sizeof req - 1) {
    ssize_t n = read(c, req + used, sizeof req - 1 - used);
    if (n <= 0) break;
    used += (size_t)n;
    req[used] = 0;
    if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n")) break;
  }
  req[used] = 0;
  char path[256];
  if (strncmp(req, "GET /", 5) != 0) return error(c, 400, "Bad Request");
  size_t i = 0;
  for (const char *p = req + 4; *p && *p != ' ' && *p != '\r' && *p != '\n' && i < sizeof path - 1; p++) path[i++] = *p;
  path[i] = 0;
  if (strstr(path, "..")) return error(c, 403, "Forbidden");
  char file[512];
  snprintf(file, sizeof file, "%s%s", root, path);
  struct stat st;
  int fd = open(file, O_RDONLY);
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    snprintf(file, sizeof file, "%s%s/index.html", root, path);
    fd = open(file, O_RDONLY);
  }
  if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) close(fd);
    return error(c, 404, "Not Found");
  }
  reply(c, 200, "OK", type_of(file), st.st_size);
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) if (write_all(c, buf, (size_t)n) < 0) break;
  close(fd);
}

int main(int argc, char **argv) {
  ARGS("httpd", "[-p PORT] [DIR]");
  const char *port = "8080", *root = "/tmp";
  int i = 1;
  if (i + 1 < argc && !strcmp(argv[i], "-p")) { port = argv[i + 1]; i += 2; }
  if (i < argc && argv[i][0] == '-') bad_usage("unknown option '%s'", argv[i]);
  if (i < argc) root = argv[i++];
  union anyaddr a;
  socklen_t len;
  if (i != argc || inet_address(&a, &len, 0, port)) {
    dprintf(2, "usage: httpd [-p PORT] [DIR]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (s < 0 || bind(s, &a.sa, len) < 0 || listen(s, 8) < 0) {
    dprintf(2, "httpd: %s\n", strerror(errno));
    return 1;
  }
  dprintf(1, "httpd: serving %s on port %s\n", root, port);
  for (;;) {
    int c = accept(s, 0, 0);
    if (c < 0) continue;
    serve(c, root);
    shutdown(c, SHUT_WR);
    close(c);
  }
}
