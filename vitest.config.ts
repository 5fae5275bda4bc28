import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import { workersFromEnv } from './scripts/test-runs.mjs'

/** DL_TEST_WORKERS, else cores − 1 but at least two (npm test sets its own, scripts/test-runs.mjs). */
function workers(): number {
  return workersFromEnv(process.env.DL_TEST_WORKERS) ?? Math.max(2, availableParallelism() - 1)
}

/**
 * Test files that replace modules or globals (vi.mock, vi.stubGlobal, fake timers…) run in the
 * `isolated` and `renderer-isolated` projects, one module graph per file. Every other Node-side
 * file shares its worker's module graph (`isolate: false`): measured on this 2-core machine
 * with two workers, backend + central took 285.5 s wall and 502 s CPU with a module graph per
 * file, against 197.4 s and 327 s shared (most of a file's start was loading the same modules
 * again); the renderer 13.4 s and 24.6 s CPU against 7.0 s and 12.4 s. The files are found by
 * reading them, so a new mocking test lands in an isolated project by itself.
 */
const REPLACES_MODULES =
  /\bvi\.(mock|doMock|unmock|stubGlobal|stubEnv|resetModules|useFakeTimers)\(/
const TEST_ROOTS = ['electron', 'central', 'test', 'renderer']

function filesReplacingModules(): string[] {
  const found: string[] = []
  for (const root of TEST_ROOTS) {
    const dir = join(import.meta.dirname, root)
    for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const file = `${root}/${rel.split('\\').join('/')}`
      if (!/\.test\.tsx?$/.test(file) || file.startsWith('test/e2e/')) continue
      if (!REPLACES_MODULES.test(readFileSync(join(dir, rel), 'utf8'))) continue
      // the paths go into include/exclude, which read them as glob patterns
      if (/[[\]{}()*?!]/.test(file))
        throw new Error(
          `${file}: a test file that mocks modules needs a name without glob characters`,
        )
      found.push(file)
    }
  }
  return found.sort()
}
const ISOLATED = filesReplacingModules()
const ISOLATED_RENDERER = ISOLATED.filter((f) => f.startsWith('renderer/'))
const ISOLATED_NODE = ISOLATED.filter((f) => !f.startsWith('renderer/'))
const SHARED_MODULES = { isolate: false, exclude: [...configDefaults.exclude, ...ISOLATED] }
/** vitest needs a pattern; this one matches no file */
const NONE = ['no-test-file-replaces-modules']

/** Fixed fast-check seed for every project (FC_SEED overrides; see the file). */
const SEEDED = 'test/setup/fast-check-seed.ts'

export default defineConfig({
  test: {
    // vitest's default is cores − 1: ONE worker on a 2-core machine, where a lone `npx vitest
    // run` of the Node projects then kept 1.2 cores busy on average. At least two here;
    // `npm test` runs two vitest runs side by side and gives each half the cores
    // (scripts/test-runs.mjs: one each on 2 cores); DL_TEST_WORKERS overrides both. The e2e
    // project stays at one file at a time (fileParallelism: false below).
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
          ...SHARED_MODULES,
          environment: 'node',
          setupFiles: [SEEDED],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'isolated',
          globalSetup: ['test/setup/postgres.global.ts'],
          include: ISOLATED_NODE.length > 0 ? ISOLATED_NODE : NONE,
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
          ...SHARED_MODULES,
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
          ...SHARED_MODULES,
          environment: 'jsdom',
          setupFiles: [SEEDED, 'renderer/src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'renderer-isolated',
          include: ISOLATED_RENDERER.length > 0 ? ISOLATED_RENDERER : NONE,
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
          // the suites share one worker's modules, and so one Chromium (test/e2e/harness.ts)
          isolate: false,
        },
      },
    ],
  },
})
