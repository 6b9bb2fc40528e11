// Network input is recorded input (machine/net-input.ts): a session where real
// TCP clients type into a terminal line (with a window size) and talk to a
// guest chat server through a forwarded port, run under a timeline, goes back
// and forth exactly — every earlier time gives the digest the machine had
// then, and going forward again replays the clients' bytes, the host taking
// the guest's replies, the connections' ends, to the same final machine.

import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { HostNet } from "../../machine/host-net.js";
import { Timeline } from "../../machine/timeline.js";
import { Client, naws } from "./wire.js";

const nets: HostNet[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  for (const n of nets.splice(0)) await n.close();
});

describe("recorded network input", () => {
  it("a session with a telnet line and a forwarded client replays exactly under the timeline", async () => {
    const t = new Timeline(Machine.boot({ ttys: 3 }), { every: 20_000_000 });
    const net = new HostNet(t.machine, { listen: { host: "127.0.0.1", port: 0 }, forwards: [{ hostPort: 0, guestPort: 7777 }] });
    await net.start();
    nets.push(net);
    const seen: { time: number; digest: string }[] = [];
    const step = async (cond: () => boolean, what: string): Promise<void> => {
      const t0 = Date.now();
      while (!cond()) {
        if (Date.now() - t0 > 10_000) throw new Error(`timed out waiting for ${what}`);
        net.pump();
        t.run(2_000_000);
        seen.push({ time: t.now(), digest: t.machine.digest() }); // before the input that enters at this time
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    await step(() => t.now() >= 40_000_000, "boot");
    t.send(2, "chatd 7777\n");
    await step(() => t.machine.tty(2).output().includes("chatd: listening"), "chatd");

    // A telnet-style client on a line: window size, then a command.
    const line = new Client(net.listenPort);
    clients.push(line);
    await step(() => line.text().includes("cryobox: tty1"), "the line");
    line.send(naws(100, 30));
    line.send("stty size\r\n");
    await step(() => line.text().includes("30 100"), "stty size over the line");

    // A host client of the chat server through the forward.
    const h = new Client(net.forwardPorts[0]!);
    clients.push(h);
    await step(() => h.text().includes("you are 1"), "chat client");
    h.send("hello from the host\n");
    line.send("echo done\r\n");
    await step(() => line.text().includes("\r\ndone"), "echo over the line");
    h.socket.end();
    await step(() => t.machine.tty(2).output().includes("left") || seen.length > 400, "the client's end");
    const later = t.now() + 6_000_000;
    await step(() => t.now() >= later, "a little more");

    const kinds = new Set(t.recordedInputs().filter((x) => x.kind === "net").map((x) => (x.kind === "net" ? x.event.kind : "")));
    for (const k of ["ports", "attach", "resize", "incoming", "deliver", "take", "closed"]) expect(kinds, k).toContain(k);

    const end = seen[seen.length - 1]!;
    // Back to a few earlier times (each the machine as it was), then forward to the end: the same machine.
    for (const i of [0, Math.floor(seen.length / 3), Math.floor((2 * seen.length) / 3), seen.length - 2]) {
      const at = seen[i]!;
      t.goto(at.time);
      expect(t.machine.digest(), `at tick ${at.time}`).toBe(at.digest);
    }
    t.goto(end.time);
    expect(t.machine.digest()).toBe(end.digest);
    expect(t.machine.tty(1).output()).toContain("30 100"); // the replayed NAWS reached the line again
  }, 30_000);

  it("a machine switch drops the host connections it carried, as recorded events, only when it runs on live", async () => {
    const m = Machine.boot({ ttys: 2 });
    const net = new HostNet(m, { listen: { host: "127.0.0.1", port: 0 } });
    await net.start();
    nets.push(net);
    const c = new Client(net.listenPort);
    clients.push(c);
    for (let i = 0; i < 2000 && !c.text().includes("cryobox: tty1"); i++) {
      net.pump();
      m.run(1_000_000);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(m.kernel.state.netLines.map((l) => l.tty)).toEqual([1]);
    const past = Machine.restore(m.checkpoint(), { lines: "keep" });
    expect(past.kernel.state.netLines.map((l) => l.tty)).toEqual([1]); // keep: nothing dropped by the restore itself
    const events: string[] = [];
    const { setNetHook } = await import("../../machine/net-input.js");
    setNetHook(past, (e) => events.push(e.kind));
    net.setMachine(past);
    expect(events).toEqual([]); // nothing yet: looking at the past records nothing
    net.pump();
    expect(events).toEqual(["detach"]);
    expect(past.kernel.state.netLines).toEqual([]);
  });
});
