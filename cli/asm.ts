// `cryobox asm FILE.s -o OUT` and `cryobox disasm FILE`: argument handling,
// file I/O and exit statuses around cpu/asm (which never touches the host).

import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { assemble } from "../cpu/asm/assemble.js";
import { disassembleLine } from "../cpu/asm/disasm.js";
import { AsmError } from "../cpu/asm/errors.js";
import { ElfReadError } from "../cpu/asm/elf-read.js";
import { writeElf } from "../cpu/asm/elf-write.js";
import { listElf } from "../cpu/asm/listing.js";

const ASM_USAGE = `usage: cryobox asm FILE.s [-o OUT]

Assembles RV32IMAC assembly (GNU as syntax; compressed code with c.* or
.option rvc) into a static ELF32 RISC-V
executable (mode 0755; default OUT: a.out); FILE "-" reads standard input.
Entry point: _start if defined, else the start of .text. See docs/asm.md
for the syntax.

Exit status: 0 on success; 2 for a usage error, an unreadable file or an
error in the source (reported as FILE:LINE: message).
`;

const DISASM_USAGE = `usage: cryobox disasm [--no-aliases] FILE
       cryobox disasm [--no-aliases] -w WORD...

Lists the executable sections of an RV32 ELF file like llvm-objdump -d:
addresses, instruction bytes, instructions (LLVM syntax), labels.
With -w, disassembles the given 32-bit words (hex, 0x optional) instead.
--no-aliases (or -M no-aliases) shows the real instruction behind each
alias: addi a0, zero, 1 rather than li a0, 1.

Exit status: 0 on success; 2 for a usage error or a file that is not an RV32 ELF.
`;

/** What the commands need from the host; tests pass their own. */
export interface AsmHost {
  readFile(path: string): Uint8Array;
  writeExecutable(path: string, bytes: Uint8Array): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

const nodeHost: AsmHost = {
  readFile: (p) => readFileSync(p === "-" ? 0 : p), // "-" is stdin
  writeExecutable: (p, b) => {
    writeFileSync(p, b, { mode: 0o755 });
    chmodSync(p, 0o755); // an existing file keeps its old mode otherwise
  },
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

const IO_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory", EACCES: "permission denied", EISDIR: "is a directory", ENOTDIR: "not a directory",
};
function ioMessage(e: unknown): string {
  const x = e as { code?: string; message?: string };
  return (x.code && IO_ERRORS[x.code]) ?? x.code ?? x.message ?? String(e);
}

/** `cryobox asm`; resolves to the exit status. */
export async function asmCommand(args: string[], host: AsmHost = nodeHost): Promise<number> {
  let input: string | undefined;
  let output = "a.out";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") {
      host.stdout(ASM_USAGE);
      return 0;
    }
    if (a === "-o") {
      const v = args[++i];
      if (v === undefined) return usage(host, "asm", "-o needs a file name", ASM_USAGE);
      output = v;
    } else if (a.startsWith("-o") && a.length > 2) output = a.slice(2);
    else if (a.startsWith("-") && a !== "-") return usage(host, "asm", `unknown option '${a}'`, ASM_USAGE);
    else if (input === undefined) input = a;
    else return usage(host, "asm", `only one input file is accepted (got '${input}' and '${a}')`, ASM_USAGE);
  }
  if (input === undefined) return usage(host, "asm", "no input file", ASM_USAGE);
  let src: string;
  try {
    src = new TextDecoder().decode(host.readFile(input));
  } catch (e) {
    host.stderr(`cryobox asm: cannot read '${input}': ${ioMessage(e)}\n`);
    return 2;
  }
  let elf: Uint8Array;
  try {
    elf = writeElf(assemble(src, input));
  } catch (e) {
    if (e instanceof AsmError) {
      host.stderr(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    host.writeExecutable(output, elf);
  } catch (e) {
    host.stderr(`cryobox asm: cannot write '${output}': ${ioMessage(e)}\n`);
    return 2;
  }
  return 0;
}

/** `cryobox disasm`; resolves to the exit status. */
export async function disasmCommand(args: string[], host: AsmHost = nodeHost): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    host.stdout(DISASM_USAGE);
    return 0;
  }
  let aliases = true;
  args = args.filter((a, i) => {
    const flag = a === "--no-aliases" || (a === "no-aliases" && args[i - 1] === "-M");
    if (flag) aliases = false;
    return !flag && !(a === "-M" && args[i + 1] === "no-aliases");
  });
  if (args[0] === "-w") {
    const words = args.slice(1);
    if (words.length === 0) return usage(host, "disasm", "-w needs at least one word", DISASM_USAGE);
    const lines: string[] = [];
    for (const w of words) {
      if (!/^(0x)?[0-9a-fA-F]{1,8}$/.test(w)) return usage(host, "disasm", `'${w}' is not a 32-bit hex word`, DISASM_USAGE);
      const v = parseInt(w.replace(/^0x/, ""), 16) >>> 0;
      const d = disassembleLine(v, undefined, undefined, aliases);
      lines.push(`${v.toString(16).padStart(8, "0")}  ${d.mnemonic}${d.operands ? ` ${d.operands}` : ""}\n`);
    }
    host.stdout(lines.join(""));
    return 0;
  }
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    return usage(host, "disasm", args.length === 0 ? "no input file" : `expected one FILE, got '${args.join(" ")}'`, DISASM_USAGE);
  }
  const file = args[0]!;
  let bytes: Uint8Array;
  try {
    bytes = host.readFile(file);
  } catch (e) {
    host.stderr(`cryobox disasm: cannot read '${file}': ${ioMessage(e)}\n`);
    return 2;
  }
  try {
    host.stdout(listElf(bytes, file, aliases));
  } catch (e) {
    if (e instanceof ElfReadError) {
      host.stderr(`cryobox disasm: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return 0;
}

/** A usage error: one line, pointing at --help (the usage text itself goes to stdout on --help). */
function usage(host: AsmHost, cmd: string, msg: string, _text: string): number {
  host.stderr(`cryobox ${cmd}: ${msg} (see 'cryobox ${cmd} --help')\n`);
  return 2;
}
