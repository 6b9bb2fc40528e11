// Interactive live migration as a user does it, through two real
// pseudo-terminals (python3's pty module drives two `node bin/cryobox.js
// boot` processes): `boot --incoming PORT` waits in one; in the other the user
// types into the shell, presses Ctrl-E and types `migrate 127.0.0.1:PORT`. The
// source says where the machine went and exits 0 with its terminal restored;
// the target shows that the machine runs there, repaints the shell's screen
// (the transcript travelled with it), and the same shell — its variables and
// its working directory — answers the next command. Needs python3 and a built
// dist/; skips with a visible warning otherwise.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const built = join(root, "dist/cli/migrate.js");
const python = spawnSync("python3", ["--version"]).status === 0;
const fresh =
  existsSync(built) &&
  ["cli/migrate.ts", "cli/boot.ts", "machine/host-migrate-receive.ts", "machine/migrate-send.ts"].every((f) => statSync(built.replace("cli/migrate.js", f.replace(/\.ts$/, ".js"))).mtimeMs >= statSync(join(root, f)).mtimeMs);
const skip = !python || !fresh;
if (skip) console.warn(`migrate-interactive: skipped (${!python ? "no python3" : "dist/ missing or older than the migration sources — run npm run build"})`);

const DRIVER = String.raw`
import os, pty, sys, time, select, json, termios
root, port = sys.argv[1], sys.argv[2]
class Term:
    def __init__(self, args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(root)
            os.execvp("node", ["node", "bin/cryobox.js", "boot"] + args)
        self.out = b""
        self.mark = 0
        self.modes = termios.tcgetattr(self.fd)
    def pump(self, sec):
        end = time.time() + sec
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try: d = os.read(self.fd, 4096)
                except OSError: return
                if not d: return
                self.out += d
    def wait_for(self, s, sec=20):
        end = time.time() + sec
        while time.time() < end and self.out.find(s.encode(), self.mark) < 0: self.pump(0.1)
        at = self.out.find(s.encode(), self.mark)
        if at >= 0: self.mark = at + len(s)
        return at >= 0
    def status(self, sec=15):
        for _ in range(int(sec * 10)):
            done, st = os.waitpid(self.pid, os.WNOHANG)
            if done: return os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1
            self.pump(0.1)
            time.sleep(0.05)  # pump returns at once when the pty is gone
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None
seen = {}
tgt = Term(["--incoming", "127.0.0.1:" + port, "--ttys", "1"])
seen["listening"] = tgt.wait_for("waiting for a machine")
src = Term(["--ttys", "1"])
seen["prompt"] = src.wait_for("$ ")
os.write(src.fd, b"X=forty-two; cd /tmp; echo typed-before-the-move\r")
seen["typed"] = src.wait_for("\ntyped-before-the-move")
os.write(src.fd, b"\x05")
seen["console"] = src.wait_for("cryobox> ")
os.write(src.fd, ("migrate 127.0.0.1:" + port + "\n").encode())
seen["migrated"] = src.wait_for("machine migrated to 127.0.0.1:" + port)
src.pump(0.5)
try: src_restored = termios.tcgetattr(src.fd) == src.modes
except termios.error: src_restored = None
src_status = src.status()
seen["arrived"] = tgt.wait_for("runs here now")
seen["screen"] = tgt.wait_for("typed-before-the-move")
seen["prompt_there"] = tgt.wait_for("$ ")
os.write(tgt.fd, b"echo X is $X; pwd\r")
seen["same_shell"] = tgt.wait_for("X is forty-two") and tgt.wait_for("/tmp")
os.write(tgt.fd, b"\x05halt\n")
seen["halted"] = tgt.wait_for("machine halted")
print(json.dumps({"seen": seen, "srcStatus": src_status, "srcRestored": src_restored, "tgtStatus": tgt.status(),
                  "src": src.out.decode("utf-8", "replace"), "tgt": tgt.out.decode("utf-8", "replace")}))
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(skip)("live migration, interactive through two ptys", () => {
  it("Ctrl-E migrate HOST:PORT moves the shell and its screen; the source exits", async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", TERM: "xterm" };
    const r = spawnSync("python3", ["-c", DRIVER, root, String(port)], { encoding: "utf8", timeout: 150_000, env });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { seen: Record<string, boolean>; srcStatus: number; srcRestored: boolean; tgtStatus: number; src: string; tgt: string };
    expect(res.seen, `source:\n${res.src}\ntarget:\n${res.tgt}`).toEqual({
      listening: true,
      prompt: true,
      typed: true,
      console: true,
      migrated: true,
      arrived: true,
      screen: true,
      prompt_there: true,
      same_shell: true,
      halted: true,
    });
    expect(res.src).toMatch(/downtime \d+\.\d\d ms/);
    expect(res.srcStatus).toBe(0);
    expect(res.srcRestored).toBe(true); // the source's host terminal got its modes back
    expect(res.tgt).toMatch(/machine arrived from 127\.0\.0\.1:\d+ \(\d+ pages received, \d+\.\d ms after it stopped there\)/);
    expect(res.tgtStatus).toBe(0);
  }, 160_000);
});
