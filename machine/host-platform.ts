// The Node platform (machine/platform.ts): the default image from user/bin,
// reels and disks from host paths. Importing this file installs it; the Node
// entry points do. Host-side file (node built-ins through the files it wires).

import { type Platform, usePlatform } from "./platform.js";
import { defaultImage } from "./host-image.js";
import { openHostReelFile } from "./host-reels.js";
import { NodeHostDir } from "../devices/disk/host-dir.js";

export const nodePlatform: Platform = {
  name: "node",
  defaultImage,
  openReelFile: openHostReelFile,
  openDir: (path) => new NodeHostDir(path),
};

usePlatform(nodePlatform);
