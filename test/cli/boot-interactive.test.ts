// Interactive `cryobox boot` through a real pseudo-terminal (python3's pty
// module drives `node bin/cryobox.js boot`): prompt, typed commands echoed by
// the guest, Ctrl-E into the operator console, `continue` back, `halt`, and
// the host terminal's modes restored afterwards. Needs python3 and a built
// dist/ (npm install builds it); skips with a visible warning otherwise.
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
if (skip) console.warn(`boot-interactive: skipped (${!python ? "no python3" : "dist/ missing or older than cli/ — run npm run build"})`);

// Prints one JSON object: what each step saw, the exit status, and the tty modes before and after.
const DRIVER = String.raw`
import os, pty, sys, time, select, json, termios
root = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--ttys", "2"])
before = termios.tcgetattr(fd)
out = b""
${PY_PUMP}
mark = 0
def wait_for(s, sec=8):
    # look only at what arrived since the previous match
    global mark
    end = time.time() + sec
    while time.time() < end and out.find(s.encode(), mark) < 0: pump(0.1)
    at = out.find(s.encode(), mark)
    if at >= 0: mark = at + len(s)
    return at >= 0
seen = {}
seen["prompt"] = wait_for("$ ")
os.write(fd, b"echo hi there\r")
seen["echo"] = wait_for("\nhi there")  # the host pty may add a CR (libuv raw mode keeps ONLCR)
os.write(fd, b"\x05")
seen["console"] = wait_for("cryobox> ")
raw_in_console = not (termios.tcgetattr(fd)[3] & termios.ICANON)
os.write(fd, b"ps\n")
seen["ps"] = wait_for("-sh")
os.write(fd, b"continue\n")
pump(0.3)
os.write(fd, b"echo back again\r")
seen["back"] = wait_for("\nback again")
os.write(fd, b"\x05halt\n")  # typed in one go: what follows Ctrl-E goes to the console
seen["halted"] = wait_for("machine halted")
after = termios.tcgetattr(fd)
status = None
for _ in range(100):  # up to 10 s for the exit; then make sure no emulator is left behind
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1
        break
    time.sleep(0.1)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps({"seen": seen, "status": status, "rawInConsole": raw_in_console,
                  "restored": before == after, "out": out.decode("utf-8", "replace")}))
`;

// SIGTERM while the guest runs: the host terminal's modes come back and the status is 128+15.
const SIGTERM_DRIVER = String.raw`
import os, pty, sys, time, select, json, termios, signal
root = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--ttys", "1"])
before = termios.tcgetattr(fd)
out = b""
end = time.time() + 15
while time.time() < end and b"$ " not in out:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try: out += os.read(fd, 4096)
        except OSError: break
raw_while_running = not (termios.tcgetattr(fd)[3] & termios.ICANON)
os.kill(pid, signal.SIGTERM)
status = None
for _ in range(100):
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1
        break
    time.sleep(0.1)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps({"prompt": b"$ " in out, "rawWhileRunning": raw_while_running, "status": status,
                  "restored": termios.tcgetattr(fd) == before}))
`;

describe.skipIf(skip)("cryobox boot, interactive through a pty", () => {
  it("types to tty0, enters and leaves the console with Ctrl-E / continue, halts with the terminal restored", () => {
    // A clean environment: the test runner's variables (NODE_OPTIONS, VITEST_*) must not reach the child node.
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", TERM: "xterm" };
    const r = spawnSync("python3", ["-c", DRIVER, root], { encoding: "utf8", timeout: 110_000, env });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { seen: Record<string, boolean>; status: number; rawInConsole: boolean; restored: boolean; out: string };
    expect(res.seen, res.out).toEqual({ prompt: true, echo: true, console: true, ps: true, back: true, halted: true });
    expect(res.out.split("\n")[0]).toContain("cryobox: booted; Ctrl-E: operator console"); // the first line says how to reach the console
    expect(res.rawInConsole).toBe(true); // the console is a line editor (history, completion): the host terminal stays raw
    expect(res.restored).toBe(true);
    expect(res.status).toBe(0);
  });

  it("restores the host terminal when the cryobox process gets SIGTERM", () => {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", TERM: "xterm" };
    const r = spawnSync("python3", ["-c", SIGTERM_DRIVER, root], { encoding: "utf8", timeout: 60_000, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ prompt: true, rawWhileRunning: true, status: 143, restored: true });
  });
});
