// Shared fixtures of the machine tests: a tiny image whose init is the
// committed guest test program `cat` (fds 0/1/2 on the console, tty0), so the
// Machine and console tests need the kernel but not the userland.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/machine.js";
import { packageRoot } from "../../state/root.js";

export const catImage = [{ path: "/bin/init", mode: 0o755, data: new Uint8Array(readFileSync(join(packageRoot(), "user/tests/bin/cat"))) }];

/** A machine whose init copies tty0 input to tty0 output; two terminals. */
export function catMachine(): Machine {
  return Machine.boot({ image: catImage, ttys: 2 });
}
