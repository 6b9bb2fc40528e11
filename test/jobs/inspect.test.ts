// A job snapshot is read, validated, inspected and diffed by the same code as
// a whole-system snapshot (SCENARIOS 29, 30 for kind J), and told apart from
// one by its "job" section.
import { describe, expect, it } from "vitest";
import { bootToPrompt } from "../scenarios/helpers.js";
import { SnapshotError, diffMachines, formatChanges, readSnapshot } from "../../snapshot/index.js";
import { isJobFile, readAnySnapshot, readJobFile } from "../../snapshot/job-file.js";
import { inspectJson, inspectText } from "../../cli/inspect.js";
import { memConsole, procsNamed } from "./helpers.js";

describe("job snapshots in inspect and diff", () => {
  it("inspect shows the job's processes in kernel terms; diff of two job checkpoints shows what changed", () => {
    const s = bootToPrompt({ ttys: 1 });
    s.command("primes 30000 > /tmp/p &");
    const primes = procsNamed(s.m, "primes")[0]!;
    const c = memConsole(s.m);
    c.ok(`chkpnt -p ${primes.pid} /1.job`);
    s.m.run(3_000_000);
    c.ok(`chkpnt -p ${primes.pid} /2.job`);
    const one = c.files.get("/1.job")!;
    const whole = s.m.checkpoint();
    expect(isJobFile(one)).toBe(true);
    expect(isJobFile(whole)).toBe(false);
    const d = readAnySnapshot(one);
    const text = inspectText("/1.job", one.length, d).join("\n");
    expect(text).toContain(`job snapshot: process ${primes.pid} and its descendants, 1 process(es), roots ${primes.pid}`);
    expect(text).toMatch(new RegExp(`\\n\\s+${primes.pid}\\s+0\\s+`)); // ps line: ppid 0 (outside the job)
    expect(text).toContain("/tmp/p");
    const json = inspectJson("/1.job", one.length, d) as { job: { kind: string; roots: number[] }; processes: unknown[]; sections: { name: string }[] };
    expect(json.job.kind).toBe("process");
    expect(json.processes).toHaveLength(1);
    expect(json.sections.map((x) => x.name).slice(0, 4)).toEqual(["config", "outside", "job", "globals"]);
    const changes = formatChanges(diffMachines(readAnySnapshot(one), readAnySnapshot(c.files.get("/2.job")!)));
    expect(changes).toContainEqual(expect.stringMatching(new RegExp(`^process ${primes.pid} \\(primes\\) pc: `)));
    // The whole-system reader refuses a job file by its section, and vice versa.
    expect(() => readSnapshot(one)).toThrow(SnapshotError);
    expect(() => readJobFile(whole)).toThrow(/section "globals" \(v\d+\): expected section "job" here/);
  });
});
