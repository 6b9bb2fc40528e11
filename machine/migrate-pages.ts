// The page maps of a machine's state for live migration: the canonical walk
// lives in snapshot/page-sites.ts (incremental checkpoints use it too).

export { type PageMap, type PageSite, pageSites } from "../snapshot/page-sites.js";
