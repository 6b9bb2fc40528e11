// Self-checkpoint (SCENARIOS 21): `primes -c SECONDS -f FILE` checkpoints
// itself through the chkpnt system call (kind "self"); the call returns 0 in
// the run that took it and 1 in a run restarted from the file. A run killed
// twice and restarted twice from its latest checkpoint (`primes -R FILE`)
// finishes with output byte-identical to an uninterrupted run.
import { describe, expect, it } from "vitest";
import { bootToPrompt } from "../scenarios/helpers.js";
import { readJobFile } from "../../snapshot/job-file.js";
import { breathe, procsNamed, runUntil, tmpfsBytes, tmpfsText } from "./helpers.js";
import { SYS_CHKPNT } from "../../kernel/sys-ckpt.js";

const LIMIT = 50000;

function uninterrupted(): string {
  const s = bootToPrompt({ ttys: 1 });
  s.command(`primes ${LIMIT} > /tmp/ref`, 4_000_000_000);
  return tmpfsText(s.m, "/tmp/ref")!;
}

describe("self-checkpoint", () => {
  it("returns 0 in the original and 1 when restarted; a run killed and restarted twice ends as an uninterrupted one", async () => {
    const want = uninterrupted();
    await breathe();
    expect(want.endsWith("49999\n")).toBe(true);
    const s = bootToPrompt({ ttys: 1 });
    s.command(`primes -v -c 0.01 -f /tmp/p.ck ${LIMIT} > /tmp/out &`);
    const ck = (): Uint8Array | null => tmpfsBytes(s.m, "/tmp/p.ck");
    let seen: Uint8Array | null = null;
    for (let round = 0; round < 3; round++) {
      await breathe();
      // Wait for a checkpoint newer than the one restarted from, then lose the run.
      runUntil(s.m, () => {
        const c = ck();
        return c !== null && c !== seen && tmpfsBytes(s.m, "/tmp/p.ck.new") === null;
      });
      seen = ck();
      const saved = readJobFile(seen!);
      expect(saved.job.kind).toBe("self");
      const self = saved.state.procs.get(saved.job.self)!;
      expect(self.hart.x[10]).toBe(1); // the copy returns 1 …
      const live = procsNamed(s.m, "primes").find((p) => p.argv.includes("-c"))!;
      expect(live.pid).toBe(saved.job.self);
      if (round === 2) break;
      s.m.run(500_000); // it goes on a little, printing more than the checkpoint holds
      expect(tmpfsText(s.m, "/tmp/out")!.length).toBeGreaterThan(0);
      s.command(`kill -9 ${live.pid}`);
      s.command("true");
      // … and the restarted run carries on from the checkpoint, its output cut back to it.
      s.type("primes -R /tmp/p.ck &\n");
      s.expect(`primes: restarted from /tmp/p.ck at`);
    }
    runUntil(s.m, () => procsNamed(s.m, "primes").length === 0, 8_000_000_000);
    expect(tmpfsText(s.m, "/tmp/out")).toBe(want);
  });

  it("the original run gets 0 from the call (a7 = 0x4000, kind 2) and goes on", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("primes -c 0.01 -f /tmp/q.ck 20000 > /tmp/out");
    expect(tmpfsBytes(s.m, "/tmp/q.ck")).not.toBeNull();
    expect(tmpfsText(s.m, "/tmp/out")!.endsWith("19997\n")).toBe(true);
    expect(SYS_CHKPNT).toBe(0x4000);
  });
});
