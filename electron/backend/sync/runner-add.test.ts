/**
 * OutboxRunner.add (the CLI's `sync FILE.dlbundle`) stores the bundle file and then its outbox
 * row: when the row cannot be written, the file it stored is removed again (issue 12 item 7);
 * a bundle that was already in the store stays.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { buildBundle } from '../bundle/build'
import { evidenceFiles, exampleAssessment, testKey } from '../bundle/test-helpers'
import { BundleStore } from './bundle-store'
import { createSyncClient } from './http'
import { listRows } from './outbox-repo'
import { OutboxRunner } from './runner'
import { openLocalDb } from './test-support'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('OutboxRunner.add', () => {
  it('a failed outbox row leaves no bundle file; a bundle stored before stays', async () => {
    const local = await openLocalDb()
    cleanups.push(() => local.close())
    const { signer } = testKey()
    const dir = join(local.dir, 'bundles')
    const runner = new OutboxRunner({
      db: local.db,
      store: new BundleStore(dir),
      // never contacted: add() only stores and queues
      client: createSyncClient({ baseUrl: 'http://127.0.0.1:9', signer }),
      clock: () => 0,
      serverKey: testKey().signer.info,
    })
    const bundle = (seed: string) =>
      buildBundle({
        assessment: exampleAssessment(),
        evidence: evidenceFiles(1, seed),
        signer,
        now: new Date(),
      })
    const [a, b] = [bundle('a'), bundle('b')]
    await sql`CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON main.sync_outbox
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`.execute(local.db)
    await expect(runner.add(a.bytes)).rejects.toThrow(/injected fault/)
    expect(readdirSync(dir)).toEqual([])
    // the same bundle stored earlier (e.g. by an interrupted run) is not removed by a failure
    new BundleStore(dir).put(b.bytes)
    await expect(runner.add(b.bytes)).rejects.toThrow(/injected fault/)
    expect(readdirSync(dir)).toEqual([`${b.manifest.bundleId}.dlbundle`])
    await sql`DROP TRIGGER temp.fail_outbox`.execute(local.db)
    await runner.add(a.bytes)
    await runner.add(b.bytes)
    expect(readdirSync(dir).sort()).toEqual(
      [`${a.manifest.bundleId}.dlbundle`, `${b.manifest.bundleId}.dlbundle`].sort(),
    )
    expect((await listRows(local.db)).map((r) => r.state)).toEqual(['queued', 'queued'])
  })
})
