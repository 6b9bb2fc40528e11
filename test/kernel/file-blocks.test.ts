// tmpfs file contents in 4 KiB blocks (kernel/file-blocks.ts): a file must read
// back exactly what a plain byte array would hold after any writes and
// truncations, holes must cost no blocks, and a block shared after a restore
// must never be written in place.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { blocksToAdd, fileContents, readFile, sameContents, setContents, truncateFile, unshareFileBlocks, writeFile } from "../../kernel/file-blocks.js";
import type { Inode } from "../../kernel/state.js";

function file(): Inode {
  return { ino: 9, type: "file", mode: 0o644, nlink: 1, opens: 0, size: 0, blocks: new Map(), entries: [], parent: 1, dev: "none", unit: 0, mtime: 0, mount: { kind: "none" } };
}

describe("file contents in blocks", () => {
  it("agree with a plain byte array for any sequence of writes and truncations (holes read as zeros)", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), at: fc.nat(20_000), bytes: fc.uint8Array({ minLength: 1, maxLength: 5000 }), zero: fc.boolean() }),
      fc.record({ kind: fc.constant("truncate" as const), size: fc.nat(20_000) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const n = file();
        let model = new Uint8Array(0);
        for (const o of ops) {
          if (o.kind === "write") {
            const bytes = o.zero ? new Uint8Array(o.bytes.length) : o.bytes;
            const before = n.blocks.size;
            const add = blocksToAdd(n, o.at, bytes);
            writeFile(n, o.at, bytes);
            expect(n.blocks.size).toBe(before + add); // the tmpfs limit is charged exactly what is allocated
            const end = o.at + bytes.length;
            if (end > model.length) {
              const grown = new Uint8Array(end);
              grown.set(model);
              model = grown;
            }
            model.set(bytes, o.at);
          } else {
            truncateFile(n, o.size);
            const cut = new Uint8Array(o.size);
            cut.set(model.subarray(0, Math.min(o.size, model.length)));
            model = cut;
          }
          expect(n.size).toBe(model.length);
          for (const bn of n.blocks.keys()) expect(bn).toBeLessThan(Math.ceil(n.size / 4096)); // nothing kept past the end
        }
        expect(Buffer.from(fileContents(n)).equals(Buffer.from(model))).toBe(true);
        expect(Buffer.from(readFile(n, 4000, 300)).equals(Buffer.from(model.subarray(4000, 4300)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a sparse file costs the blocks written, not its size", () => {
    const n = file();
    writeFile(n, 64 * 1024 * 1024 - 1, new Uint8Array([7]));
    expect(n.size).toBe(64 * 1024 * 1024);
    expect(n.blocks.size).toBe(1);
    writeFile(n, 0, new Uint8Array(1 << 20)); // a megabyte of zeros over a hole stays a hole
    expect(n.blocks.size).toBe(1);
    expect(readFile(n, 64 * 1024 * 1024 - 2, 10)).toEqual(new Uint8Array([0, 7]));
  });

  it("never writes in place a block it did not allocate (shared after a restore)", () => {
    const shared = new Uint8Array(4096).fill(5);
    const a = file();
    const b = file();
    for (const n of [a, b]) {
      n.size = 4096;
      n.blocks.set(0, shared);
    }
    writeFile(a, 10, new Uint8Array([1]));
    expect(shared[10]).toBe(5);
    expect(readFile(b, 10, 1)).toEqual(new Uint8Array([5]));
    expect(readFile(a, 10, 1)).toEqual(new Uint8Array([1]));
    truncateFile(b, 100); // zeroing the tail copies too
    expect(shared[200]).toBe(5);
    expect(sameContents(a, b)).toBe(false);
  });

  it("a block guest memory also holds is replaced by one copy per object at adoption", () => {
    const page = new Uint8Array(4096).fill(3);
    const a = file();
    const b = file();
    setContents(a, new Uint8Array(8192).fill(3));
    a.blocks.set(0, page);
    b.size = 4096;
    b.blocks.set(0, page);
    unshareFileBlocks([a, b], (x) => x === page);
    expect(a.blocks.get(0)).not.toBe(page);
    expect(a.blocks.get(0)).toBe(b.blocks.get(0)); // one copy, still shared between the files (copy-on-write)
    expect(sameContents(a, { ...a, blocks: new Map([[0, page], [1, a.blocks.get(1)!]]) })).toBe(true);
  });
});
