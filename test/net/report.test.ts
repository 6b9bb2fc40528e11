// What the operator sees of the network: `show ttys` lists who is attached
// over TCP, checkpoint-system prints each line's token, inspect lists lines,
// sockets and the outside connections a restart will drop.

import { afterEach, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { HostNet } from "../../machine/host-net.js";
import { Console } from "../../machine/console.js";
import { parseLine } from "../../machine/console-parse.js";
import { readSnapshot } from "../../snapshot/index.js";
import { inspectText } from "../../cli/inspect.js";
import type { ConsoleHost } from "../../machine/console.js";
import { Client, until } from "./wire.js";

const open: { net: HostNet; c: Client[] }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.c.forEach((c) => c.socket.destroy());
    await o.net.close();
  }
});

it("show ttys, the checkpoint report and inspect name lines, tokens and connections to be dropped", async () => {
  const m = Machine.boot({ ttys: 3 });
  const net = new HostNet(m, { listen: { host: "127.0.0.1", port: 0 }, forwards: [{ hostPort: 0, guestPort: 7777 }] });
  await net.start();
  const o = { net, c: [] as Client[] };
  open.push(o);
  m.run(50_000_000);
  m.tty(2).send("chatd\n");
  await until(m, net, () => m.tty(2).output().includes("listening"), "chatd");
  const line = new Client(net.listenPort);
  const host = new Client(net.forwardPorts[0]!);
  o.c.push(line, host);
  await until(m, net, () => line.text().includes("cryobox: tty1") && host.text().includes("welcome"), "both");
  let saved: Uint8Array = new Uint8Array(0);
  const hostIO: ConsoleHost = { writeFileAtomic: (_p: string, b: Uint8Array) => void (saved = b), readFile: () => saved };
  const con = new Console(m, hostIO);
  const token = m.kernel.state.netLines[0]!.token;
  const show = con.execute(parseLine("show ttys")!);
  expect(show.kind === "ok" && show.text).toMatch(new RegExp(`tty1: attached to 127\\.0\\.0\\.1:\\d+ \\(token ${token}\\)`));
  const ck = con.execute(parseLine("checkpoint-system /tmp/x.ckpt")!);
  expect(ck.kind === "ok" && ck.text).toContain(`token ${token}`);
  const text = inspectText("x.ckpt", saved.length, readSnapshot(saved)).join("\n");
  expect(text).toMatch(/forward: host port \d+ → guest port 7777/);
  expect(text).toMatch(/listening on port 7777/);
  expect(text).toMatch(/connected from host port \d+ to guest port 7777 — outside: dropped at restart/);
  expect(text).toContain(`(token ${token})`);
  const r = con.execute(parseLine("restart-system /tmp/x.ckpt")!);
  expect(r.kind === "ok" && r.text).toMatch(/connection \d+ dropped \(connected\): host port \d+ .*→ guest port 7777/);
  expect(r.kind === "ok" && r.text).toMatch(/tty1: hung up/);
});
