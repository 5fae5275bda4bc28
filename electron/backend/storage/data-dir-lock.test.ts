/**
 * One process per data directory (issue 12 §4): real processes on a real temp directory.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isAppException } from '../../../shared/contract/errors'
import { createBackend } from '../create-backend'
import { tempDir } from '../test-helpers'
import { acquireDataDirLock, LOCK_FILE, pidAlive } from './data-dir-lock'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
function dir(): string {
  const t = tempDir('dl-lock-')
  cleanups.push(t.cleanup)
  return t.dir
}

function conflict(fn: () => unknown): { code: string; field?: string; message: string } {
  try {
    fn()
  } catch (e) {
    if (isAppException(e)) return { code: e.code, message: e.message, field: e.field }
    throw e
  }
  throw new Error('expected CONFLICT')
}

/** A plain Node child that takes the lock (the compiled lock file is not needed: it writes the
 *  same JSON a holder writes) and waits; returns its pid and a kill function. */
async function holderProcess(
  d: string,
): Promise<{ pid: number; kill: (sig: NodeJS.Signals) => Promise<void> }> {
  const script = `
    const fs = require('node:fs'), os = require('node:os');
    fs.writeFileSync(${JSON.stringify(join(d, LOCK_FILE))}, JSON.stringify({ pid: process.pid,
      command: 'dl-assessor host (test holder)', host: os.hostname(), since: new Date().toISOString(),
      token: 'holder' }), { flag: 'wx' });
    process.stdout.write('held\\n'); setInterval(() => {}, 1000);`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('exit', (c) => reject(new Error(`holder exited ${String(c)}`)))
  })
  const kill = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const gone = new Promise((r) => child.once('exit', r))
    child.kill(sig)
    await gone
  }
  cleanups.push(() => kill('SIGKILL'))
  return { pid: child.pid!, kill }
}

describe('data directory lock', () => {
  it('a second taker gets CONFLICT naming the directory and the holder (pid and command)', async () => {
    const d = dir()
    const h = await holderProcess(d)
    const e = conflict(() => acquireDataDirLock(d, { command: 'assess backup create' }))
    expect(e.code).toBe('CONFLICT')
    expect(e.field).toBe('dataDir')
    expect(e.message).toContain(d)
    expect(e.message).toContain(`进程 ${h.pid}`)
    expect(e.message).toContain('dl-assessor host (test holder)')
    expect(e.message).toContain(join(d, LOCK_FILE))
    expect(e.message.split('\n')).toHaveLength(1)
  })

  it('a holder killed with SIGKILL leaves a stale lock that the next process takes over', async () => {
    const d = dir()
    const h = await holderProcess(d)
    await h.kill('SIGKILL')
    expect(pidAlive(h.pid)).toBe(false)
    const lock = acquireDataDirLock(d, { command: 'next' })
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'next',
    })
    lock.release()
    expect(existsSync(lock.file)).toBe(false)
  })

  it('a holder on another computer is never taken over; an unreadable lock is not either', () => {
    const d = dir()
    const file = join(d, LOCK_FILE)
    writeFileSync(
      file,
      JSON.stringify({ pid: 1, command: 'x', host: 'other-pc', since: '', token: 't' }),
    )
    expect(conflict(() => acquireDataDirLock(d, { isAlive: () => false })).message).toContain(
      '计算机 other-pc',
    )
    writeFileSync(file, '')
    expect(conflict(() => acquireDataDirLock(d, { isAlive: () => false })).code).toBe('CONFLICT')
  })

  it('release removes only its own lock', () => {
    const d = dir()
    const a = acquireDataDirLock(d, { command: 'a' })
    a.release()
    const b = acquireDataDirLock(d, { command: 'b' })
    a.release() // a second release of an old lock must not remove b's
    expect(JSON.parse(readFileSync(b.file, 'utf8')).command).toBe('b')
    b.release()
  })

  it('createBackend takes it: a second backend on the directory is refused until the first closes', async () => {
    const d = dir()
    const first = await createBackend({
      dataDir: d,
      autoBackup: false,
      lock: { command: 'desktop backend' },
    })
    cleanups.push(() => first.close())
    const second = await createBackend({ dataDir: d, autoBackup: false }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(second).toMatchObject({ code: 'CONFLICT', field: 'dataDir' })
    expect((second as Error).message).toContain('desktop backend')
    await first.close()
    const third = await createBackend({ dataDir: d, autoBackup: false })
    await third.close()
    expect(existsSync(join(d, LOCK_FILE))).toBe(false)
  })

  it('a failed start releases the lock (wrong key)', async () => {
    const d = dir()
    const { rawKeyProvider } = await import('./key-provider')
    const { randomBytes } = await import('node:crypto')
    const b = await createBackend({ dataDir: d, key: rawKeyProvider(randomBytes(32)) })
    await b.close()
    await expect(
      createBackend({ dataDir: d, key: rawKeyProvider(randomBytes(32)), autoBackup: false }),
    ).rejects.toMatchObject({ code: 'WRONG_KEY' })
    expect(existsSync(join(d, LOCK_FILE))).toBe(false)
  })
})
