/**
 * test/support/renderer-build.ts: the renderer build the e2e run and the package test share —
 * keyed by what goes into it, made once, waited for while another process makes it.
 */
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../electron/backend/test-helpers'
import { rendererInputsHash, sharedBuild } from '../support/renderer-build'

let t: ReturnType<typeof tempDir>
let builds: string
let made: string[]

const build = (dir: string): void => {
  made.push(dir)
  writeFileSync(join(dir, 'index.html'), '<!doctype html>')
}

beforeEach(() => {
  t = tempDir('dl-shared-build-')
  builds = join(t.dir, 'builds')
  made = []
})
afterEach(() => t.cleanup())

describe('sharedBuild', () => {
  it('builds once; a later caller with the same key gets the finished directory', async () => {
    const a = await sharedBuild({ builds, key: 'k1', build })
    const b = await sharedBuild({ builds, key: 'k1', build })
    expect(b).toBe(a)
    expect(made).toHaveLength(1)
    expect(readFileSync(join(a, 'index.html'), 'utf8')).toBe('<!doctype html>')
    // built aside and renamed: no lock or half-built directory is left
    expect(readdirSync(builds)).toEqual(['k1'])
  })

  it('waits while another process holds the lock, then takes its build without building', async () => {
    mkdirSync(join(builds, 'k2.lock'), { recursive: true })
    // another process: finishes its build 0.6 s from now, then lets the lock go
    const other = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'), p = require('path');
       setTimeout(() => {
         const d = ${JSON.stringify(join(builds, 'k2'))}
         fs.mkdirSync(d); fs.writeFileSync(p.join(d, 'index.html'), 'theirs')
         fs.writeFileSync(p.join(d, '.complete'), 'x')
         fs.rmSync(d + '.lock', { recursive: true })
       }, 600)`,
    ])
    let stderr = ''
    other.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise((r) => other.once('exit', r))
    const dir = await sharedBuild({ builds, key: 'k2', build, waitMs: 90_000 }).catch(
      async (e: unknown) => {
        await exited
        throw new Error(`${String(e)}; the other process said: ${stderr}`)
      },
    )
    await exited
    expect(made).toEqual([])
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('theirs')
  })

  it('builds itself when the other process failed: its lock went and no build is there', async () => {
    const lock = join(builds, 'k3.lock')
    mkdirSync(lock, { recursive: true })
    setTimeout(() => rmSync(lock, { recursive: true }), 300)
    const dir = await sharedBuild({ builds, key: 'k3', build })
    expect(made).toHaveLength(1)
    expect(existsSync(join(dir, '.complete'))).toBe(true)
  })

  it('takes over a lock left by a process that died while building (older than 10 min)', async () => {
    const lock = join(builds, 'k4.lock')
    mkdirSync(lock, { recursive: true })
    const old = new Date(Date.now() - 11 * 60 * 1000)
    utimesSync(lock, old, old)
    const dir = await sharedBuild({ builds, key: 'k4', build })
    expect(made).toHaveLength(1)
    expect(existsSync(lock)).toBe(false)
    expect(existsSync(join(dir, 'index.html'))).toBe(true)
  })

  it('keeps the build another process put in place meanwhile and drops its own', async () => {
    const dir = join(builds, 'k6')
    const got = await sharedBuild({
      builds,
      key: 'k6',
      build: (tmp) => {
        build(tmp)
        // another process that took over the same stale lock finishes first
        mkdirSync(dir)
        writeFileSync(join(dir, 'index.html'), 'theirs')
        writeFileSync(join(dir, '.complete'), 'x')
      },
    })
    expect(got).toBe(dir)
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('theirs')
    expect(readdirSync(builds)).toEqual(['k6'])
  })

  it('replaces what a cut-short removal left (no finished build) with its own', async () => {
    const dir = join(builds, 'k7')
    mkdirSync(join(dir, 'assets'), { recursive: true })
    writeFileSync(join(dir, 'assets', 'left.js'), '')
    const got = await sharedBuild({ builds, key: 'k7', build })
    expect(readFileSync(join(got, 'index.html'), 'utf8')).toBe('<!doctype html>')
    expect(existsSync(join(got, 'assets'))).toBe(false)
    expect(readdirSync(builds)).toEqual(['k7'])
  })

  it('gives up with an error naming the lock when the wait runs out', async () => {
    mkdirSync(join(builds, 'k5.lock'), { recursive: true })
    await expect(sharedBuild({ builds, key: 'k5', build, waitMs: 300 })).rejects.toThrow(/k5\.lock/)
    expect(made).toEqual([])
  })

  it('a failed build leaves no lock and no directory behind', async () => {
    await expect(
      sharedBuild({
        builds,
        key: 'k6',
        build: () => {
          throw new Error('vite failed')
        },
      }),
    ).rejects.toThrow('vite failed')
    expect(readdirSync(builds)).toEqual([])
  })
})

describe('rendererInputsHash', () => {
  function repo(): string {
    const r = join(t.dir, 'repo')
    for (const d of ['renderer/src', 'shared/domain', 'scripts'])
      mkdirSync(join(r, d), { recursive: true })
    writeFileSync(join(r, 'renderer/index.html'), '<div id=root>')
    writeFileSync(join(r, 'renderer/src/main.tsx'), 'export {}')
    writeFileSync(join(r, 'shared/domain/a.ts'), 'export const a = 1')
    writeFileSync(join(r, 'vite.renderer.config.ts'), 'export default {}')
    writeFileSync(join(r, 'scripts/vite-app.mjs'), 'export {}')
    writeFileSync(join(r, 'package-lock.json'), '{}')
    return r
  }

  it('changes with a renderer source, a shared file, the config or the lockfile', () => {
    const r = repo()
    const seen = new Set([rendererInputsHash(r)])
    for (const f of [
      'renderer/src/main.tsx',
      'shared/domain/a.ts',
      'vite.renderer.config.ts',
      'scripts/vite-app.mjs',
      'package-lock.json',
    ]) {
      writeFileSync(join(r, f), `${readFileSync(join(r, f), 'utf8')}\n// changed`)
      seen.add(rendererInputsHash(r))
    }
    writeFileSync(join(r, 'renderer/src/new.ts'), 'export {}')
    seen.add(rendererInputsHash(r))
    expect(seen.size).toBe(7)
  })

  it('stays the same when nothing it reads changed', () => {
    const r = repo()
    const h = rendererInputsHash(r)
    writeFileSync(join(r, 'README.md'), 'not read by the build')
    expect(rendererInputsHash(r)).toBe(h)
  })
})
