// Helpers for the userland tests: run a user/bin program in-process under `cryobox run`
// (always available), or under qemu-riscv32 (only where it is installed), and tool detection.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferIO } from "../../cli/run-buffers.js";
import { runWithHost } from "../../cli/run.js";
import { packageRoot } from "../../state/root.js";

export const USER = join(packageRoot(), "user");
export const BIN = join(USER, "bin");

/** Is `tool` on the host PATH? */
export function has(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

export interface Ran {
  stdout: string;
  stderr: string;
  status: number;
}

/** Run user/bin/NAME with ARGS and STDIN in-process (`cryobox run`, single process, host stdio). */
export function runGuest(name: string, args: string[], stdin = "", max = 200_000_000): Ran {
  const buf = bufferIO(new TextEncoder().encode(stdin));
  let messages = "";
  const status = runWithHost(["--max-instructions", String(max), "--argv0", name, join(BIN, name), ...args], {
    io: buf.io,
    stdout: () => {},
    stderr: (t) => (messages += t),
    readFile: (p) => new Uint8Array(readFileSync(p)),
    clock: () => 0,
  });
  const dec = new TextDecoder();
  return { stdout: dec.decode(buf.stdout()), stderr: dec.decode(buf.stderr()) + messages, status };
}

/**
 * A scratch directory plus a directory of wrapper scripts (`rvbin/NAME` runs user/bin/NAME
 * under qemu-riscv32), so that the guest shell's execve of `NAME` finds our programs.
 */
export function qemuSandbox(): { dir: string; rvbin: string } {
  const dir = mkdtempSync(join(tmpdir(), "cryobox-user-"));
  const rvbin = join(dir, ".rvbin");
  mkdirSync(rvbin);
  for (const n of readdirSync(BIN)) {
    const p = join(rvbin, n);
    writeFileSync(p, `#!/bin/sh\nexec qemu-riscv32 ${join(BIN, n)} "$@"\n`);
    chmodSync(p, 0o755);
  }
  return { dir, rvbin };
}

/** Run user/bin/NAME under qemu-riscv32 in `cwd`, PATH = the wrapper directory first. */
export function runQemu(name: string, args: string[], opts: { stdin?: string; cwd?: string; rvbin?: string } = {}): Ran {
  const env: Record<string, string> = { PATH: `${opts.rvbin ?? "/nonexistent"}:/usr/bin:/bin`, HOME: "/" };
  const r = spawnSync("qemu-riscv32", [join(BIN, name), ...args], {
    input: opts.stdin ?? "",
    cwd: opts.cwd,
    env,
    timeout: 60_000,
  });
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status ?? 128 };
}
