import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/setup-cpu.ts"], // CRYOBOX_JIT=0: interpreter only (docs/cpu.md)
  },
});
