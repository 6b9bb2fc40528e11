// Terminal lines over real loopback TCP (boot --listen): a telnet-speaking
// client types into a guest shell and changes its window size; two clients on
// two lines; hang-up when a client goes; restart with policy hangup and with
// hold + token; garbage telnet and floods never hurt the host.

import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { HostNet } from "../../machine/host-net.js";
import { Client, naws, until } from "./wire.js";

const open: { net: HostNet; clients: Client[] }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const c of o.clients) c.socket.destroy();
    await o.net.close();
  }
});

async function boot(m = Machine.boot({ ttys: 4 })): Promise<{ m: Machine; net: HostNet; clients: Client[] }> {
  const net = new HostNet(m, { listen: { host: "127.0.0.1", port: 0 } });
  await net.start();
  const rec = { net, clients: [] as Client[] };
  open.push(rec);
  m.run(50_000_000); // init starts a shell on every line
  return { m, net, clients: rec.clients };
}

function client(o: { net: HostNet; clients: Client[] }): Client {
  const c = new Client(o.net.listenPort);
  o.clients.push(c);
  return c;
}

describe("terminals over TCP", () => {
  it("a telnet client types into a shell; NAWS sets the window size and follows changes", async () => {
    const o = await boot();
    const c = client(o);
    await until(o.m, o.net, () => c.text().includes("cryobox: tty1"), "attach");
    expect(c.received.subarray(0, 9)).toEqual(Buffer.from([255, 251, 1, 255, 251, 3, 255, 253, 31])); // WILL ECHO, WILL SGA, DO NAWS
    c.send(new Uint8Array([255, 251, 31])); // WILL NAWS
    c.send(naws(100, 40));
    c.send("stty size\r\0");
    await until(o.m, o.net, () => c.text().includes("40 100"), "stty size 40 100");
    c.send(naws(132, 50));
    c.send("stty size\r\n");
    await until(o.m, o.net, () => c.text().includes("50 132"), "stty size 50 132");
    expect(o.m.kernel.state.ttys[1]!.ld.cols).toBe(132);
    expect(o.net.describe()[0]).toMatch(/^tty1: 127\.0\.0\.1:\d+ \(telnet\)$/);
  });

  it("plain nc works: two clients get two lines and see only their own output", async () => {
    const o = await boot();
    const a = client(o);
    await until(o.m, o.net, () => a.text().includes("cryobox: tty1"), "a attached");
    const b = client(o);
    await until(o.m, o.net, () => b.text().includes("cryobox: tty2"), "b attached");
    a.send('echo al""pha2\n');
    b.send('echo be""ta4\n');
    await until(o.m, o.net, () => a.text().includes("alpha2") && b.text().includes("beta4"), "both outputs");
    expect(a.text()).not.toContain("beta4");
    expect(b.text()).not.toContain("alpha2");
    expect(o.m.kernel.state.netLines.map((l) => l.tty)).toEqual([1, 2]);
  });

  it("closing the connection hangs up the line: the shell gets SIGHUP and init starts a fresh one", async () => {
    const o = await boot();
    const a = client(o);
    await until(o.m, o.net, () => a.text().includes("cryobox: tty1"), "attach");
    const before = o.m.kernel.state.ttys[1]!.sid;
    a.socket.destroy();
    await until(o.m, o.net, () => o.m.kernel.state.netLines.length === 0, "detach");
    await until(o.m, o.net, () => o.m.kernel.state.ttys[1]!.sid > 0 && o.m.kernel.state.ttys[1]!.sid !== before, "a new shell");
    expect(o.m.kernel.state.procs.get(before)?.state ?? "gone").not.toBe("sleeping");
  });

  it("restart with policy hangup: the old session is gone, the next client gets a fresh shell on the line", async () => {
    const o = await boot();
    const a = client(o);
    await until(o.m, o.net, () => a.text().includes("cryobox: tty1"), "attach");
    a.send('SECRET=kept; echo se""t42\n');
    await until(o.m, o.net, () => a.text().includes("set42"), "set");
    const snap = o.m.checkpoint();
    const m2 = Machine.restore(snap); // default policy: hangup
    expect(m2.notes.some((n) => /tty1: hung up/.test(n))).toBe(true);
    const o2 = await boot(m2);
    const b = client(o2);
    await until(m2, o2.net, () => b.text().includes("cryobox: tty1"), "attach after restart");
    b.send("echo [$SECRET]\n");
    await until(m2, o2.net, () => b.text().includes("[]"), "fresh shell");
  });

  it("restart with policy hold: a client without the token gets a fresh line; the token gets the held one back", async () => {
    const o = await boot();
    const a = client(o);
    await until(o.m, o.net, () => a.text().includes("cryobox: tty1"), "attach");
    a.send('SECRET=kept; echo se""t42\n');
    await until(o.m, o.net, () => a.text().includes("set42"), "set");
    const token = o.m.kernel.state.netLines[0]!.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const m2 = Machine.restore(o.m.checkpoint(), { lines: "hold" });
    expect(m2.kernel.state.netLines).toEqual([expect.objectContaining({ tty: 1, held: true, token })]);
    const o2 = await boot(m2);
    const stranger = client(o2);
    await until(m2, o2.net, () => stranger.text().includes("token"), "prompt");
    stranger.send("not-the-token\n");
    await until(m2, o2.net, () => stranger.text().includes("cryobox: tty2"), "fresh line");
    const owner = client(o2);
    await until(m2, o2.net, () => owner.text().includes("token"), "prompt");
    owner.send(`${token}\r\n`);
    await until(m2, o2.net, () => !m2.kernel.state.netLines.some((l) => l.held), "reclaimed");
    owner.send("echo [$SECRET]\n");
    await until(m2, o2.net, () => owner.text().includes("[kept]"), "the old session");
    stranger.send("echo [$SECRET]\n");
    await until(m2, o2.net, () => stranger.text().includes("[]"), "a fresh session");
  });

  it("garbage telnet, oversized NAWS, connections that open and close at once, and a flood of attempts", async () => {
    const o = await boot();
    const a = client(o);
    await until(o.m, o.net, () => a.text().includes("cryobox: tty1"), "attach");
    const junk = new Uint8Array(20000);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    a.send(junk);
    a.send(new Uint8Array([255, 250, 31, ...new Array(5000).fill(7), 255, 240])); // oversized NAWS
    a.send(new Uint8Array([255, 250, 31, 0, 0, 0, 0, 255, 240])); // zero size: ignored
    a.send('\x03\x15echo sti""ll9\n');
    await until(o.m, o.net, () => a.text().includes("still9"), "shell survives");
    const cols = o.m.kernel.state.ttys[1]!.ld.cols;
    expect(cols).toBeGreaterThan(0);
    const flood: Client[] = [];
    for (let i = 0; i < 300; i++) {
      const c = client(o);
      flood.push(c);
      if (i % 2 === 0) c.socket.destroy(); // opens and closes at once
    }
    await until(o.m, o.net, () => flood.every((c) => c.closed || c.text().length > 0), "flood settles", 15000);
    for (const c of flood) c.socket.destroy();
    await until(o.m, o.net, () => o.m.kernel.state.netLines.length === 1, "only the first line stays", 15000);
    a.send("echo alive\n");
    await until(o.m, o.net, () => a.text().includes("alive\r\n"), "still alive");
    expect(o.m.kernel.state.netLines.length).toBe(1);
  });
});
