/**
 * Builds the renderer the browser-mode host serves (vite.renderer.config.ts).
 *
 * `buildRenderer(outDir)` builds into `outDir` (default out/renderer, where the host looks unless
 * DL_RENDERER_DIR says otherwise); the renderer benches use it.
 *
 * `sharedRendererBuild()` builds once per content: into out/renderer-builds/<hash of what goes
 * into the build>, and every later caller with the same sources gets that directory. The e2e
 * run's global setup and the package test (test/package/payload.test.ts, beside it in
 * `npm test`) both need the renderer; before, each ran its own `vite build` of the same sources
 * (about 9 s of CPU each on this machine, measured 2026-12-07). Two processes asking at once:
 * one builds (it holds out/renderer-builds/<hash>.lock), the other waits for the finished
 * directory. A build directory appears only complete (built aside, then renamed).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, relative, sep } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { toolCommand, toolSpawnOptions } from '../../scripts/spawn-options.mjs'

const REPO = join(import.meta.dirname, '..', '..')
const BUILDS = join(REPO, 'out', 'renderer-builds')

export function buildRenderer(outDir = join(REPO, 'out', 'renderer')): void {
  const r = spawnSync(
    toolCommand('npx'),
    [
      'vite',
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    toolSpawnOptions({ cwd: REPO, encoding: 'utf8' }),
  )
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`)
}

/** What the renderer build reads of ours: its sources, shared/, the configs, the lockfile. */
const INPUT_DIRS = ['renderer', 'shared']
const INPUT_FILES = ['vite.renderer.config.ts', 'scripts/vite-app.mjs', 'package-lock.json']

/** Every file under `dir`, node_modules left out. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .filter((f) => !relative(dir, f).split(sep).includes('node_modules'))
}

/** sha-256 over the paths and contents of everything the build reads of the repository. */
export function rendererInputsHash(repo = REPO): string {
  const files = [
    ...INPUT_DIRS.flatMap((d) => filesUnder(join(repo, d))),
    ...INPUT_FILES.map((f) => join(repo, f)),
  ]
    .map((f) => relative(repo, f).split('\\').join('/'))
    .sort()
  const h = createHash('sha256')
  for (const f of files) {
    h.update(f).update('\0')
    h.update(readFileSync(join(repo, f))).update('\0')
  }
  return h.digest('hex').slice(0, 16)
}

const COMPLETE = '.complete'
/** A lock older than this is left over from a process that died while building. */
const STALE_LOCK_MS = 10 * 60 * 1000
const WAIT_MS = 15 * 60 * 1000

/** The directory of a finished renderer build of the current sources (built when missing). */
export function sharedRendererBuild(): Promise<string> {
  return sharedBuild({ builds: BUILDS, key: rendererInputsHash(), build: buildRenderer })
}

export interface SharedBuild {
  /** the directory holding the builds */
  builds: string
  /** what the build is of (its inputs' hash): the build's directory name */
  key: string
  /** builds into the (new, empty) directory given */
  build: (dir: string) => void
  /** how long to wait for another process's build (default 15 min) */
  waitMs?: number
}

/**
 * `builds/key` once it holds a finished build: made by `build` under `builds/key.lock` unless
 * it is there, or waited for while another process holds the lock.
 */
export async function sharedBuild({
  builds,
  key,
  build,
  waitMs = WAIT_MS,
}: SharedBuild): Promise<string> {
  const dir = join(builds, key)
  const lock = `${dir}.lock`
  mkdirSync(builds, { recursive: true })
  const deadline = Date.now() + waitMs
  for (;;) {
    if (existsSync(join(dir, COMPLETE))) return dir
    if (takeLock(lock)) {
      try {
        if (existsSync(join(dir, COMPLETE))) return dir
        const tmp = `${dir}.${process.pid}.tmp`
        rmSync(tmp, { recursive: true, force: true })
        mkdirSync(tmp)
        try {
          build(tmp)
        } catch (e) {
          rmSync(tmp, { recursive: true, force: true })
          throw e
        }
        writeFileSync(join(tmp, COMPLETE), new Date().toISOString())
        install(tmp, dir)
        pruneOtherBuilds(builds, dir)
        return dir
      } finally {
        rmSync(lock, { recursive: true, force: true })
      }
    }
    if (Date.now() > deadline)
      throw new Error(`shared build: waited ${Math.round(waitMs / 1000)} s for ${lock} to go`)
    await sleep(250)
  }
}

/**
 * Moves a finished build into place. A directory appears there only by this rename, finished,
 * so a finished one is never removed: when two processes built (both took over the same stale
 * lock), the second one's rename fails on the first one's directory, which a host may already
 * serve, and the second build is dropped.
 */
function install(tmp: string, dir: string): void {
  try {
    renameSync(tmp, dir)
  } catch (e) {
    if (existsSync(join(dir, COMPLETE))) {
      rmSync(tmp, { recursive: true, force: true })
      return
    }
    if (!existsSync(dir)) throw e
    // no build of anyone's: what a removal cut short left
    rmSync(dir, { recursive: true, force: true })
    renameSync(tmp, dir)
  }
}

function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) {
      rmSync(lock, { recursive: true, force: true })
      mkdirSync(lock)
      return true
    }
  } catch {
    // another process took or removed it first: wait on
  }
  return false
}

/**
 * Builds of other sources go, and what a dead process left (a lock, a half-built directory),
 * unless younger than an hour: a run started before the sources changed may still serve it.
 */
function pruneOtherBuilds(builds: string, keep: string): void {
  const cutoff = Date.now() - 60 * 60 * 1000
  for (const name of readdirSync(builds)) {
    const p = join(builds, name)
    if (p === keep) continue
    try {
      if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true })
    } catch {
      // gone already
    }
  }
}
