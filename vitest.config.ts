import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once, for the tests that run the compiled CLI.
    globalSetup: ['test/global-setup.ts'],
    // CLI tests start real processes; give a loaded 2-core CI machine room.
    testTimeout: 20_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
