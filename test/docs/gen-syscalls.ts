// The system call list is written once, in kernel/syscalls.ts (SYSCALLS); the
// documentation's table (docs/kernel.md) and the libc's numbers
// (user/libc/syscall.h) are generated from it between markers, so they cannot
// drift. `npm run gen` rewrites both; test/docs/generated.test.ts fails,
// naming that command, when either is stale.
//
// docs/kernel.md keeps a hand-written note per call: the generator reads the
// notes already in the table (by name; a row "63, 64 | read, write" gives its
// note to both) and writes one row per call of the kernel's table, so a note
// survives regeneration, a call the kernel lost loses its row, and a new call
// gets a row saying it has no note yet. Edit notes in place, then run the
// generator.

import { SYSCALLS } from "../../kernel/syscalls.js";

export const GEN_COMMAND = "npm run gen";

export const DOC_BEGIN = "<!-- syscalls:begin — generated from kernel/syscalls.ts by `npm run gen`; edit only the notes -->";
export const DOC_END = "<!-- syscalls:end -->";
export const HDR_BEGIN = "/* syscalls:begin — generated from kernel/syscalls.ts by `npm run gen`: do not edit */";
export const HDR_END = "/* syscalls:end */";

export const NO_NOTE = "(no note yet)";

/** The calls in number order (a number twice in the table is the table test's business, not ours). */
function calls(): { nr: number; name: string }[] {
  return SYSCALLS.map(([nr, name]) => ({ nr, name })).sort((a, b) => a.nr - b.nr);
}

/** The text between `begin` and `end` (exclusive), with what surrounds it; throws when the markers are missing. */
function region(text: string, begin: string, end: string, file: string): { before: string; inside: string; after: string } {
  const i = text.indexOf(begin);
  const j = text.indexOf(end, i + 1);
  if (i < 0 || j < 0) throw new Error(`${file}: the markers ${begin} … ${end} are missing`);
  return { before: text.slice(0, i + begin.length), inside: text.slice(i + begin.length, j), after: text.slice(j) };
}

/** Notes by call name from the rows of a generated (or hand-written) table. */
export function notesOf(table: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const line of table.split("\n")) {
    const m = /^\|\s*[^|]*\|\s*([^|]+?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (!m || m[1] === "name" || m[1]!.startsWith("---")) continue;
    for (const name of m[1]!.split(",").map((s) => s.trim().replace(/`/g, ""))) if (name && m[2] !== NO_NOTE) notes.set(name, m[2]!);
  }
  return notes;
}

const nrText = (nr: number): string => (nr >= 0x4000 ? `0x${nr.toString(16)}` : String(nr));

/** docs/kernel.md with its system call table regenerated. */
export function genKernelDoc(doc: string): string {
  const r = region(doc, DOC_BEGIN, DOC_END, "docs/kernel.md");
  const notes = notesOf(r.inside);
  const rows = calls().map(({ nr, name }) => `| ${nrText(nr)} | ${name} | ${notes.get(name) ?? NO_NOTE} |`);
  return `${r.before}\n| nr | name | status |\n| ---: | --- | --- |\n${rows.join("\n")}\n${r.after}`;
}

/** user/libc/syscall.h with its numbers regenerated. */
export function genSyscallHeader(header: string): string {
  const r = region(header, HDR_BEGIN, HDR_END, "user/libc/syscall.h");
  const lines = calls().map(({ nr, name }) => `#define SYS_${name} ${nrText(nr)}`);
  return `${r.before}\n${lines.join("\n")}\n${r.after}`;
}

/** Every generated file: path (from the package root) → how to regenerate it from its current text. */
export const GENERATED: readonly { path: string; gen: (text: string) => string }[] = [
  { path: "docs/kernel.md", gen: genKernelDoc },
  { path: "user/libc/syscall.h", gen: genSyscallHeader },
];
