/**
 * `panel.sign` commits all or nothing (issue 12 item 7): the lead's bundle file is staged
 * (written to a temporary name, fsynced, renamed) and then its row and the panel's signature go
 * into one transaction. A fault is injected at every file step (open, the staging write — half the
 * bytes written, then ENOSPC —, fsync, close, rename, directory fsync; node:fs calls on the bundle store
 * fail through a mock) and at every row write (TEMP triggers); after each failure every table's
 * row count and the bundle store's files (temporary ones included) are as before, and the
 * panel is still unsigned. Before this test, a failed staging write or rename left the
 * `<id>.dlbundle.<pid>.tmp` file behind.
 */
import type * as NodeFs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput } from '../../electron/backend/test-helpers'
import { everyStepFails, faultAt, state } from './fault-injection'
import { ok, panelDevice, type PanelDevice } from './panel-devices'

/** node:fs calls on paths under `dir` (and the descriptors opened there) fail at call k. */
const fsFault = vi.hoisted(() => ({
  dir: '',
  k: 0,
  n: 0,
  fds: new Set<number>(),
  calls: [] as string[],
}))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>()
  const hit = (name: string, target: unknown): boolean => {
    const inDir =
      (typeof target === 'string' && fsFault.dir !== '' && target.startsWith(fsFault.dir)) ||
      (typeof target === 'number' && fsFault.fds.has(target))
    if (!inDir || fsFault.k === 0) return false
    fsFault.n++
    fsFault.calls.push(name)
    return fsFault.n === fsFault.k
  }
  const fault = (code: string): Error =>
    Object.assign(new Error(`${code}: injected file fault`), { code })
  const wrapped = {
    writeFileSync: ((path: string, data: Uint8Array | string, opts?: unknown) => {
      if (hit('writeFileSync', path)) {
        // a disk that fills up half-way: part of the file is there
        const bytes = typeof data === 'string' ? Buffer.from(data) : data
        fs.writeFileSync(path, bytes.subarray(0, bytes.length >> 1))
        throw fault('ENOSPC')
      }
      return fs.writeFileSync(path, data, opts as never)
    }) as typeof NodeFs.writeFileSync,
    openSync: ((path: string, ...rest: unknown[]) => {
      if (hit('openSync', path)) throw fault('EIO')
      const fd = fs.openSync(path, ...(rest as [never]))
      if (typeof path === 'string' && fsFault.dir && path.startsWith(fsFault.dir))
        fsFault.fds.add(fd)
      return fd
    }) as typeof NodeFs.openSync,
    writeSync: ((fd: number, data: Uint8Array, ...rest: unknown[]) => {
      if (hit('writeSync', fd)) {
        // a disk that fills up half-way: part of the file is there
        fs.writeSync(fd, data, 0, data.length >> 1)
        throw fault('ENOSPC')
      }
      return fs.writeSync(fd, data, ...(rest as [never]))
    }) as typeof NodeFs.writeSync,
    fsyncSync: ((fd: number) => {
      if (hit('fsyncSync', fd)) throw fault('EIO')
      return fs.fsyncSync(fd)
    }) as typeof NodeFs.fsyncSync,
    closeSync: ((fd: number) => {
      const fail = hit('closeSync', fd)
      fsFault.fds.delete(fd)
      fs.closeSync(fd)
      if (fail) throw fault('EIO')
    }) as typeof NodeFs.closeSync,
    renameSync: ((from: string, to: string) => {
      if (hit('renameSync', from)) throw fault('EXDEV')
      return fs.renameSync(from, to)
    }) as typeof NodeFs.renameSync,
  }
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } }
})

const ENTERPRISE = enterpriseInput(72, { name: '鹤壁专家组签名原子性测试有限公司', batch: 2 })

describe('panel.sign is atomic under a fault at every step', () => {
  let lead: PanelDevice
  const experts: PanelDevice[] = []
  let panelId = ''

  beforeAll(async () => {
    lead = await panelDevice(ENTERPRISE, '赵组长', null)
    const diagnosis: { bytes?: Buffer } = {}
    for (const n of ['张三', '李四'])
      experts.push(await panelDevice(ENTERPRISE, n, BASE_SCENES, diagnosis))
    const p = await ok(lead.b, 'panel.create', {
      enterpriseId: lead.enterpriseId,
      lead: { name: '赵组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
      experts: experts.map((e, i) => ({
        name: ['张三', '李四'][i],
        agency: '机构',
        keyId: e.keyId,
      })),
    })
    panelId = p.id
    for (const e of experts) await ok(lead.b, 'panel.importScoring', { panelId, ...e.file! })
    const c = await ok(lead.b, 'panel.consolidate', { panelId })
    expect(c.status).toBe('consolidated')
    fsFault.dir = `${lead.b.dataDir}/bundles`
  }, 180_000)
  afterAll(async () => {
    await lead?.b.cleanup()
    for (const e of experts) await e.b.cleanup()
  })

  const sign = () => dispatch(lead.b, 'panel.sign', { panelId })

  it('a fault at every file step (staging write, open, fsync, close, rename) leaves no file or row', async () => {
    let lastCalls: string[] = []
    const steps = await everyStepFails(
      lead.b,
      sign,
      async (k) => {
        lastCalls = fsFault.calls
        fsFault.k = k
        fsFault.n = 0
        fsFault.calls = []
      },
      /injected file fault|磁盘|DISK|出错|内部错误|INTERNAL/,
    )
    // the successful run made exactly the calls that were each made to fail: the durable write
    // (storage/fs-durable.ts: open the temporary file, write, fsync through that handle, close,
    // rename; the directory's fsync after it is best effort — a failure there does not undo a
    // completed rename, so it is not a failing step)
    expect(steps).toBe(5)
    const staging = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync']
    expect(lastCalls.filter((c) => staging.includes(c)).slice(0, 5)).toEqual(staging)
  }, 300_000)

  it('a fault at every row write leaves no file or row; the run after the last step signs', async () => {
    // the file-fault test above ended with a signed panel: start again on a fresh lead device
    const fresh = await panelDevice(ENTERPRISE, '赵组长二', null)
    try {
      const p = await ok(fresh.b, 'panel.create', {
        enterpriseId: fresh.enterpriseId,
        lead: { name: '赵组长二', agency: '鹤壁市中小企业服务中心', keyId: fresh.keyId },
        experts: experts.map((e, i) => ({
          name: ['张三', '李四'][i],
          agency: '机构',
          keyId: e.keyId,
        })),
      })
      for (const e of experts)
        await ok(fresh.b, 'panel.importScoring', { panelId: p.id, ...e.file! })
      await ok(fresh.b, 'panel.consolidate', { panelId: p.id })
      const before = await state(fresh.b)
      const steps = await everyStepFails(fresh.b, () =>
        dispatch(fresh.b, 'panel.sign', { panelId: p.id }),
      )
      expect(steps).toBeGreaterThanOrEqual(2)
      await faultAt(fresh.b, 0)
      const after = await state(fresh.b)
      expect((after['files:bundles'] as string[]).length).toBe(
        (before['files:bundles'] as string[]).length + 1,
      )
      const view = await ok(fresh.b, 'panel.get', { panelId: p.id })
      expect(view.signed).not.toBeNull()
    } finally {
      await fresh.b.cleanup()
    }
  }, 300_000)
})
