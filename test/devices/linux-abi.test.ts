// The Linux numbers and layouts the devices use, checked against the real
// kernel headers with clang for riscv32 (static asserts, -fsyntax-only).
// Skipped with a visible warning where clang or the headers are missing;
// the committed constants are also pinned by the unit tests.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { C, I, L, NCCS, O, TERMIOS2_SIZE, TERMIOS_SIZE, TtyIoctl, V, WINSIZE_SIZE } from "../../devices/tty/index.js";
import { GMT, MTGET_SIZE, MTIOCGET, MTIOCPOS, MTIOCTOP, MTOP_SIZE, MtOp } from "../../devices/tape/index.js";

function haveClang(): boolean {
  try {
    execFileSync("clang", ["--version"], { stdio: "ignore" });
    return existsSync("/usr/include/asm-generic/termbits.h") && existsSync("/usr/include/linux/mtio.h");
  } catch {
    return false;
  }
}
const available = haveClang();
if (!available) console.warn("linux-abi.test: clang or the Linux uapi headers are missing; the header cross-check is skipped");

function source(): string {
  const lines = [
    "#include <asm-generic/termios.h>",
    "#include <asm-generic/ioctls.h>",
    "#include <linux/mtio.h>",
    "#include <stddef.h>",
    "#define CHECK(x, v) _Static_assert((unsigned long)(x) == (unsigned long)(v##u), #x)",
    `CHECK(sizeof(struct termios), ${TERMIOS_SIZE});`,
    `CHECK(sizeof(struct termios2), ${TERMIOS2_SIZE});`,
    `CHECK(sizeof(struct winsize), ${WINSIZE_SIZE});`,
    `CHECK(offsetof(struct termios, c_line), 16);`,
    `CHECK(offsetof(struct termios, c_cc), 17);`,
    `CHECK(NCCS, ${NCCS});`,
    `CHECK(sizeof(struct mtop), ${MTOP_SIZE});`,
    `CHECK(sizeof(struct mtget), ${MTGET_SIZE});`,
    `CHECK(MTIOCTOP, ${MTIOCTOP});`,
    `CHECK(MTIOCGET, ${MTIOCGET});`,
    `CHECK(MTIOCPOS, ${MTIOCPOS});`,
  ];
  for (const group of [I, O, C, L, V, TtyIoctl, MtOp]) {
    for (const [name, value] of Object.entries(group)) lines.push(`CHECK(${name}, ${value});`);
  }
  for (const [name, value] of Object.entries(GMT)) lines.push(`CHECK(GMT_${name}(~0u), ${value});`);
  return lines.join("\n") + "\n";
}

describe("Linux ABI constants", () => {
  it.skipIf(!available)("match asm-generic/termbits.h, ioctls.h and linux/mtio.h for riscv32", () => {
    const dir = mkdtempSync(join(tmpdir(), "cryobox-abi-"));
    try {
      // The host's asm/ headers are x86's: point <asm/…> at the generic ones, as riscv does.
      mkdirSync(join(dir, "asm"));
      for (const h of ["termbits", "termios", "ioctls", "ioctl", "posix_types", "types", "bitsperlong", "termbits-common"]) {
        writeFileSync(join(dir, "asm", `${h}.h`), `#include <asm-generic/${h}.h>\n`);
      }
      writeFileSync(join(dir, "check.c"), source());
      const run = () =>
        execFileSync("clang", ["--target=riscv32-unknown-linux-gnu", "-fsyntax-only", "-I", dir, "-I", "/usr/include", join(dir, "check.c")], {
          stdio: "pipe",
        });
      expect(run).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
