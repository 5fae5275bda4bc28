import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'

function workers(): number {
  const set = process.env.DL_TEST_WORKERS
  if (set === undefined || set === '') return Math.max(2, availableParallelism() - 1)
  const n = Number(set)
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`DL_TEST_WORKERS: a whole number from 1 to 64, got ${JSON.stringify(set)}`)
  return n
}

/**
 * Test files that replace modules or globals (vi.mock, vi.stubGlobal, fake timers…): they run
 * in the `isolated` project, one module graph per file. Every other backend and central file
 * shares its worker's module graph (`isolate: false`): measured on this 2-core machine
 * (`npx vitest run --project backend --project central`, two workers) 285.5 s wall and
 * 502 s CPU per file graph, against 197.4 s and 327 s shared — most of a file's start was
 * loading the same modules again. Found by reading the files, so a new mocking test lands in
 * the right project by itself.
 */
const REPLACES_MODULES =
  /\bvi\.(mock|doMock|unmock|stubGlobal|stubEnv|resetModules|useFakeTimers)\(/
const SERVER_TEST_ROOTS = ['electron', 'central', 'test']

function filesReplacingModules(): string[] {
  const found: string[] = []
  for (const root of SERVER_TEST_ROOTS) {
    for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      const file = join(root, rel).split('\\').join('/')
      if (!/\.test\.ts$/.test(file) || file.startsWith('test/e2e/')) continue
      if (REPLACES_MODULES.test(readFileSync(file, 'utf8'))) found.push(file)
    }
  }
  return found.sort()
}
const ISOLATED = filesReplacingModules()

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
          exclude: [...configDefaults.exclude, ...ISOLATED],
          environment: 'node',
          isolate: false,
          setupFiles: [SEEDED],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'isolated',
          globalSetup: ['test/setup/postgres.global.ts'],
          include: ISOLATED.length > 0 ? ISOLATED : ['no-file-replaces-modules'],
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
          exclude: [...configDefaults.exclude, ...ISOLATED],
          globalSetup: ['test/setup/postgres.global.ts'],
          environment: 'node',
          isolate: false,
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
