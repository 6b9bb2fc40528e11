// KNOWN BUG (found in the restore review, not fixed: kernel/sys-fs.ts and kernel/vfs.ts belong to
// the kernel review). `rmdir` of a directory that is some process's cwd frees its inode (cwd is not
// counted in `opens`), so the process's cwd names an inode that no longer exists:
//   - the machine's own checkpoint is refused by restore ($.procs[N].cwd: names inode …, which does not exist);
//   - the next relative path that process resolves throws a host exception ("kernel bug: no inode N").
// Linux keeps the dead directory while it is anyone's cwd (lookups in it give ENOENT). This test is
// marked `fails` so the suite stays green; drop `.fails` when the kernel is fixed.
import { describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";

describe("a removed working directory", () => {
  it.fails("checkpoints, restores and keeps running (KNOWN BUG: kernel frees a cwd directory)", () => {
    const m = Machine.boot({ ttys: 1 });
    m.run();
    m.tty(0).send("mkdir /tmp/d; cd /tmp/d; rm -r /tmp/d\n");
    m.run(50_000_000);
    expect(() => Machine.restore(m.checkpoint())).not.toThrow();
    m.tty(0).send("echo x > y\n");
    expect(() => m.run(50_000_000)).not.toThrow();
  });
});
