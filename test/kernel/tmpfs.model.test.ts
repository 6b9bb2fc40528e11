// tmpfs against a Map model, through the real system calls (openat, write,
// read, unlinkat, renameat2, mkdirat): random operations on a small set of
// paths; every result and every file's content must match the model.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareKernel, call, SCRATCH } from "./helpers.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ProcState } from "../../kernel/state.js";

const NAMES = ["a", "b"];
const pathArb = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `/tmp/${n}`),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES)).map(([a, b]) => `/tmp/${a}/${b}`),
);
type Op =
  | { op: "create"; path: string; data: string }
  | { op: "mkdir"; path: string }
  | { op: "unlink"; path: string }
  | { op: "rmdir"; path: string }
  | { op: "rename"; from: string; to: string }
  | { op: "read"; path: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), path: pathArb, data: fc.string({ maxLength: 20 }) }),
  fc.record({ op: fc.constant("mkdir" as const), path: pathArb }),
  fc.record({ op: fc.constant("unlink" as const), path: pathArb }),
  fc.record({ op: fc.constant("rmdir" as const), path: pathArb }),
  fc.record({ op: fc.constant("rename" as const), from: pathArb, to: pathArb }),
  fc.record({ op: fc.constant("read" as const), path: pathArb }),
);

type Node = string | "DIR";
const DIR = "DIR" as const;
const ENOENT = -2, EEXIST = -17, ENOTDIR = -20, EISDIR = -21, EINVAL = -22, ENOTEMPTY = -39;
const parent = (p: string) => p.slice(0, p.lastIndexOf("/"));

/** The model: path → content or DIR. /tmp always exists. */
class Model {
  m = new Map<string, Node>([["/tmp", DIR]]);
  parentErr(p: string): number {
    const d = this.m.get(parent(p));
    return d === undefined ? ENOENT : d !== DIR ? ENOTDIR : 0;
  }
  children(p: string) {
    return [...this.m.keys()].filter((k) => k.startsWith(p + "/"));
  }
  create(p: string, data: string): number {
    const e = this.parentErr(p);
    if (e) return e;
    if (this.m.get(p) === DIR) return EISDIR;
    this.m.set(p, data);
    return 0;
  }
  mkdir(p: string): number {
    const e = this.parentErr(p);
    if (e) return e;
    if (this.m.has(p)) return EEXIST;
    this.m.set(p, DIR);
    return 0;
  }
  unlink(p: string): number {
    const e = this.parentErr(p);
    if (e) return e;
    const n = this.m.get(p);
    if (n === undefined) return ENOENT;
    if (n === DIR) return EISDIR;
    this.m.delete(p);
    return 0;
  }
  rmdir(p: string): number {
    const e = this.parentErr(p);
    if (e) return e;
    const n = this.m.get(p);
    if (n === undefined) return ENOENT;
    if (n !== DIR) return ENOTDIR;
    if (this.children(p).length) return ENOTEMPTY;
    this.m.delete(p);
    return 0;
  }
  rename(a: string, b: string): number {
    const ea = this.parentErr(a);
    if (ea) return ea;
    const eb = this.parentErr(b);
    if (eb) return eb;
    const na = this.m.get(a);
    if (na === undefined) return ENOENT;
    if (a === b) return 0;
    if (na === DIR && b.startsWith(a + "/")) return EINVAL;
    const nb = this.m.get(b);
    if (nb !== undefined) {
      if (na === DIR && nb !== DIR) return ENOTDIR;
      if (na !== DIR && nb === DIR) return EISDIR;
      if (nb === DIR && this.children(b).length) return ENOTEMPTY;
      this.m.delete(b);
    }
    const moved = [a, ...this.children(a)].map((k) => [k, this.m.get(k)!] as const);
    for (const [k] of moved) this.m.delete(k);
    for (const [k, v] of moved) this.m.set(b + k.slice(a.length), v);
    return 0;
  }
}

function kcreate(k: Kernel, p: ProcState, path: string, data: string): number {
  const fd = call(k, p, 56, -100, path, 0o1101, 0o644) as number; // O_WRONLY|O_CREAT|O_TRUNC
  if (fd < 0) return fd;
  const bytes = new TextEncoder().encode(data);
  k.mem(p).poke(SCRATCH, bytes);
  const n = call(k, p, 64, fd, SCRATCH, bytes.length);
  call(k, p, 57, fd);
  return n === bytes.length ? 0 : (n as number);
}

function kread(k: Kernel, p: ProcState, path: string): string | number {
  const fd = call(k, p, 56, -100, path, 0, 0) as number;
  if (fd < 0) return fd;
  const n = call(k, p, 63, fd, SCRATCH, 4096) as number;
  call(k, p, 57, fd);
  if (n < 0) return n;
  return new TextDecoder().decode(k.mem(p).copyIn(SCRATCH, n)!);
}

describe("tmpfs", () => {
  it("matches a Map model under random operations", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { k, p } = bareKernel();
        const m = new Model();
        for (const o of ops) {
          switch (o.op) {
            case "create":
              expect(kcreate(k, p, o.path, o.data)).toBe(m.create(o.path, o.data));
              break;
            case "mkdir":
              expect(call(k, p, 34, -100, o.path, 0o755)).toBe(m.mkdir(o.path));
              break;
            case "unlink":
              expect(call(k, p, 35, -100, o.path, 0)).toBe(m.unlink(o.path));
              break;
            case "rmdir":
              expect(call(k, p, 35, -100, o.path, 0x200)).toBe(m.rmdir(o.path));
              break;
            case "rename":
              expect(call(k, p, 276, -100, o.from, -100, o.to, 0)).toBe(m.rename(o.from, o.to));
              break;
            case "read": {
              const want = m.m.get(o.path);
              const got = kread(k, p, o.path);
              if (want === DIR) expect(got).toBe(EISDIR);
              else if (want === undefined) expect(got).toBe(m.parentErr(o.path) || ENOENT);
              else expect(got).toBe(want);
            }
          }
        }
        // every model file reads back; no inode leaked (all unlinked and closed files are freed)
        for (const [path, v] of m.m) if (v !== DIR) expect(kread(k, p, path)).toBe(v);
        const reachable = new Set<number>();
        const walk = (ino: number) => {
          reachable.add(ino);
          for (const e of k.state.inodes.get(ino)!.entries) if (!reachable.has(e.ino)) walk(e.ino);
        };
        walk(k.state.rootIno);
        expect([...k.state.inodes.keys()].filter((i) => !reachable.has(i))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
