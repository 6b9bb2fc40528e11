// Test setup: the Node platform (the default image, reels and disks from host
// paths), as under the Node entry points; test/state/sha256.test.ts checks the
// machine core reaches no Node built-in without it.
import "../machine/host-platform.js";
