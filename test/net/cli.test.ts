// `cryobox boot` with network options, in process: --listen prints the port,
// a real TCP client types into a guest shell while the interactive loop runs,
// Ctrl-E halt ends it; bad network options are usage errors (status 2).

import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { bootCommand } from "../../cli/boot.js";
import type { BootIO } from "../../cli/console-interactive.js";
import { captureIO } from "../cli/boot-capture.js";
import { Client } from "./wire.js";

async function waitFor(cond: () => boolean, what: string, ms = 15000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("cryobox boot --listen", () => {
  it("serves terminal lines while the box runs; halt closes everything", async () => {
    const stdin = new PassThrough();
    let out = "";
    const io: BootIO = {
      stdin: stdin as unknown as BootIO["stdin"],
      stdout: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
      stderr: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
    };
    const done = bootCommand(["--listen", "127.0.0.1:0", "--net", "9", "--forward", "0:80"], io);
    await waitFor(() => /terminal lines on 127\.0\.0\.1:\d+/.test(out), "the port");
    expect(out).toMatch(/host port \d+ → guest port 80/);
    const port = Number(/terminal lines on 127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const c = new Client(port);
    await waitFor(() => c.text().includes("cryobox: tty1"), "attach");
    c.send('echo ne""twork\n');
    await waitFor(() => c.text().includes("network\r\n"), "echo over TCP");
    stdin.write("\x05halt\n");
    expect(await done).toBe(0);
    await waitFor(() => c.closed, "the client closed");
  });

  it("bad network options are usage errors", async () => {
    for (const args of [["--forward", "80"], ["--net", "70000"], ["--listen", "x:y"], ["--lines", "maybe"]]) {
      const cap = captureIO();
      expect(await bootCommand(args, cap.io)).toBe(2);
      expect(cap.err()).toMatch(/^cryobox boot: --(forward|net|listen|lines) wants/);
    }
  });
});
