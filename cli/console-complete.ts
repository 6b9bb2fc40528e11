// Tab completion at the interactive operator console: command names, what
// `show` shows, terminal names, and host paths for the commands that take a
// FILE or a REEL (with `~` for the home directory). Host-side (reads host
// directories), so it lives in cli/.

import { readdirSync, statSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { commandNames } from "../machine/console-parse.js";
import { expandHome } from "../machine/host-console.js";

const FILE_COMMANDS = new Set(["checkpoint-system", "restart-system", "mount", "chkpnt", "restart"]);
const WORDS: Record<string, string[]> = {
  show: ["ttys", "pipes", "tapes", "mem"],
  help: commandNames(),
  send: ["tty0", "tty1", "tty2", "tty3"],
  expect: ["tty0", "tty1", "tty2", "tty3"],
  print: ["tty0", "tty1", "tty2", "tty3"],
};

/** readline's completer: [candidates, the part of the line they complete]. */
export function completeConsoleLine(line: string): [string[], string] {
  const words = line.split(/\s+/);
  const last = words[words.length - 1] ?? "";
  if (words.length <= 1) return [commandNames().filter((c) => c.startsWith(last.toLowerCase())), last];
  const cmd = words[0]!.toLowerCase();
  if (FILE_COMMANDS.has(cmd)) return [completePath(last), last];
  const choices = words.length === 2 ? (WORDS[cmd] ?? []) : [];
  return [choices.filter((w) => w.startsWith(last.toLowerCase())), last];
}

/** Host paths starting with `partial` (directories get a trailing /). */
export function completePath(partial: string): string[] {
  const expanded = expandHome(partial);
  const dir = partial.endsWith("/") ? expanded : dirname(expanded);
  const stem = partial.endsWith("/") ? "" : basename(expanded);
  const shownDir = partial.endsWith("/") ? partial : partial.slice(0, partial.length - stem.length);
  let names: string[];
  try {
    names = readdirSync(dir || ".");
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(stem) && (stem.startsWith(".") || !n.startsWith(".")))
    .sort()
    .map((n) => {
      let isDir = false;
      try {
        isDir = statSync(join(dir || ".", n)).isDirectory();
      } catch {
        // a dangling link: complete it as a file
      }
      return shownDir + n + (isDir ? "/" : "");
    });
}
