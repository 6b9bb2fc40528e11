// A fast-check property (issue #9): random sequences of disk file operations
// run by system calls inside the machine leave the host directory exactly as a
// model of the same operations predicts (names, kinds and contents), and every
// call succeeds exactly when the model says it should.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AT_FDCWD, BUF, O, SYS, kernelWithDisk, openAt, sys } from "./helpers.js";

const FILES = ["a", "b", "d/a"] as const;
type F = (typeof FILES)[number];
type Op =
  | { op: "write"; f: F; text: string }
  | { op: "trunc"; f: F }
  | { op: "unlink"; f: F }
  | { op: "rename"; from: F; to: F }
  | { op: "mkdir" }
  | { op: "rmdir" };

const file = fc.constantFrom(...FILES);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("write" as const), f: file, text: fc.string({ maxLength: 12 }) }),
  fc.record({ op: fc.constant("trunc" as const), f: file }),
  fc.record({ op: fc.constant("unlink" as const), f: file }),
  fc.record({ op: fc.constant("rename" as const), from: file, to: file }),
  fc.record({ op: fc.constant("mkdir" as const) }),
  fc.record({ op: fc.constant("rmdir" as const) }),
);

/** The host directory as { path: contents | "dir" }. */
function hostTree(root: string, at = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, at)).sort()) {
    const rel = at === "" ? name : `${at}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) {
      out[rel] = "dir";
      Object.assign(out, hostTree(root, rel));
    } else out[rel] = readFileSync(join(root, rel), "utf8");
  }
  return out;
}

describe("disk operations against a model", () => {
  it("leave the host directory as the model predicts", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        const env = kernelWithDisk("host");
        try {
          const { k, p } = env;
          const files = new Map<string, string>();
          let dir = false;
          const parentOk = (f: F) => !f.startsWith("d/") || dir;
          for (const o of ops) {
            let r: number;
            let want: boolean;
            switch (o.op) {
              case "write": {
                const bytes = new TextEncoder().encode(o.text);
                want = parentOk(o.f);
                const fd = openAt(k, p, `/mnt/${o.f}`, O.CREAT | O.WRONLY | O.APPEND);
                r = fd;
                if (fd >= 0) {
                  k.mem(p).poke(BUF, bytes);
                  r = sys(k, p, SYS.write, fd, BUF, bytes.length);
                  sys(k, p, SYS.close, fd);
                }
                if (want) files.set(o.f, (files.get(o.f) ?? "") + o.text);
                break;
              }
              case "trunc": {
                want = files.has(o.f);
                r = openAt(k, p, `/mnt/${o.f}`, O.WRONLY | O.TRUNC);
                if (r >= 0) sys(k, p, SYS.close, r);
                if (want) files.set(o.f, "");
                break;
              }
              case "unlink":
                want = files.has(o.f);
                r = sys(k, p, SYS.unlinkat, AT_FDCWD, `/mnt/${o.f}`, 0);
                files.delete(o.f);
                break;
              case "rename":
                want = files.has(o.from) && parentOk(o.to);
                r = sys(k, p, SYS.renameat, AT_FDCWD, `/mnt/${o.from}`, AT_FDCWD, `/mnt/${o.to}`);
                if (want && o.from !== o.to) {
                  files.set(o.to, files.get(o.from)!);
                  files.delete(o.from);
                }
                break;
              case "mkdir":
                want = !dir;
                r = sys(k, p, SYS.mkdirat, AT_FDCWD, "/mnt/d", 0o755);
                dir = true;
                break;
              case "rmdir":
                want = dir && !files.has("d/a");
                r = sys(k, p, SYS.unlinkat, AT_FDCWD, "/mnt/d", 0x200);
                if (want) dir = false;
                break;
            }
            expect(r >= 0, `${JSON.stringify(o)} → ${r}`).toBe(want);
          }
          const model: Record<string, string> = {};
          if (dir) model["d"] = "dir";
          for (const [f, c] of files) model[f] = c;
          const sorted = Object.fromEntries(Object.entries(model).sort(([a], [b]) => (a < b ? -1 : 1)));
          expect(hostTree(env.hostPath!)).toEqual(sorted);
        } finally {
          env.done();
        }
      }),
      { numRuns: process.env.CRYOBOX_LONG === "1" ? 1000 : 60 },
    );
  });
});
