// Section upgrades (QEMU's versioned sections): a committed snapshot written
// with version 0 of a toy section loads through its registered upgrade step.
// Regenerate the fixture (only if the v0 recipe below changes, which it should
// not): CRYOBOX_UPDATE_FIXTURES=1 npx vitest run test/snapshot/upgrade.test.ts

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { t } from "../../state/index.js";
import { SnapshotError } from "../../snapshot/errors.js";
import { readSnapshotFile, writeSnapshotFile, type SnapshotSpec } from "../../snapshot/snapshot.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "toy-points-v0.snap");

const PointV0 = t.struct({ x: t.u16, y: t.u16 });
const PointV1 = t.struct({ x: t.i32, y: t.i32, label: t.string });
const Config = t.struct({ ttys: t.uint });

/** How the fixture was written: the "points" section at version 0. */
const SPEC_V0: SnapshotSpec = { config: Config, root: t.struct({ clock: t.uint, points: t.array(PointV0) }), versions: { points: { version: 0 } } };

/** Today's reader: "points" is version 1, with a step up from 0 (coordinates widen, points get labels). */
const SPEC_V1: SnapshotSpec = {
  config: Config,
  root: t.struct({ clock: t.uint, points: t.array(PointV1) }),
  versions: {
    points: {
      version: 1,
      upgrades: [
        {
          from: 0,
          schema: t.array(PointV0),
          upgrade: (old) => (old as { x: number; y: number }[]).map((p, i) => ({ x: p.x, y: p.y, label: `p${i}` })),
        },
      ],
    },
  },
};

const V0_STATE = { clock: 777, points: [{ x: 1, y: 2 }, { x: 65535, y: 0 }] };
const noOutside = { reels: [], terminals: [], disks: [] };

describe("section upgrades", () => {
  it("the committed v0 fixture is what the v0 recipe writes", () => {
    const bytes = writeSnapshotFile(SPEC_V0, { ttys: 1 }, noOutside, V0_STATE);
    if (process.env.CRYOBOX_UPDATE_FIXTURES === "1") writeFileSync(FIXTURE, bytes);
    // Every section but the page store holds the same bytes (name, version, checksum). The page store
    // is the container's own: it moved on (v3) since the fixture was written, and the fixture keeps
    // its older store on purpose — it is an old file that must go on loading (next test).
    const sections = (file: Uint8Array) =>
      readSnapshotFile(SPEC_V0, file).sections.filter((x) => x.name !== "pages").map((x) => `${x.name} v${x.version} ${x.sha256}`);
    expect(sections(new Uint8Array(readFileSync(FIXTURE)))).toEqual(sections(bytes));
    expect(sections(bytes).some((x) => x.startsWith("points v0 "))).toBe(true);
  });

  it("loads a v0 section through its upgrade step", () => {
    const d = readSnapshotFile<{ ttys: number }, { clock: number; points: unknown[] }>(SPEC_V1, new Uint8Array(readFileSync(FIXTURE)));
    expect(d.state).toEqual({ clock: 777, points: [{ x: 1, y: 2, label: "p0" }, { x: 65535, y: 0, label: "p1" }] });
    expect(d.sections.find((s) => s.name === "points")?.version).toBe(0);
  });

  it("refuses a version with no upgrade path, and an upgrade that produces an undeclared field", () => {
    const file = new Uint8Array(readFileSync(FIXTURE));
    const noSteps: SnapshotSpec = { ...SPEC_V1, versions: { points: { version: 1 } } };
    expect(() => readSnapshotFile(noSteps, file)).toThrow(SnapshotError);
    expect(() => readSnapshotFile(noSteps, file)).toThrow(/section "points" \(v0\): no upgrade from v0 to v1 is known/);
    const sloppy: SnapshotSpec = {
      ...SPEC_V1,
      versions: { points: { version: 1, upgrades: [{ from: 0, schema: t.array(PointV0), upgrade: (old) => (old as object[]).map((p) => ({ ...p, label: "", z: 0 })) }] } },
    };
    expect(() => readSnapshotFile(sloppy, file)).toThrow(/section "points" \(v0\): \$\.points\[0\]\.z: field is not declared/);
  });
});
