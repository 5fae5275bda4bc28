/**
 * `npm run assess` (issue 15 §4): scripts/assess.mjs runs the one-file bundle and builds it
 * first when it is missing or stale (scripts/build-cli.mjs staleReason), and the package exposes
 * it as a `bin`. The staleness rule is checked on a bundle, input list and sources of its own in
 * a temp directory (file times set explicitly), so it never touches out/cli that other test files
 * run; one real `node scripts/assess.mjs` run shows the whole path works.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../electron/backend/test-helpers'
import { REPO } from '../support/node-script'

const t = tempDir('dl-cli-bundle-')
afterAll(() => t.cleanup())

type At = { bundle: string; inputs: string; base: string }
const { staleReason } = (await import(join(REPO, 'scripts', 'build-cli.mjs'))) as {
  staleReason: (at?: At) => string | null
}

const OLD = new Date('2026-01-01T00:00:00Z')
const BUILT = new Date('2026-01-02T00:00:00Z')
const NEW = new Date('2026-01-03T00:00:00Z')

function layout(name: string): At & { touch(rel: string, when: Date): void } {
  const base = join(t.dir, name)
  mkdirSync(join(base, 'scripts'), { recursive: true })
  mkdirSync(join(base, 'src'), { recursive: true })
  mkdirSync(join(base, 'out'), { recursive: true })
  const touch = (rel: string, when: Date): void => {
    const p = join(base, rel)
    writeFileSync(p, rel, { flag: 'a' })
    utimesSync(p, when, when)
  }
  for (const f of ['scripts/build-cli.mjs', 'package.json', 'src/a.ts', 'src/b.ts']) touch(f, OLD)
  return {
    base,
    bundle: join(base, 'out', 'assess.cjs'),
    inputs: join(base, 'out', 'in.json'),
    touch,
  }
}

describe('the CLI bundle is rebuilt exactly when it is missing or stale', () => {
  it('missing bundle or input list → not built yet', () => {
    const at = layout('missing')
    expect(staleReason(at)).toBe('not built yet')
    writeFileSync(at.inputs, JSON.stringify(['src/a.ts']))
    expect(staleReason(at)).toBe('not built yet')
    at.touch('out/assess.cjs', BUILT)
    rmSync(at.inputs)
    expect(staleReason(at)).toBe('not built yet')
  })

  it('up to date when every input is older than the bundle; a newer input names itself', () => {
    const at = layout('fresh')
    writeFileSync(at.inputs, JSON.stringify(['src/a.ts', 'src/b.ts']))
    at.touch('out/assess.cjs', BUILT)
    expect(staleReason(at)).toBeNull()
    at.touch('src/b.ts', NEW)
    expect(staleReason(at)).toBe('src/b.ts changed')
  })

  it('the build script and package.json count as inputs (externals, build options)', () => {
    const at = layout('tooling')
    writeFileSync(at.inputs, JSON.stringify(['src/a.ts']))
    at.touch('out/assess.cjs', BUILT)
    at.touch('package.json', NEW)
    expect(staleReason(at)).toBe('package.json changed')
    at.touch('package.json', OLD)
    at.touch('scripts/build-cli.mjs', NEW)
    expect(staleReason(at)).toBe('scripts/build-cli.mjs changed')
  })

  it('an input that is gone, or a damaged input list, forces a rebuild', () => {
    const at = layout('gone')
    writeFileSync(at.inputs, JSON.stringify(['src/a.ts', 'src/c.ts']))
    at.touch('out/assess.cjs', BUILT)
    expect(staleReason(at)).toBe('src/c.ts is gone')
    writeFileSync(at.inputs, '["src/a.ts"')
    expect(staleReason(at)).toBe('input list unreadable')
    writeFileSync(at.inputs, '{"src/a.ts":1}')
    expect(staleReason(at)).toBe('input list unreadable')
  })

  it('npm run assess and the package bin both run scripts/assess.mjs', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      bin: Record<string, string>
      scripts: Record<string, string>
    }
    expect(pkg.scripts.assess).toBe('node scripts/assess.mjs')
    expect(pkg.bin).toEqual({ 'dl-assess': 'scripts/assess.mjs' })
    expect(readFileSync(join(REPO, 'scripts', 'assess.mjs'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    )
  })

  it('node scripts/assess.mjs score runs the bundle (building it when stale)', () => {
    const r = spawnSync(
      process.execPath,
      ['scripts/assess.mjs', 'score', 'examples/diagnosis-level2-qibin-dianqi.json', '--json'],
      { cwd: REPO, encoding: 'utf8' },
    )
    expect(r.status, r.stderr).toBe(0)
    // stderr is empty, or the one line saying why the bundle was rebuilt
    expect(r.stderr).toMatch(/^(\(CLI rebuilt: [^\n]+\)\n)?$/)
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 56.15, level: 2 })
    expect(staleReason()).toBeNull()
  })

  it('node scripts/assess.mjs verify-report works on every run (PDF.js loads with import())', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-assess-mjs-'))
    try {
      const pdf = join(dir, 'r.pdf')
      const run = (args: string[]) =>
        spawnSync(process.execPath, ['scripts/assess.mjs', ...args], {
          cwd: REPO,
          encoding: 'utf8',
        })
      const made = run([
        'report',
        'examples/diagnosis-level2-qibin-dianqi.json',
        '-o',
        pdf,
        '--self-signed',
        'Zhang San/Test Org',
      ])
      expect(made.status, made.stderr).toBe(0)
      // twice: a start-up cache made by the first run once broke the second
      for (let i = 0; i < 2; i++) {
        const v = run(['verify-report', pdf])
        expect(v.status, v.stdout + v.stderr).toBe(0)
        expect(v.stdout).toMatch(/^valid: diagnosis report /)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
