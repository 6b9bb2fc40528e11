// Real host clients on the terminal lines (boot --listen): the host's own
// `telnet` (netkit: it negotiates WILL ECHO / SGA / NAWS with the server) and
// `nc` (netcat-openbsd: raw bytes), as separate processes typing into guest
// shells; closing a client hangs its line up. Skipped with a warning where
// the tools are not installed (.ci/run installs them when it can).

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { HostNet } from "../../machine/host-net.js";

const has = (tool: string): boolean => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const haveNc = has("nc");
const haveTelnet = has("telnet");
if (!haveNc) console.warn("test/net/real-clients: nc not installed (apt-get install netcat-openbsd) — real nc tests skipped");
if (!haveTelnet) console.warn("test/net/real-clients: telnet not installed (apt-get install telnet) — real telnet test skipped");

const children: ChildProcessWithoutNullStreams[] = [];
const nets: HostNet[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const n of nets.splice(0)) await n.close();
});

/** A host client process; its stdout collected. */
function client(cmd: string, args: string[]): { proc: ChildProcessWithoutNullStreams; out: () => string } {
  const proc = spawn(cmd, args, { stdio: "pipe" });
  children.push(proc);
  let text = "";
  proc.stdout.on("data", (b: Buffer) => (text += b.toString("latin1")));
  proc.stderr.on("data", (b: Buffer) => (text += b.toString("latin1")));
  return { proc, out: () => text };
}

async function box(): Promise<{ m: Machine; net: HostNet; until: (cond: () => boolean, what: string) => Promise<void> }> {
  const m = Machine.boot({ ttys: 3 });
  const net = new HostNet(m, { listen: { host: "127.0.0.1", port: 0 } });
  await net.start();
  nets.push(net);
  m.run(50_000_000);
  const until = async (cond: () => boolean, what: string): Promise<void> => {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > 15_000) throw new Error(`timed out waiting for ${what}`);
      net.pump();
      m.run(2_000_000);
      net.pump();
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return { m, net, until };
}

describe.skipIf(!haveNc)("real nc clients", () => {
  it("two nc clients get two lines, each types into its own shell; closing one hangs its line up", async () => {
    const { m, net, until } = await box();
    const a = client("nc", ["127.0.0.1", String(net.listenPort)]);
    await until(() => a.out().includes("cryobox: tty1"), "the first line");
    const b = client("nc", ["127.0.0.1", String(net.listenPort)]);
    await until(() => b.out().includes("cryobox: tty2"), "the second line");
    a.proc.stdin.write("echo from-a-$((6*7))\n");
    b.proc.stdin.write("echo from-b-$((6*8))\n");
    await until(() => a.out().includes("from-a-42\r\n") && b.out().includes("from-b-48\r\n"), "both echoes");
    expect(a.out()).not.toContain("from-b-48");
    expect(b.out()).not.toContain("from-a-42");
    expect(m.kernel.state.netLines.map((l) => l.tty)).toEqual([1, 2]);
    a.proc.kill("SIGTERM");
    await until(() => m.kernel.state.netLines.every((l) => l.tty !== 1), "tty1 hung up");
    expect(m.kernel.state.netLines.map((l) => l.tty)).toEqual([2]);
  }, 40_000);
});

describe.skipIf(!haveTelnet)("a real telnet client", () => {
  it("negotiates character mode and types into a guest shell", async () => {
    const { m, net, until } = await box();
    const t = client("telnet", ["127.0.0.1", String(net.listenPort)]);
    await until(() => t.out().includes("cryobox: tty1"), "the line");
    t.proc.stdin.write("echo tel''net-$((2+3))\n");
    await until(() => t.out().includes("telnet-5"), "the echo over telnet");
    expect(m.tty(1).output()).toContain("telnet-5"); // the guest's terminal shows it too
    expect(t.out()).not.toMatch(/\xff[\xfb-\xfe]/); // telnet swallowed the negotiation: no raw IAC in what it shows
  }, 40_000);
});
