// The interactive box as a person at a real terminal meets it (python3's pty
// drives `node bin/cryobox.js boot`): the host window's size is tty0's, the
// guest's clock shows the real date, Ctrl-C at `cryobox>` does not kill the
// emulator, history recalls a command, a long `run` stops on Ctrl-C, `crash`
// leaves the console waiting, quit asks before the machine is lost, and the
// host terminal comes back as it was. Needs python3 and a fresh dist/.
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
if (skip) console.warn(`console-pty: skipped (${!python ? "no python3" : "dist/ missing or older than cli/ — run npm run build"})`);

const DRIVER = String.raw`
import os, pty, sys, time, select, json, termios, fcntl, struct, re
root = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--ttys", "1"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
before = termios.tcgetattr(fd)
out = b""
${PY_PUMP}
mark = 0
def wait_for(s, sec=25):
    global mark
    end = time.time() + sec
    while time.time() < end and out.find(s.encode(), mark) < 0: pump(0.1)
    at = out.find(s.encode(), mark)
    if at >= 0: mark = at + len(s)
    return at >= 0
seen = {}
seen["prompt"] = wait_for("$ ")
os.write(fd, b"stty -a\r")
seen["size"] = wait_for("rows 40; columns 120;")
os.write(fd, b"date +%s\r")
wait_for("date +%s")
wait_for("$ ")
import re
m = re.search(rb"(\d{9,})", out[:mark][-200:])
seen["date"] = bool(m) and abs(int(m.group(1)) - time.time()) < 120  # the real date, not 2026-01-01
os.write(fd, b"\x05")
seen["console"] = wait_for("cryobox> ")
os.write(fd, b"\x03")
seen["ctrlc"] = wait_for("cryobox> ")
os.write(fd, b"PS\r")
seen["ps"] = wait_for("-sh")
wait_for("cryobox> ")
os.write(fd, b"\x1b[A\r")  # up arrow: the last command again
seen["history"] = wait_for("-sh")
wait_for("cryobox> ")
os.write(fd, b"run 1000G\r")
pump(0.5)
os.write(fd, b"\x03")
seen["interrupted"] = wait_for("interrupted after")
wait_for("cryobox> ")
os.write(fd, b"crash\r")
seen["crashed"] = wait_for("machine crashed")
seen["still"] = wait_for("cryobox> ")
os.write(fd, b"continue\r")
seen["stopped"] = wait_for("the machine is stopped")
wait_for("cryobox> ")
os.write(fd, b"quit\r")
status = None
for _ in range(100):
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1
        break
    pump(0.1)
    time.sleep(0.05)  # pump returns at once once the pty is closed (EIO): still give the exit time to be reaped
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps({"seen": seen, "status": status, "restored": termios.tcgetattr(fd) == before, "out": out.decode("utf-8", "replace")[-2000:]}))
`;

// quit with a machine that ran since its last checkpoint asks; "n" keeps it, Ctrl-D asks again, "y" leaves.
const QUIT_DRIVER = String.raw`
import os, pty, sys, time, select, json, termios
root = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--ttys", "1", "--no-pace"])
out = b""
mark = 0
def wait_for(s, sec=25):
    global out, mark
    end = time.time() + sec
    while time.time() < end and out.find(s.encode(), mark) < 0:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: break
    at = out.find(s.encode(), mark)
    if at >= 0: mark = at + len(s)
    return at >= 0
seen = {}
seen["prompt"] = wait_for("$ ")
os.write(fd, b"\x05quit\r")
seen["asked"] = wait_for("Quit anyway? [y/N]")
os.write(fd, b"n\r")
seen["kept"] = wait_for("cryobox> ")
os.write(fd, b"\x04")
seen["askedAgain"] = wait_for("Quit anyway? [y/N]")
os.write(fd, b"y\r")
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
print(json.dumps({"seen": seen, "status": status, "out": out.decode("utf-8", "replace")[-1000:]}))
`;

// boot --restore at a terminal: a banner naming the snapshot, then the guest as it was.
const RESTORE_DRIVER = String.raw`
import os, pty, sys, time, select, json, subprocess, tempfile
root = sys.argv[1]
d = tempfile.mkdtemp()
script = os.path.join(d, "s.txt")
open(script, "w").write('expect tty0 "$ "\nsend tty0 "echo before\\n"\nexpect tty0 "before"\ncheckpoint-system ' + os.path.join(d, "b.ckpt") + "\n")
subprocess.run(["node", "bin/cryobox.js", "boot", "--script", script], cwd=root, check=True, capture_output=True)
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvp("node", ["node", "bin/cryobox.js", "boot", "--restore", os.path.join(d, "b.ckpt")])
out = b""
mark = 0
def wait_for(s, sec=25):
    global out, mark
    end = time.time() + sec
    while time.time() < end and out.find(s.encode(), mark) < 0:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: break
    at = out.find(s.encode(), mark)
    if at >= 0: mark = at + len(s)
    return at >= 0
seen = {}
seen["banner"] = wait_for("restarted from")
os.write(fd, b"echo after\r")
seen["guest"] = wait_for("\nafter")
os.write(fd, b"\x05halt\r")
seen["halted"] = wait_for("machine halted")
os.waitpid(pid, 0)
print(json.dumps({"seen": seen, "out": out.decode("utf-8", "replace")[-1000:]}))
`;

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", TERM: "xterm" };

describe.skipIf(skip)("the interactive console at a real terminal", () => {
  it("window size, real date, Ctrl-C, history, an interrupted run, crash then quit; the terminal restored", () => {
    const r = spawnSync("python3", ["-c", DRIVER, root], { encoding: "utf8", timeout: 150_000, env });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { seen: Record<string, boolean>; status: number; restored: boolean; out: string };
    expect(res.seen, res.out).toEqual({
      prompt: true, size: true, date: true, console: true, ctrlc: true, ps: true, history: true,
      interrupted: true, crashed: true, still: true, stopped: true,
    });
    expect(res.status, res.out).toBe(0); // quit with no machine left does not ask
    expect(res.restored).toBe(true);
  });

  it("quit and Ctrl-D ask before a machine that ran since its last checkpoint is lost", () => {
    const r = spawnSync("python3", ["-c", QUIT_DRIVER, root], { encoding: "utf8", timeout: 150_000, env });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { seen: Record<string, boolean>; status: number; out: string };
    expect(res.seen, res.out).toEqual({ prompt: true, asked: true, kept: true, askedAgain: true });
    expect(res.status).toBe(0);
  });

  it("boot --restore prints a banner naming the snapshot, and the guest carries on", () => {
    const r = spawnSync("python3", ["-c", RESTORE_DRIVER, root], { encoding: "utf8", timeout: 150_000, env });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { seen: Record<string, boolean>; out: string };
    expect(res.seen, res.out).toEqual({ banner: true, guest: true, halted: true });
  });
});
