import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: fault-injection runs (Zoom and Slack misbehaving, processes killed, replicas,
// a database restart). Slower than the main suite, so a separate command.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
