// Regenerates expected/<name>.stdout and expected/<name>.status for every case in
// cases.json by running the built ELF under qemu-riscv32 (the reference RISC-V
// implementation). argv[0] is "bin/<name>", the environment is empty, stdin is
// the case's input file or /dev/null. Run from user/tests: `make expected`.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, openSync, closeSync } from "node:fs";

const cases = JSON.parse(readFileSync("cases.json", "utf8"));
for (const c of cases) {
  const stdin = openSync(c.stdin ?? "/dev/null", "r");
  const r = spawnSync("qemu-riscv32", [`bin/${c.name}`, ...c.args], { stdio: [stdin, "pipe", "pipe"], env: {} });
  closeSync(stdin);
  if (r.error) throw r.error;
  // A guest killed by a signal makes qemu kill itself with it: report it the shell's way.
  const signals = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGSEGV: 11 };
  const status = r.signal ? 128 + (signals[r.signal] ?? 0) : r.status;
  writeFileSync(`expected/${c.name}.stdout`, r.stdout);
  writeFileSync(`expected/${c.name}.status`, `${status}\n`);
  console.log(`${c.name}: status ${status}, ${r.stdout.length} bytes`);
}
