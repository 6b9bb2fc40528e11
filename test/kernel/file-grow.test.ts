// Growing tmpfs file contents: amortised appends must never show stale bytes
// and never write into a buffer the file does not own.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { growFile } from "../../kernel/file.js";

describe("growFile", () => {
  it("keeps the contents, zero-fills the new bytes, and reuses its own spare capacity", () => {
    let data: Uint8Array = new Uint8Array([1, 2, 3]);
    data = growFile(data, 10);
    expect([...data]).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 0, 0]);
    const buffer = data.buffer;
    data.fill(9);
    const shrunk = data.subarray(0, 2); // a truncation that keeps the buffer
    const regrown = growFile(shrunk, 8);
    expect(regrown.buffer).toBe(buffer); // no copy: the spare room was ours
    expect([...regrown]).toEqual([9, 9, 0, 0, 0, 0, 0, 0]); // earlier bytes past the end do not come back
  });

  it("never grows in place into a buffer it did not allocate", () => {
    const shared = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const file = shared.subarray(0, 3); // e.g. a view into a decoded snapshot
    const grown = growFile(file, 6);
    expect(grown.buffer).not.toBe(shared.buffer);
    expect([...shared]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...grown]).toEqual([1, 2, 3, 0, 0, 0]);
  });

  it("agrees with a plain copy for any sequence of writes and truncations", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), at: fc.nat(300), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
      fc.record({ kind: fc.constant("truncate" as const), size: fc.nat(300) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let file: Uint8Array = new Uint8Array(0);
        let model: number[] = [];
        for (const o of ops) {
          if (o.kind === "write") {
            const end = o.at + o.bytes.length;
            if (end > file.length) file = growFile(file, end);
            file.set(o.bytes, o.at);
            while (model.length < end) model.push(0);
            o.bytes.forEach((b, i) => (model[o.at + i] = b));
          } else if (o.size < file.length) {
            file = file.subarray(0, o.size);
            model = model.slice(0, o.size);
          }
        }
        expect([...file]).toEqual(model);
      }),
    );
  });
});
