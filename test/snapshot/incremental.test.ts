// Incremental and compressed checkpoints (docs/checkpoints.md): a chain
// restores to the machine its tip was taken of, merges into the very bytes of
// the full snapshot, stores only what changed, and refuses a missing or
// altered link with one line.

import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { type ParentResolver, SnapshotError, chainOf, fileId, mergeChain } from "../../snapshot/index.js";
import { bootedMachine } from "./workload.js";

/** A resolver over files kept in memory. */
function memoryResolver(files: Uint8Array[]): ParentResolver {
  return (id) => files.find((f) => fileId(f) === id) ?? null;
}

function busyMachine(): Machine {
  const m = bootedMachine();
  m.tty(0).send("echo one > /tmp/a; cat /tmp/a\n");
  m.run(2_000_000);
  m.checkpoints.forget(); // bootedMachine restores a booted image: its first incremental would chain onto that
  return m;
}

describe("incremental checkpoints", () => {
  it("a chain restores to the same digest, merges to the full snapshot's bytes, and stores only new pages", () => {
    const m = busyMachine();
    const a = m.checkpoint({ incremental: true, name: "a.snap" });
    expect(m.checkpoints.last?.parent).toBeNull(); // no parent yet: a full one
    m.tty(1).send("echo two | wc\n");
    m.run(3_000_000);
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    const infoB = m.checkpoints.last!;
    expect(infoB.parent).toEqual({ id: fileId(a), name: "a.snap" });
    expect(infoB.stored).toBeLessThan(infoB.pages);
    expect(b.length).toBeLessThan(a.length);
    m.tty(0).send("ls /bin > /tmp/l\n");
    m.run(3_000_000);
    const c = m.checkpoint({ incremental: true, name: "c.snap" });
    const full = m.checkpoint();
    const parents = memoryResolver([a, b]);
    const r = Machine.restore(c, { parents });
    expect(r.digest()).toBe(m.digest());
    expect(mergeChain(c, parents)).toEqual(full);
    expect(chainOf(c, parents).map((l) => l.name)).toEqual(["", "b.snap", "a.snap"]);
    // checkpoint → restore → checkpoint stays canonical: the restored machine's full snapshot is the same bytes
    expect(r.checkpoint()).toEqual(full);
  });

  it("an idle machine's incremental checkpoint stores no page and hashes no page of guest memory", () => {
    const m = busyMachine();
    m.checkpoint({ incremental: true });
    m.checkpoint({ incremental: true });
    expect(m.checkpoints.last!.stored).toBe(0);
    // No page is hashed at all: guest memory has dirty bits, and tmpfs file blocks are frozen at each
    // checkpoint (the next write to one copies it: snapshot/page-cache.ts), so an unchanged object is unchanged.
    const blocks = new Set<Uint8Array>();
    for (const ino of m.kernel.state.inodes.values()) {
      const held = (ino as { blocks?: Map<number, Uint8Array> }).blocks; // file contents as blocks (#7), when present
      if (held) for (const b of held.values()) blocks.add(b);
    }
    const memory = new Set<Uint8Array>();
    for (const p of m.kernel.state.procs.values()) for (const pg of p.mem.pages.values()) if (!blocks.has(pg)) memory.add(pg);
    expect(memory.size).toBeGreaterThan(10);
    expect(blocks.size).toBeGreaterThan(0);
    expect(m.checkpoints.last!.hashed).toBe(0);
    // a write to one page: exactly that page is hashed again (and stored)
    m.tty(0).send("echo x\n");
    m.run(1_000_000);
    m.checkpoint({ incremental: true });
    expect(m.checkpoints.last!.stored).toBeGreaterThan(0);
    expect(m.checkpoints.last!.hashed).toBeLessThan(blocks.size + memory.size / 2);
  });

  it("a file written in place between incremental checkpoints is stored anew: the chain restores its bytes, and an untouched file is not stored", () => {
    const m = busyMachine();
    m.tty(0).send("echo one > /tmp/f; echo kept > /tmp/g\n");
    m.run(20_000_000);
    const files = new Map<string, Uint8Array>();
    const a = m.checkpoint({ incremental: true, name: "a.snap" });
    files.set("a.snap", a);
    // Append into /tmp/f's one block: a write in place of a block the checkpoint froze (it is copied).
    m.tty(0).send("echo two >> /tmp/f\n");
    m.run(20_000_000);
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    files.set("b.snap", b);
    expect(m.checkpoints.last!.stored).toBeGreaterThan(0);
    const r = Machine.restore(b, { parents: memoryResolver([...files.values()]), name: "b.snap" });
    expect(r.digest()).toBe(m.digest());
    r.tty(0).send("cat /tmp/f /tmp/g\n");
    r.run(20_000_000);
    expect(new TextDecoder().decode(r.tty(0).outputSince(0))).toContain("one\r\ntwo\r\nkept\r\n");
  });

  it("a restored machine's next incremental checkpoint has the restored file as its parent", () => {
    const m = busyMachine();
    const a = m.checkpoint({ track: true, name: "a.snap" });
    const r = Machine.restore(a, { name: "a.snap" });
    r.tty(0).send("echo three\n");
    r.run(2_000_000);
    const b = r.checkpoint({ incremental: true });
    expect(r.checkpoints.last!.parent?.name).toBe("a.snap");
    expect(Machine.restore(b, { parents: memoryResolver([a]) }).digest()).toBe(r.digest());
  });

  it("refuses a missing or altered parent with one line", () => {
    const m = busyMachine();
    const a = m.checkpoint({ incremental: true, name: "a.snap" });
    m.tty(0).send("echo four\n");
    m.run(2_000_000);
    const b = m.checkpoint({ incremental: true, name: "b.snap" });
    const missing = (): unknown => Machine.restore(b, { parents: () => null });
    expect(missing).toThrow(SnapshotError);
    expect(missing).toThrow(/needs its parent "a.snap" \(id [0-9a-f]{12}\), which was not found/);
    expect(() => Machine.restore(b)).toThrow(/which was not found/);
    // Another valid snapshot in the parent's place: altered.
    m.run(1000);
    const other = m.checkpoint();
    const altered = (): unknown => Machine.restore(b, { parents: () => other });
    expect(altered).toThrow(/parent "a.snap" .* was altered or replaced/);
    // The parent damaged in a page: refused, naming the link.
    const damaged = a.slice();
    damaged[damaged.length - 100] ^= 1;
    expect(() => Machine.restore(b, { parents: () => damaged })).toThrow(/a.snap.*(damaged|checksum)/);
    for (const f of [missing, altered]) {
      try {
        f();
      } catch (e) {
        expect((e as Error).message).not.toContain("\n");
      }
    }
  });
});

describe("compressed checkpoints", () => {
  it("lz round trip: smaller file, same machine, and merge can decompress or recompress", () => {
    const m = busyMachine();
    const plain = m.checkpoint();
    const z = m.checkpoint({ compress: "lz" });
    expect(z.length).toBeLessThan(plain.length);
    expect(Machine.restore(z).digest()).toBe(m.digest());
    expect(mergeChain(z, undefined)).toEqual(plain);
    expect(() => m.checkpoint({ compress: "zstd-nope" })).toThrow(/unknown compression/);
  });

  it("compressed incremental chain restores", () => {
    const m = busyMachine();
    const a = m.checkpoint({ incremental: true, compress: "lz" });
    m.tty(0).send("echo five > /tmp/f\n");
    m.run(2_000_000);
    const b = m.checkpoint({ incremental: true, compress: "lz" });
    expect(m.checkpoints.last!.compress).toBe("lz");
    expect(Machine.restore(b, { parents: memoryResolver([a]) }).digest()).toBe(m.digest());
  });
});
