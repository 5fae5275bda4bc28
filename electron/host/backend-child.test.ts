/**
 * The backend in its own process (issue 15 §1), as browser mode runs it: the plain-Node entry
 * forked by the host, calls and events over IPC, the data directory lock held by that process.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { BackendConnection } from '../backend/process/client'
import { LOCK_FILE } from '../backend/storage/data-dir-lock'
import { enterpriseInput, tempDir } from '../backend/test-helpers'
import { bundledScript } from '../../test/support/node-script'
import { startBackendChild } from './backend-child'

const t = tempDir('dl-backend-child-')
const open: BackendConnection[] = []
afterAll(async () => {
  for (const c of open) await c.close()
  t.cleanup()
})

async function start(
  dataDir: string,
  extra: Partial<Parameters<typeof startBackendChild>[0]['init']> = {},
) {
  const c = await startBackendChild({
    entry: await bundledScript('electron/backend/process/node-entry.ts'),
    init: {
      dataDir,
      key: { mode: 'unencrypted' },
      lockCommand: 'test host',
      autoBackup: false,
      ...extra,
    },
  })
  open.push(c)
  return c
}

describe('the backend process (browser mode)', () => {
  it('answers contract calls, pushes events, holds the data directory lock, and releases it on close', async () => {
    const dir = join(t.dir, 'a')
    const c = await start(dir)
    expect(c.pid).not.toBe(process.pid)
    const events: string[] = []
    c.onEvent((e) => events.push(e))
    const info = (await c.call('app.info', {})) as { ok: boolean; value: { dataDir: string } }
    expect(info.ok).toBe(true)
    const e = (await c.call('enterprises.create', enterpriseInput(1))) as {
      ok: boolean
      value: { id: string }
    }
    expect(e.ok).toBe(true)
    const a = (await c.call('assessments.create', {
      enterpriseId: e.value.id,
      kind: 'diagnosis',
      assessorName: '张三',
    })) as { ok: boolean; value: { assessment: { id: string } } }
    expect(a.ok).toBe(true)
    const bad = (await c.call('enterprises.create', { name: '' })) as {
      ok: boolean
      error: { code: string }
    }
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(events.length).toBeGreaterThan(0)

    // a second backend on the same directory is refused, naming the holder
    await expect(start(dir)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(start(dir)).rejects.toThrow(new RegExp(`进程 ${c.pid}：test host`))

    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
    await c.close()
    expect(await c.exited).toBe(0)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    expect(await c.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('uses the key and the OS key store the shell hands over (Electron: from safeStorage)', async () => {
    const dir = join(t.dir, 'b')
    const c = await start(dir, {
      key: { mode: 'raw', key: randomBytes(32), kind: 'os-keystore' },
      sealer: { store: 'electron-safeStorage', wrappingKey: randomBytes(32) },
    })
    const info = (await c.call('app.info', {})) as {
      value: { encrypted: boolean; keySource: string }
    }
    expect(info.value).toMatchObject({ encrypted: true, keySource: 'os-keystore' })
    const k = (await c.call('keys.create', { protection: 'os-keystore' })) as {
      ok: boolean
      value: { protection: string; unlocked: boolean }
    }
    expect(k).toMatchObject({ ok: true, value: { protection: 'os-keystore', unlocked: true } })
  })

  it('a backend process that dies answers the calls in flight and later ones with INTERNAL', async () => {
    const c = await start(join(t.dir, 'c'))
    process.kill(c.pid, 'SIGKILL')
    expect(await c.exited).toBe(null)
    expect(await c.call('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('后台进程已退出') },
    })
    // its lock is stale: the next backend takes the directory over
    const next = await start(join(t.dir, 'c'))
    expect((await next.call('app.info', {})) as { ok: boolean }).toMatchObject({ ok: true })
  })
})
