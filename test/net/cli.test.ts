// `cryobox boot` with network options, in process: --listen prints the port,
// a real TCP client types into a guest shell while the interactive loop runs,
// Ctrl-E halt ends it; a script serves a forwarded port during its runs; bad
// network options are usage errors (status 2).

import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("a script serves the network during its runs: a host HTTP client reaches the guest's httpd through --forward", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-net-script-"));
    const file = join(dir, "serve.script");
    writeFileSync(file, 'send tty1 "echo served > /tmp/index.html; httpd -p 80\\n"\nexpect tty1 "httpd: serving"\nrun 100G\n');
    let out = "";
    const io: BootIO = {
      stdin: new PassThrough() as unknown as BootIO["stdin"],
      stdout: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
      stderr: { write: (c: string | Uint8Array) => (out += typeof c === "string" ? c : Buffer.from(c).toString()) },
    };
    try {
      const done = bootCommand(["--script", file, "--ttys", "2", "--forward", "0:80"], io);
      await waitFor(() => /host port \d+ → guest port 80/.test(out), "the forward");
      const port = Number(/host port (\d+) → guest port 80/.exec(out)![1]);
      const c = new Client(port);
      c.send("GET / HTTP/1.0\r\n\r\n");
      await waitFor(() => c.closed, "the reply");
      expect(c.text()).toMatch(/^HTTP\/1\.0 200/);
      expect(c.text()).toContain("\r\n\r\nserved\n");
      expect(await done).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a script's expect waits on an idle machine for a client's keys (it used to fail at once: 'machine idle')", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-net-expect-"));
    const file = join(dir, "wait.script");
    // Nothing runs until a client types: the expect finds the machine idle and waits for host input.
    writeFileSync(file, 'expect tty1 "hello from the client 42" 3000G\nprint tty1\n');
    const cap = captureIO();
    const out = (): string => cap.out() + cap.err();
    try {
      const done = bootCommand(["--script", file, "--ttys", "2", "--listen", "127.0.0.1:0"], cap.io);
      await waitFor(() => /terminal lines on 127\.0\.0\.1:\d+/.test(out()), "the port");
      const port = Number(/terminal lines on 127\.0\.0\.1:(\d+)/.exec(out())![1]);
      await new Promise((r) => setTimeout(r, 300)); // the script is waiting on an idle machine by now
      const c = new Client(port);
      await waitFor(() => c.text().includes("cryobox: tty1"), "attach");
      c.send("echo hello from the client $((6*7))\n");
      expect(await done).toBe(0);
      expect(out()).not.toContain("machine idle");
      expect(out()).toContain("hello from the client 42"); // print tty1: the shell's answer
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a script's expect on an idle machine still ends at its bound in ticks, virtual time following the host's clock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-net-expect-"));
    const file = join(dir, "bound.script");
    writeFileSync(file, 'expect tty1 "never typed" 20M\n'); // 0.2 virtual seconds ≈ 0.2 s of waiting
    const cap = captureIO();
    try {
      const t0 = Date.now();
      expect(await bootCommand(["--script", file, "--ttys", "2", "--listen", "127.0.0.1:0"], cap.io)).toBe(1);
      expect(cap.err()).toMatch(/expect tty1 "never typed": not seen within 2\d{7} ticks/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150); // it waited (for input), it did not fail at once
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("bad network options are usage errors", async () => {
    for (const args of [["--forward", "80"], ["--net", "70000"], ["--listen", "x:y"], ["--lines", "maybe"]]) {
      const cap = captureIO();
      expect(await bootCommand(args, cap.io)).toBe(2);
      expect(cap.err()).toMatch(/^cryobox boot: --(forward|net|listen|lines) wants/);
    }
  });
});
