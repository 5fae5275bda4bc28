/**
 * backup.create / backup.restore and the storage error codes through the contract (in-process
 * and over the HTTP host), outputs checked against the contract schemas.
 */
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, expect, it } from 'vitest'
import type { Method, Wire } from '../../shared/contract/api'
import { AppErrorSchema } from '../../shared/contract/errors'
import { enterpriseInput, tempDir } from '../../electron/backend/test-helpers'
import { describeTransports, okOutput } from './transports'

describeTransports('backup contract (%s)', (call, _transport, backend) => {
  const out = tempDir()
  afterAll(() => out.cleanup())
  const ok = <M extends Method>(method: M, input: unknown) => okOutput(call, method, input)

  it('app.info says encrypted; backup.create then backup.restore round-trips', async () => {
    expect(await ok('app.info', {})).toMatchObject({ encrypted: true, keySource: 'raw' })
    const e = await ok('enterprises.create', enterpriseInput(1))
    const path = join(out.dir, 'x.dlbackup')
    const made = await ok('backup.create', { path })
    expect(made).toMatchObject({ path, encrypted: true, evidenceFiles: 0 })
    await ok('enterprises.create', enterpriseInput(2))
    const r = await ok('backup.restore', { path })
    expect(r).toMatchObject({ path, enterprises: 1, assessments: 0 })
    expect((await ok('enterprises.list', {})).items.map((x) => x.id)).toEqual([e.id])
  }, 60_000)

  it('bad input names the field; storage errors are Wire errors with the new codes', async () => {
    const w = await call('backup.restore', {})
    expect(w).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'path' } })
    const empty = await call('backup.create', { path: '' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'path' } })
    const b = backend()
    const pages = await sql<Record<string, number>>`PRAGMA page_count`.execute(b.db)
    await sql
      .raw(`PRAGMA max_page_count = ${Object.values(pages.rows[0] ?? {})[0] ?? 0}`)
      .execute(b.db)
    let err: Wire<unknown> | undefined
    for (let n = 10; n < 400 && !err; n++) {
      const r = await call('enterprises.create', enterpriseInput(n, { address: '地'.repeat(290) }))
      if (!r.ok) err = r
    }
    expect(err).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } })
    if (err && !err.ok) {
      expect(AppErrorSchema.parse(err.error).message).toContain(b.dataDir)
    }
    await sql`PRAGMA max_page_count = 1073741823`.execute(b.db)
  }, 60_000)
})
