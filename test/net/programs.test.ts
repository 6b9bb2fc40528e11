// The guest network programs (user/src/nc.c, chatd.c, httpd.c) in a whole
// machine with real loopback TCP on the host side: a chat server using poll
// over two guest clients and one host client (through --forward), checkpointed
// while blocked in poll and again with bytes in flight; restored, the inside
// connections carry on whole and the outside one is reset and listed. httpd
// serves a file to a host HTTP client; nc reaches a host port allowed by --net.

import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:net";
import { get } from "node:http";
import { Machine } from "../../machine/machine.js";
import { HostNet } from "../../machine/host-net.js";
import { sendSignal } from "../../kernel/signal.js";
import { SIGCONT, SIGSTOP } from "../../kernel/signals-def.js";
import { Client, until } from "./wire.js";

const nets: HostNet[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  for (const n of nets.splice(0)) await n.close();
});

async function withNet(m: Machine, opts: ConstructorParameters<typeof HostNet>[1]): Promise<HostNet> {
  const net = new HostNet(m, opts);
  await net.start();
  nets.push(net);
  return net;
}

function pidOf(m: Machine, comm: string): number {
  const p = [...m.kernel.state.procs.values()].find((q) => q.comm === comm && q.state !== "zombie");
  if (!p) throw new Error(`no ${comm} running`);
  return p.pid;
}

describe("chatd over poll, checkpointed", () => {
  it("two guest clients restored whole (bytes in flight intact), one host client reset and listed", async () => {
    const m1 = Machine.boot({ ttys: 4 });
    const net1 = await withNet(m1, { forwards: [{ hostPort: 0, guestPort: 7777 }] });
    m1.run(50_000_000);
    m1.tty(1).send("chatd 7777\n");
    await until(m1, net1, () => m1.tty(1).output().includes("chatd: listening"), "chatd");
    m1.tty(2).send("nc 127.0.0.1 7777\n");
    await until(m1, net1, () => m1.tty(2).output().includes("you are 1"), "client A");
    m1.tty(3).send("nc localhost 7777\n");
    await until(m1, net1, () => m1.tty(3).output().includes("you are 2"), "client B").catch((e) => {
      throw new Error(`${e}: ${JSON.stringify(m1.tty(3).output())} ${JSON.stringify(m1.tty(1).output())}`);
    });
    const h = new Client(net1.forwardPorts[0]!);
    clients.push(h);
    await until(m1, net1, () => h.text().includes("you are 3"), "host client H");
    m1.tty(2).send("hello from A\n");
    await until(m1, net1, () => m1.tty(3).output().includes("[1] hello from A") && h.text().includes("[1] hello from A"), "hello");

    // Checkpoint 1: chatd is blocked in poll.
    const chatd = pidOf(m1, "chatd");
    await until(m1, net1, () => m1.kernel.state.procs.get(chatd)!.chan.kind === "poll", "chatd in poll");
    const ck1 = m1.checkpoint();
    const m2 = Machine.restore(ck1);
    const restored = m2.kernel.state.procs.get(chatd)!;
    expect(restored.inSyscall).toBe(true); // still inside its poll: woken by H's reset, it will look again
    expect(restored.hart.x[17]).toBe(414);
    expect(m2.notes.filter((n) => /dropped/.test(n))).toHaveLength(1); // H, through the forward
    const net2 = await withNet(m2, { forwards: [{ hostPort: 0, guestPort: 7777 }] });
    m2.tty(2).send("after restart\n");
    await until(m2, net2, () => m2.tty(3).output().includes("[1] after restart"), "poll woke after restore");
    await until(m2, net2, () => m2.tty(1).output().includes("client 3 left"), "H's reset seen by chatd");

    // Checkpoint 2: chatd stopped, bytes in flight from A and from a new host client.
    const h2 = new Client(net2.forwardPorts[0]!);
    clients.push(h2);
    await until(m2, net2, () => h2.text().includes("you are 4"), "host client H2");
    sendSignal(m2.kernel, chatd, SIGSTOP, false);
    m2.tty(2).send("in flight\n");
    h2.send("host bytes\n");
    await until(m2, net2, () => {
      const rx = [...m2.kernel.state.sockets.values()].filter((s) => s.port === 7777 && s.rx.length > 0);
      return rx.length === 2;
    }, "bytes waiting in chatd's sockets");
    const ck2 = m2.checkpoint();
    const m3 = Machine.restore(ck2);
    const dropped = m3.notes.filter((n) => /dropped/.test(n));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/→ guest port 7777/);
    const net3 = await withNet(m3, { forwards: [{ hostPort: 0, guestPort: 7777 }] });
    sendSignal(m3.kernel, chatd, SIGCONT, false);
    await until(m3, net3, () => m3.tty(3).output().includes("[1] in flight"), "A's bytes in flight delivered");
    await until(m3, net3, () => m3.tty(1).output().includes("client 4 left"), "H2 reset");
    // The forward came back listening.
    const h3 = new Client(net3.forwardPorts[0]!);
    clients.push(h3);
    await until(m3, net3, () => h3.text().includes("you are 5"), "a new host client after restart");
    m3.tty(3).send("B here\n");
    await until(m3, net3, () => h3.text().includes("[2] B here") && m3.tty(2).output().includes("[2] B here"), "chat goes on");
  });
});

