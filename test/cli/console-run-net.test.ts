// A long console `run` typed at the interactive console serves the network
// between its slices, as the guest's own slices do: a telnet/nc client that
// connects to a `--listen` line while `run 50000000000` is going gets its
// shell, and what it types is answered (#11 left this gap: the console's run
// loop did not pump the host network, so a client waited for the run to end).
// A real pseudo-terminal (python3's pty) drives `node bin/cryobox.js boot`, and
// a plain TCP socket is the client. Needs python3 and a built dist/; skips with
// a visible warning otherwise.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { PY_PUMP } from "./pty-python.js";

const root = packageRoot();
const built = join(root, "dist/cli/console-interactive.js");
const python = spawnSync("python3", ["--version"]).status === 0;
const fresh = existsSync(built) && statSync(built).mtimeMs >= statSync(join(root, "cli/console-interactive.ts")).mtimeMs;
const skip = !python || !fresh;
if (skip) console.warn(`console-run-net: skipped (${!python ? "no python3" : "dist/ missing or older than cli/ — run npm run build"})`);

// Prints one JSON object: what each step saw and the client's bytes.
const DRIVER = String.raw`
import os, pty, sys, time, select, json, socket, re
root = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--ttys", "3", "--listen", "127.0.0.1:0"])
out = b""
${PY_PUMP}
def wait_for(pattern, sec=10):
    end = time.time() + sec
    while time.time() < end:
        m = re.search(pattern, out)
        if m: return m
        pump(0.1)
    return re.search(pattern, out)
seen = {}
port = wait_for(rb"terminal lines on 127\.0\.0\.1:([0-9]+)")
seen["port"] = port is not None
seen["prompt"] = wait_for(rb"\$ ") is not None
os.write(fd, b"while true; do :; done &\r")  # keep the guest busy: the console's run goes slice by slice
pump(0.5)
os.write(fd, b"\x05")
seen["console"] = wait_for(rb"cryobox> ") is not None
mark = len(out)
os.write(fd, b"run 50000000000\n")
pump(0.5)
client = b""
if port:
    s = socket.create_connection(("127.0.0.1", int(port.group(1))), timeout=5)
    s.setblocking(False)
    def read_client(sec, want):
        global client
        end = time.time() + sec
        while time.time() < end and want not in client:
            pump(0.05)  # keep the pty drained so the emulator never blocks on its own output
            try:
                d = s.recv(4096)
                if not d: break
                client += d
            except BlockingIOError:
                pass
    read_client(10, b"$ ")
    s.sendall(b"echo via tcp $((6*7))\r\n")
    read_client(10, b"via tcp 42")
    s.close()
seen["stillRunning"] = b"cryobox> " not in out[mark:]  # the console's run had not ended meanwhile
os.write(fd, b"\x03")  # Ctrl-C stops the run
pump(1.0)
os.write(fd, b"halt\n")
wait_for(rb"machine halted", 10)
for _ in range(100):
    done, st = os.waitpid(pid, os.WNOHANG)
    if done: break
    time.sleep(0.1)
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps({"seen": seen, "client": client.decode("utf-8", "replace")}))
`;

describe.skipIf(skip)("a console run serves the network", () => {
  it("a client connecting during `run 50000000000` gets its line's shell, and its command is answered", () => {
    const r = spawnSync("python3", ["-c", DRIVER, root], { encoding: "utf8", timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { seen: Record<string, boolean>; client: string };
    expect(got.seen).toEqual({ port: true, prompt: true, console: true, stillRunning: true });
    expect(got.client).toContain("cryobox: tty1");
    expect(got.client).toContain("via tcp 42"); // the guest shell on tty1 ran the client's command during the run
  }, 100_000);
});
