// The pure SHA-256 the machine core uses (state/sha256.ts) against FIPS 180-4
// vectors and node:crypto on random inputs split at random points; and the rule
// that the core (state, cpu, devices, kernel, snapshot, machine) reaches no Node built-in
// even transitively, so it can run in a browser.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PureSha256 } from "../../state/sha256.js";
import { sha256Hex, sha256ImplName, toHex, useSha256 } from "../../state/hash.js";
import { packageRoot } from "../../state/root.js";

const hex = (parts: Uint8Array[]): string => {
  const h = new PureSha256();
  for (const p of parts) h.update(p);
  return toHex(h.digest());
};
const enc = new TextEncoder();

describe("pure SHA-256", () => {
  it("gives the FIPS 180-4 example digests", () => {
    expect(hex([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex([enc.encode("abc")])).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex([enc.encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")])).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(hex([new Uint8Array(1_000_000).fill(0x61)])).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("equals node:crypto on any bytes, fed in any pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600), { maxLength: 6 }), (data, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const parts: Uint8Array[] = [];
        let at = 0;
        for (const p of [...points, data.length]) {
          parts.push(data.subarray(at, p));
          at = p;
        }
        expect(hex(parts)).toBe(createHash("sha256").update(data).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("state/hash.ts gives the same digests with the pure implementation as with node:crypto", () => {
    const data = new Uint8Array(10_000).map((_, i) => (i * 31) & 0xff);
    expect(sha256ImplName()).toBe("node:crypto"); // registered by test/setup-hash.ts, as by the Node entry points
    const withNode = sha256Hex(data, data);
    const prev = useSha256(null);
    try {
      expect(sha256ImplName()).toBe("pure");
      expect(sha256Hex(data, data)).toBe(withNode);
    } finally {
      useSha256(prev);
    }
  });
});

/** Every module `file` imports at run time (type-only imports erased), as repository-relative paths or "node:x". */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;"]*?\sfrom\s+)?"([^"]+)"/gm)) {
    const spec = m[1]!;
    if (!spec.startsWith(".")) out.push(spec);
    else out.push(join(dirname(file), spec).replace(/\.js$/, ".ts"));
  }
  return out;
}

describe("the machine core reaches no Node built-in", () => {
  it("state, cpu, devices, kernel, snapshot and machine (host-*.ts files aside) import node: nothing, even transitively", () => {
    const root = packageRoot();
    const core = ["state", "cpu", "devices", "kernel", "snapshot", "machine"]; // machine/: host pieces come in through machine/platform.ts
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith(".ts") && !n.endsWith(".d.ts") && !n.startsWith("host-") && n !== "root.ts") files.push(p);
      }
    };
    for (const c of core) walk(join(root, c));
    const problems: string[] = [];
    for (const start of files) {
      const seen = new Set<string>();
      const stack: { file: string; chain: string[] }[] = [{ file: start, chain: [] }];
      while (stack.length > 0) {
        const { file, chain } = stack.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const dep of runtimeImports(file)) {
          if (!dep.startsWith("/")) {
            problems.push(`${[...chain, file].map((f) => relative(root, f)).join(" → ")} → ${dep}`);
          } else if (existsSync(dep)) stack.push({ file: dep, chain: [...chain, file] });
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    expect(files.map((f) => relative(root, f))).toContain("machine/machine.ts");
  });
});
