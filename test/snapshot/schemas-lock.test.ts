// A schema change without a version bump fails here (QEMU's vmstate checker
// idea). snapshot/schemas.lock.txt is the checked-in dump of every section's
// schema; after bumping the section's version in snapshot/versions.ts (and
// adding an upgrade step when old snapshots should still load), regenerate it:
//   CRYOBOX_UPDATE_LOCK=1 npx vitest run test/snapshot/schemas-lock.test.ts

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../state/root.js";
import { schemaLock } from "../../snapshot/spec.js";

const LOCK = join(packageRoot(), "snapshot", "schemas.lock.txt");
const HOW = "bump the section's version in snapshot/versions.ts, then regenerate with CRYOBOX_UPDATE_LOCK=1 npx vitest run test/snapshot/schemas-lock.test.ts";

/** name -> { version, schema } of a lock text. */
function entries(text: string): Map<string, { version: string; schema: string }> {
  const out = new Map<string, { version: string; schema: string }>();
  for (const line of text.split("\n")) {
    const m = /^(\S+) v(\d+) (.*)$/.exec(line);
    if (m) out.set(m[1]!, { version: m[2]!, schema: m[3]! });
  }
  return out;
}

describe("snapshot schema lock", () => {
  it("every section's schema matches the lock, or its version was bumped and the lock regenerated", () => {
    const now = schemaLock();
    if (process.env.CRYOBOX_UPDATE_LOCK === "1") writeFileSync(LOCK, now);
    const locked = entries(readFileSync(LOCK, "utf8"));
    const problems: string[] = [];
    for (const [name, cur] of entries(now)) {
      const old = locked.get(name);
      if (!old) problems.push(`section "${name}" is new (not in the lock): regenerate the lock`);
      else if (old.version === cur.version && old.schema !== cur.schema) {
        problems.push(`section "${name}" changed its schema without a version bump (still v${cur.version}): ${HOW}`);
      } else if (old.version !== cur.version || old.schema !== cur.schema) {
        problems.push(`section "${name}" is v${cur.version} but the lock has v${old.version}: regenerate the lock`);
      }
    }
    for (const name of locked.keys()) if (!entries(now).has(name)) problems.push(`section "${name}" was removed: ${HOW}`);
    if (problems.length > 0) console.warn(`schema lock: ${problems.join("\n")}\n(${HOW})`);
    expect(problems).toEqual([]);
  });
});
