// The examples in README.md and docs/*.md run, and print what the documents
// say they print, so they cannot drift. A fenced block whose info string is
// `sh doctest` is run with bash from the package root (`npx cryobox` becomes
// `node bin/cryobox.js`, so no npm round trip; host paths under `/tmp/` go to
// a private directory (console `send`/`expect` lines keep the guest's /tmp); the blocks of one document run in order and share it). The
// fenced block right after it, if marked `text doctest-output`, is its whole
// output (stdout then stderr); if marked `text doctest-excerpt`, lines that
// must appear in that order. Before comparing, numbers, hex and hashes are
// normalised (figures move whenever the kernel or the userland changes);
// `CRYOBOX_UPDATE_DOCS=1 npx vitest run test/docs` rewrites every
// doctest-output block with the real output, figures included.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const built = existsSync(join(root, "dist/cli/main.js")) && statSync(join(root, "dist/cli/main.js")).mtimeMs >= statSync(join(root, "cli/main.ts")).mtimeMs;
if (!built) console.warn("docs examples: skipped (dist/ missing or older than cli/ — run npm run build)");

interface Block {
  info: string;
  body: string;
  start: number; // index of the body's first character in the document
}

/** Fenced blocks of a markdown text, in order. */
export function fencedBlocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of text.matchAll(re)) out.push({ info: m[1]!.trim(), body: m[2]!, start: m.index! + 4 + m[1]!.length });
  return out;
}

/** What changes whenever the code changes: hashes, hex, numbers, column padding. */
export function normalise(text: string): string {
  return text
    .split("\n")
    .map((l) =>
      l
        .replace(/0x[0-9a-f]+/gi, "0xN")
        .replace(/\b(?=[0-9a-f]*[0-9])[0-9a-f]+(?:\.[0-9]+)?…?/g, "N") // numbers, hashes (hex with a digit)
        .replace(/[ \t]+/g, " ")
        .trimEnd(),
    )
    .join("\n")
    .trim();
}

const DOCS = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe.skipIf(!built)("documented examples", () => {
  for (const doc of DOCS) {
    const text = readFileSync(join(root, doc), "utf8");
    const blocks = fencedBlocks(text);
    if (!blocks.some((b) => b.info === "sh doctest")) continue;
    it(`${doc}: every doctest block runs and prints what the document shows`, () => {
      const tmp = mkdtempSync(join(tmpdir(), "cryobox-doc-"));
      let updated = text;
      const rewrites: { from: number; to: number; body: string }[] = [];
      try {
        blocks.forEach((b, i) => {
          if (b.info !== "sh doctest") return;
          // Host paths under /tmp go to the private directory; console lines (send/expect) talk about the guest's /tmp.
          const script = b.body
            .replace(/\bnpx cryobox\b/g, "node bin/cryobox.js")
            .split("\n")
            .map((l) => (/^\s*(send|expect)\b/.test(l) ? l : l.replace(/(^|[\s>=])\/tmp\//g, `$1${tmp}/`)))
            .join("\n");
          const r = spawnSync("bash", ["-e", "-o", "pipefail", "-c", script], {
            cwd: root,
            encoding: "utf8",
            timeout: 120_000,
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp, LANG: "C" },
          });
          const output = (r.stdout + r.stderr).split(`${tmp}/`).join("/tmp/");
          expect(r.status, `${doc} block at offset ${b.start}:\n${b.body}\n--- output:\n${output}`).toBe(0);
          const next = blocks[i + 1];
          if (next?.info === "text doctest-output") {
            if (process.env.CRYOBOX_UPDATE_DOCS === "1") rewrites.push({ from: next.start, to: next.start + next.body.length, body: output.endsWith("\n") ? output : output + "\n" });
            else expect(normalise(output), `${doc}: output of the block at offset ${b.start}`).toBe(normalise(next.body));
          } else if (next?.info === "text doctest-excerpt" && process.env.CRYOBOX_UPDATE_DOCS !== "1") {
            const lines = normalise(output).split("\n");
            let at = 0;
            for (const want of normalise(next.body).split("\n")) {
              const found = lines.indexOf(want, at);
              expect(found, `${doc}: "${want}" not in the output (in order) of the block at offset ${b.start}:\n${output}`).toBeGreaterThanOrEqual(0);
              at = found + 1;
            }
          }
        });
        if (rewrites.length > 0) {
          for (const w of rewrites.reverse()) updated = updated.slice(0, w.from) + w.body + updated.slice(w.to);
          writeFileSync(join(root, doc), updated);
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  it("normalise keeps words and drops figures", () => {
    const a = "checkpoint /tmp/x: time 0.202366590s (20236659 ticks), 7 processes, 753854 bytes, sha256 3d05a6…";
    const b = "checkpoint /tmp/x: time 0.312s  (31200000 ticks), 12 processes, 80112 bytes, sha256 9f00ab12cd34…";
    expect(normalise(a)).toBe(normalise(b));
    expect(normalise(a)).not.toBe(normalise(b.replace("processes", "procs")));
  });
});
