/**
 * How `npm test` splits the suite (scripts/test-runs.mjs): every vitest project in exactly one of
 * the two runs, half the cores per run side by side, vitest.config.ts's own count one after the
 * other, DL_TEST_WORKERS for both, and a bad DL_TEST_WORKERS refused naming it; the temporary
 * files on /dev/shm only where it is a tmpfs with room and nobody chose otherwise.
 */
import { describe, expect, it } from 'vitest'
import config from '../../vitest.config'
import {
  BROWSER_RUN_PROJECTS,
  NODE_RUN_PROJECTS,
  testRuns,
  tmpfsBase,
  workersFromEnv,
} from '../../scripts/test-runs.mjs'

function configuredProjects(): string[] {
  const projects = (config.test?.projects ?? []) as { test?: { name?: string } }[]
  return projects.map((p) => p.test?.name ?? '(unnamed)')
}

function maxWorkers(args: string[]): string[] {
  return args.filter((a) => a.startsWith('--maxWorkers'))
}

describe('npm test runs', () => {
  it('holds every vitest project in exactly one run', () => {
    const inRuns = [...NODE_RUN_PROJECTS, ...BROWSER_RUN_PROJECTS]
    expect(new Set(inRuns).size).toBe(inRuns.length)
    expect([...inRuns].sort()).toEqual(configuredProjects().sort())
    const runs = testRuns({ parallel: true, cores: 2 })
    expect(runs.map((r) => r.projects)).toEqual([NODE_RUN_PROJECTS, BROWSER_RUN_PROJECTS])
    expect(runs[1]!.args).toEqual([
      'vitest',
      'run',
      '--maxWorkers=1',
      '--project',
      'e2e',
      '--project',
      'central',
    ])
  })

  it('side by side: half the cores per run, at least one; the second run prefixed', () => {
    for (const [cores, want] of [
      [1, 1],
      [2, 1],
      [3, 1],
      [8, 4],
    ] as const) {
      const runs = testRuns({ parallel: true, cores })
      expect(runs.map((r) => maxWorkers(r.args))).toEqual([
        [`--maxWorkers=${want}`],
        [`--maxWorkers=${want}`],
      ])
    }
    expect(testRuns({ parallel: true, cores: 2 }).map((r) => r.prefix)).toEqual([
      '',
      '[e2e+central] ',
    ])
  })

  it('one after the other: vitest.config.ts decides, no prefix; DL_TEST_WORKERS sets both', () => {
    const inRow = testRuns({ parallel: false, cores: 2 })
    expect(inRow.map((r) => maxWorkers(r.args))).toEqual([[], []])
    expect(inRow.map((r) => r.prefix)).toEqual(['', ''])
    for (const parallel of [true, false]) {
      const runs = testRuns({ parallel, cores: 2, workers: 3, extra: ['--reporter=dot'] })
      expect(runs.map((r) => maxWorkers(r.args))).toEqual([['--maxWorkers=3'], ['--maxWorkers=3']])
      expect(runs.map((r) => r.args.at(-1))).toEqual(['--reporter=dot', '--reporter=dot'])
    }
  })

  it('DL_TEST_WORKERS: a whole number from 1 to 64, or unset', () => {
    expect(workersFromEnv(undefined)).toBeNull()
    expect(workersFromEnv('')).toBeNull()
    expect(workersFromEnv('1')).toBe(1)
    expect(workersFromEnv('64')).toBe(64)
    for (const bad of ['0', '65', '1.5', 'two', '-1'])
      expect(() => workersFromEnv(bad)).toThrow(
        `DL_TEST_WORKERS: a whole number from 1 to 64, got ${JSON.stringify(bad)}`,
      )
  })
})

describe('the temporary directory of npm test', () => {
  const TMPFS = 0x01021994
  const EXT4 = 0xef53
  const free = (gib: number) => ({ bavail: (gib * 1024 ** 3) / 4096, bsize: 4096 })
  const shm = (type: number, gib: number) => (path: string) => {
    if (path !== '/dev/shm') throw new Error(`statfs of ${path}`)
    return { type, ...free(gib) }
  }

  it('/dev/shm on Linux when it is a tmpfs with 2 GiB free', () => {
    expect(tmpfsBase({ env: {}, platform: 'linux', statfs: shm(TMPFS, 23) })).toBe('/dev/shm')
    expect(tmpfsBase({ env: { TMPDIR: '' }, platform: 'linux', statfs: shm(TMPFS, 2) })).toBe(
      '/dev/shm',
    )
  })

  it('the default stays: TMPDIR set, DL_TEST_TMPFS=0, not Linux, not a tmpfs, too full, no /dev/shm', () => {
    const none = (): never => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    }
    for (const [env, platform, statfs] of [
      [{ TMPDIR: '/var/tmp' }, 'linux', shm(TMPFS, 23)],
      [{ DL_TEST_TMPFS: '0' }, 'linux', shm(TMPFS, 23)],
      [{}, 'win32', shm(TMPFS, 23)],
      [{}, 'darwin', shm(TMPFS, 23)],
      [{}, 'linux', shm(EXT4, 23)],
      [{}, 'linux', shm(TMPFS, 1.5)],
      [{}, 'linux', none],
    ] as const)
      expect(tmpfsBase({ env, platform, statfs })).toBeNull()
  })
})
