// Hidden module-level state in the machine core, made explicit and checked.
//
// Machine state is declared in schemas and checkpointed; transient helpers on
// objects are listed by assertOnlyDeclared tests. A module-level Map, WeakMap,
// `let` or mutable object escapes both: it survives across machines, is never
// saved, and no test sees it. Each one the core has is listed here with why it
// is not machine state (a cache keyed by the object it serves, a host-side
// setting, a constant table). A new one fails this test until it is either
// declared (a schema field, or a transient property an assertOnlyDeclared test
// names) or added here with its reason; an entry whose binding is gone fails
// too, so the list stays true.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { encode, decode, t, withPageHooks } from "../../state/index.js";

/** file:name → why it is not machine state. */
const REVIEWED: Record<string, string> = {
  "state/codec.ts:pageHooks": "page sink/source for the one encode/decode in progress: withPageHooks sets and always restores it (nested calls restore the outer hooks; checked below)",
  "state/hash.ts:impl": "host-side choice of SHA-256 implementation (node:crypto or pure); both give the same bytes",
  "state/hash.ts:pure": "constant: the pure implementation's factory",
  "cpu/decode.ts:AMO_OPS": "constant decode table",
  "cpu/decode.ts:PRIV_FIXED": "constant decode table",
  "cpu/tlb.ts:viewsOfPage": "cache: typed-array views of a page, keyed weakly by the page",
  "cpu/tlb.ts:caches": "cache: the software TLB of a Memory, keyed weakly by it, flushed on generation change",
  "cpu/asm/assemble.ts:IGNORED": "constant: assembler directives without effect",
  "cpu/asm/isa.ts:FIXED_BY_WORD": "constant opcode table",
  "cpu/asm/csr.ts:NAMES": "constant CSR name table (filled once at load)",
  "cpu/asm/csr.ts:NUMBERS": "constant CSR number table (filled once at load)",
  "cpu/asm/regs.ts:BY_NAME": "constant register name table (filled once at load)",
  "cpu/jit/translate.ts:pc": "not a binding: text of generated code",
  "cpu/jit/translate.ts:lim": "not a binding: text of generated code",
  "cpu/jit/frame.ts:scratch": "scratch: the frame, TLB and page the warm-up runs new page functions on, built once; what the warm-up writes there never reaches a guest or the machine state",
  "snapshot/page-sites.ts:holds": "cache: whether a schema can hold pages, keyed weakly by the schema (a pure function of it)",
  "cpu/jit/cache.ts:shared": "cache: translated code by page contents, shared by machines (a pure function of the bytes)",
  "cpu/jit/cache.ts:spaces": "cache: per-Memory JIT state, keyed weakly by the Memory",
  "devices/tty/queue.ts:claimed": "cache: spare room at the end of queue buffers, keyed weakly by buffer; losing it costs a copy",
  "kernel/syscalls.ts:TABLE": "constant: built from SYSCALLS",
  "kernel/syscalls.ts:NAMES": "constant: built from SYSCALLS",
  "kernel/run-queue.ts:caches": "cache: the scheduler's index of runnable processes per kernel, keyed weakly; rebuilt from the run queue and process table whenever their shape changes (test/kernel/run-queue.test.ts)",
  "kernel/run-queue.ts:checked": "host-side test switch per kernel, keyed weakly: compare every pick with a full scan",
  "kernel/sleepers.ts:indexes": "cache: the index of sleeping processes by wait channel per kernel, keyed weakly; rebuilt from the process table whenever its shape changes (test/kernel/sleepers.test.ts)",
  "kernel/cpu-port.ts:perOwner": "host-side CPU options (JIT on/off) per kernel, keyed weakly; not state: a machine runs the same either way",
  "kernel/signal.ts:FAULT_SIGNALS": "constant set",
  "kernel/signals-queue.ts:FAULTS": "constant set",
  "kernel/tmpfs-space.ts:space": "host-side tmpfs size limit per kernel, keyed weakly; the total in use is recomputed from the inodes",
  "kernel/file-blocks.ts:owned": "cache: which block buffers a file owns alone (copy-on-write), keyed weakly by buffer",
  "kernel/job-service.ts:services": "host-side job checkpoint/restart service per kernel, keyed weakly (installed by the Machine)",
  "kernel/fs-disk.ts:hosts": "host directories mounted per kernel, keyed weakly: outside the machine (the snapshot records their identity)",
  "snapshot/job-file.ts:JOB_DEF": "constant section definition",
  "snapshot/compress.ts:codecs": "constant table of page codecs",
  "snapshot/snapshot.ts:RESERVED": "constant set",
  "machine/net-input.ts:hooks": "host-side network input hooks per Machine, keyed weakly",
  "machine/platform.ts:installed": "host wiring (machine/platform.ts): where host files come from, never machine state",
  "machine/trace.ts:NO_ARGS": "constant set",
  "machine/trace.ts:ERRNO_NAMES": "constant table",
};

const CORE = ["state", "cpu", "devices", "kernel", "snapshot", "machine"];
const BINDING = /^(?:let|var) ([A-Za-z_$][\w$]*)|^const ([A-Za-z_$][\w$]*)(?::[^=]+)? = new (?:Map|Set|WeakMap|WeakSet|Array)\b|^const ([A-Za-z_$][\w$]*): (?!Record<|Readonly)[A-Z][\w$<>, ]* = \{/; // Record<…> literals: lookup tables

function found(): string[] {
  const root = packageRoot();
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts") && !n.endsWith(".d.ts") && !n.startsWith("host-") && n !== "root.ts") {
        for (const line of readFileSync(p, "utf8").split("\n")) {
          const m = BINDING.exec(line);
          if (m) out.push(`${relative(root, p)}:${m[1] ?? m[2] ?? m[3]}`);
        }
      }
    }
  };
  for (const c of CORE) walk(join(root, c));
  return out;
}

describe("module-level state in the machine core", () => {
  it("every module-level mutable binding is reviewed (declare it as state or a checked transient, or say here why it is neither)", () => {
    const have = found();
    const unreviewed = have.filter((b) => !(b in REVIEWED));
    const stale = Object.keys(REVIEWED).filter((b) => !have.includes(b));
    expect({ unreviewed, stale }).toEqual({ unreviewed: [], stale: [] });
  });

  it("page hooks are scoped: an exception or a nested call leaves the outer hooks (and then none) in place", () => {
    const S = t.struct({ mem: t.pages });
    const page = new Uint8Array(4096).fill(7);
    const v = { mem: new Map([[3, page]]) };
    const inline = encode(S, v);
    expect(() => withPageHooks({ sink: () => { throw new Error("boom"); } }, () => encode(S, v))).toThrow("boom");
    expect(encode(S, v)).toEqual(inline); // no sink left behind
    const refs: Uint8Array[] = [];
    const outer = withPageHooks({ sink: (p) => (refs.push(p), refs.length - 1) }, () => {
      const inner = withPageHooks({}, () => encode(S, v)); // nested: inline pages
      expect(inner).toEqual(inline);
      return encode(S, v); // the outer sink is back
    });
    expect(outer.length).toBeLessThan(inline.length);
    expect(refs).toHaveLength(1);
    expect(decode(S, inline).mem.get(3)).toEqual(page);
  });
});