describe("socket files in the box", () => {
  it("nc -lU makes a socket file ls -l shows as s; nc -U reaches it by path; rm removes the name", () => {
    const m = Machine.boot({ ttys: 3 });
    m.run(50_000_000);
    m.tty(1).send("cd /tmp; nc -lU chat.sock\n");
    m.run(20_000_000);
    m.tty(2).send("ls -l /tmp\n");
    m.run(20_000_000);
    expect(m.tty(2).output()).toMatch(/\ns[rwx-]{9} .* chat\.sock\r?\n/);
    m.tty(2).send("echo over-the-file | nc -U /tmp/chat.sock\n");
    m.run(40_000_000);
    expect(m.tty(1).output()).toContain("over-the-file");
    m.tty(2).send("rm /tmp/chat.sock; ls /tmp; nc -U /tmp/chat.sock\n");
    m.run(40_000_000);
    expect(m.tty(2).output()).toMatch(/nc: connect: .*\r?\n/); // ENOENT now
  });
});

describe("httpd and nc", () => {
  it("httpd serves a file from /tmp to a host HTTP client through a forwarded port", async () => {
    const m = Machine.boot({ ttys: 2, files: { "/tmp/index.html": "<h1>cryobox</h1>\n" } });
    const net = await withNet(m, { forwards: [{ hostPort: 0, guestPort: 8080 }] });
    m.run(50_000_000);
    m.tty(1).send("httpd\n");
    await until(m, net, () => m.tty(1).output().includes("httpd: serving"), "httpd");
    let body = "";
    let status = 0;
    let done = false;
    get({ host: "127.0.0.1", port: net.forwardPorts[0]!, path: "/" }, (res) => {
      status = res.statusCode ?? 0;
      res.on("data", (b: Buffer) => (body += b.toString()));
      res.on("end", () => (done = true));
    }).on("error", (e) => {
      body = String(e);
      done = true;
    });
    await until(m, net, () => done, "the HTTP reply");
    expect(status).toBe(200);
    expect(body).toBe("<h1>cryobox</h1>\n");
  });

  it("nc reaches a host port allowed by --net, and only that one", async () => {
    let got = "";
    const server: Server = createServer((s) => {
      s.on("data", (b) => {
        got += b.toString();
        s.end("pong\n");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const m = Machine.boot({ ttys: 2 });
      const net = await withNet(m, { allow: [port] });
      m.run(50_000_000);
      m.tty(1).send(`echo ping | nc 127.0.0.1 ${port}\n`);
      await until(m, net, () => m.tty(1).output().includes("pong"), "pong from the host");
      expect(got).toBe("ping\n");
      m.tty(1).send(`nc 127.0.0.1 ${port + 1 === 65536 ? 1 : port + 1}\n`);
      await until(m, net, () => /nc: connect: /.test(m.tty(1).output()), "refused"); // (libc's strerror has no text for 111)
      expect([...m.kernel.state.sockets.values()].filter((s) => s.outside !== "no")).toEqual([]);
    } finally {
      server.close();
    }
  });
});
