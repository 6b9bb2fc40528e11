// The state-declaration toolkit: schemas, canonical codec, walkers, hashing.
export * from "./schema.js";
export * from "./bytes.js";
export * from "./codec.js";
export * from "./walk.js";
export * from "./hash.js";
