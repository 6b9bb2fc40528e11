// The tmpfs size limit (issue #7): all tmpfs files together hold at most the
// configured bytes of 4 KiB blocks; a write past it is ENOSPC in the guest, and
// removing files gives the room back. Holes (ftruncate or lseek past the end,
// or whole blocks of zeros written over a hole) hold no blocks, as on Linux.

import { describe, expect, it } from "vitest";
import { bareKernel } from "../kernel/helpers.js";
import { AT_FDCWD, BUF, O, SYS, openAt, sys } from "./helpers.js";
import { DEFAULT_TMPFS_SIZE, setTmpfsSize, tmpfsUsage } from "../../kernel/tmpfs-space.js";
import { Machine } from "../../machine/machine.js";

const ENOSPC = -28;
const KiB = 1024;

describe("tmpfs size limit", () => {
  it("writes past the limit fail with ENOSPC; unlink gives the room back; holes are free", () => {
    const { k, p } = bareKernel();
    setTmpfsSize(k, 256 * KiB);
    k.mem(p).poke(BUF, new Uint8Array(16 * KiB).fill(0x61)); // data, not zeros (zeros over a hole stay a hole)
    const chunk = 16 * KiB;
    const fd = openAt(k, p, "/tmp/a", O.CREAT | O.WRONLY);
    let written = 0;
    for (let i = 0; i < 20; i++) {
      const r = sys(k, p, SYS.write, fd, BUF, chunk);
      if (r < 0) {
        expect(r).toBe(ENOSPC);
        break;
      }
      written += r;
    }
    expect(written).toBe(16 * chunk); // the 17th would pass 256 KiB
    expect(tmpfsUsage(k).used).toBeLessThanOrEqual(256 * KiB);
    const b = openAt(k, p, "/tmp/b", O.CREAT | O.RDWR);
    expect(sys(k, p, SYS.ftruncate, b, 200 * KiB, 0)).toBe(0); // a hole costs nothing, even on a full tmpfs
    expect(sys(k, p, SYS.write, b, BUF, 16)).toBe(ENOSPC); // but data in it needs a block
    sys(k, p, SYS.close, fd);
    expect(sys(k, p, SYS.unlinkat, AT_FDCWD, "/tmp/a", 0)).toBe(0);
    expect(tmpfsUsage(k).used).toBe(0);
    expect(sys(k, p, SYS.write, b, BUF, 16)).toBe(16);
    expect(tmpfsUsage(k).used).toBe(4 * KiB);
  });

  it("an unlinked file still open keeps its room until the last close", () => {
    const { k, p } = bareKernel();
    setTmpfsSize(k, 128 * KiB);
    k.mem(p).poke(BUF, new Uint8Array(16 * KiB).fill(0x61));
    const fd = openAt(k, p, "/tmp/a", O.CREAT | O.WRONLY);
    for (let i = 0; i < 6; i++) expect(sys(k, p, SYS.write, fd, BUF, 16 * KiB)).toBe(16 * KiB);
    sys(k, p, SYS.unlinkat, AT_FDCWD, "/tmp/a", 0);
    const g = openAt(k, p, "/tmp/g", O.CREAT | O.WRONLY);
    for (let i = 0; i < 2; i++) expect(sys(k, p, SYS.write, g, BUF, 16 * KiB)).toBe(16 * KiB);
    expect(sys(k, p, SYS.write, g, BUF, 16 * KiB)).toBe(ENOSPC); // 96 + 32 KiB held: no room for 16 more
    sys(k, p, SYS.close, fd);
    expect(sys(k, p, SYS.write, g, BUF, 16 * KiB)).toBe(16 * KiB);
  });

  it("the default is 64 MiB; Machine.boot({ tmpfsSize }) and restore({ tmpfsSize }) set it", () => {
    const m = Machine.boot();
    expect(tmpfsUsage(m.kernel).limit).toBe(DEFAULT_TMPFS_SIZE);
    expect(DEFAULT_TMPFS_SIZE).toBe(64 * 1024 * 1024);
    const small = Machine.boot({ tmpfsSize: 8 * 1024 * 1024 });
    expect(tmpfsUsage(small.kernel).limit).toBe(8 * 1024 * 1024);
    expect(tmpfsUsage(Machine.restore(small.checkpoint(), { tmpfsSize: 4 * 1024 * 1024 }).kernel).limit).toBe(4 * 1024 * 1024);
    expect(() => Machine.boot({ tmpfsSize: 0 })).toThrow(RangeError);
  });
});
