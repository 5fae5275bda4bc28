import { defineConfig } from 'vitest/config'

/** Fixed fast-check seed for every project (FC_SEED overrides; see the file). */
const SEEDED = 'test/setup/fast-check-seed.ts'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          include: ['shared/**/*.test.ts'],
          environment: 'node',
          // pure code (no I/O, no globals, no mocks): one module graph per worker, not per file
          isolate: false,
          setupFiles: [SEEDED],
        },
      },
      {
        test: {
          name: 'backend',
          globalSetup: ['test/setup/postgres.global.ts'],
          include: [
            'electron/**/*.test.ts',
            'test/contract/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
            'test/crash/**/*.test.ts',
            'test/security/**/*.test.ts',
            'test/package/**/*.test.ts',
            'test/scripts/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: [SEEDED],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'central',
          include: ['central/**/*.test.ts'],
          globalSetup: ['test/setup/postgres.global.ts'],
          environment: 'node',
          setupFiles: [SEEDED],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: [SEEDED, 'renderer/src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/e2e-renderer.global.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
