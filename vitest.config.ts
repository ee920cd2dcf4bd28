import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Generous: several tests start real processes (the CLI, wrangler, a killed drainer) on shared machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
