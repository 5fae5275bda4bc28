import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

function workers(): number {
  const set = process.env.DL_TEST_WORKERS
  if (set === undefined || set === '') return Math.max(2, availableParallelism() - 1)
  const n = Number(set)
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`DL_TEST_WORKERS: a whole number from 1 to 64, got ${JSON.stringify(set)}`)
  return n
}

/** Fixed fast-check seed for every project (FC_SEED overrides; see the file). */
const SEEDED = 'test/setup/fast-check-seed.ts'

export default defineConfig({
  test: {
    // vitest's default is cores − 1: ONE worker on a 2-core machine, where the Node run then
    // kept 1.2 cores busy on average. At least two (issue 15 §5,
    // measured in scripts/run-tests.mjs); DL_TEST_WORKERS overrides. The e2e project stays at
    // one file at a time (fileParallelism: false below).
    maxWorkers: workers(),
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
