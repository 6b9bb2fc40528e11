// The machine core takes its host pieces from machine/platform.ts: without a
// platform, a machine given its data (an image, in-memory reels) boots and
// runs as usual, and asking for host files is a one-line NoPlatformError
// naming what wanted them — not a crash inside node:fs.
import { afterEach, describe, expect, it } from "vitest";
import { Machine } from "../../machine/machine.js";
import { NoPlatformError, platform, usePlatform } from "../../machine/platform.js";
import { nodePlatform } from "../../machine/host-platform.js";
import { Session } from "../scenarios/helpers.js";

afterEach(() => {
  usePlatform(nodePlatform);
});

describe("the host platform", () => {
  it("is the Node one under the test setup, as under the entry points", () => {
    expect(platform("a test").name).toBe("node");
  });

  it("without one, a machine given its image boots and runs; host files are refused in one line naming what wanted them", () => {
    const image = nodePlatform.defaultImage();
    usePlatform(null);
    const m = Machine.boot({ ttys: 1, image });
    new Session(m).expect("$ ");
    expect(() => Machine.boot({ ttys: 1 })).toThrow(NoPlatformError);
    expect(() => Machine.boot({ ttys: 1 })).toThrow(/^booting the default image needs the host's files/);
    expect(() => m.mount(0, "/tmp/vol.tap")).toThrow(/^reel \/tmp\/vol\.tap needs the host's files, and no host platform is installed: import "cryobox"/);
    expect(() => Machine.boot({ ttys: 1, image, disks: ["/tmp"] })).toThrow(/^disk \/tmp needs the host's files/);
    const m2 = Machine.restore(m.checkpoint());
    expect(m2.digest()).toBe(m.digest());
  });
});
