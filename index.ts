// Public library entry: `import { Machine } from "cryobox"`.
export * from "./state/index.js";
