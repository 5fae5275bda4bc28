/**
 * The audit chain head anchored in signed bundles (issue 7 §4): an attacker with the database
 * file who rewrites an early audit row AND recomputes every later link passes the chain walk,
 * but not the anchor a bundle signed on this device carries. Real SQLite files, real signatures.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { auditCommand } from '../cli/audit'
import { readManifest } from '../bundle/build'
import { openDatabase } from '../db/open'
import type { AuditLogRow } from '../db/tables/audit-log'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempDir } from '../test-helpers'
import { auditChainTip, auditLinkHash, verifyAuditChain } from './chain'

let dir: string
let cleanup: () => void
let bundleId: string
let anchoredRow: number

async function ok(b: Backend, method: string, input: unknown): Promise<Record<string, unknown>> {
  const w = await dispatch(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
  return w.value as Record<string, unknown>
}

async function cli(): Promise<{ code: number; out: string; error?: string }> {
  let out = ''
  try {
    const code = await auditCommand.run(['verify', '--data-dir', dir], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env: {},
    })
    return { code, out }
  } catch (e) {
    return { code: 2, out, error: e instanceof Error ? e.message : String(e) }
  }
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('dl-anchor-'))
  // unencrypted: the attacker below opens the file with plain better-sqlite3
  const b = await createBackend({ dataDir: dir, key: 'unencrypted', autoBackup: false })
  await ok(b, 'keys.create', { passphrase: 'anchor test passphrase' })
  const ent = (await ok(b, 'enterprises.create', enterpriseInput(77))) as { id: string }
  const a = (await ok(b, 'assessments.create', {
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName: '张三',
    assessedOn: '2026-11-27',
  })) as { assessment: { id: string } }
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
  await ok(b, 'assessments.complete', { id })
  const tipBefore = await auditChainTip(b.db)
  const bundle = (await ok(b, 'bundles.create', { assessmentId: id, enqueue: false })) as {
    bundleId: string
  }
  bundleId = bundle.bundleId
  const m = readManifest(readFileSync(join(dir, 'bundles', `${bundleId}.dlbundle`)))
  expect(m.audit).toEqual(tipBefore)
  expect(m.audit!.row).toBeGreaterThan(20)
  anchoredRow = m.audit!.row
  // the log goes on after signing
  await ok(b, 'enterprises.create', enterpriseInput(78))
  await b.close()
}, 60_000)
afterAll(() => cleanup?.())

describe('audit chain head anchored in signed bundles', () => {
  it('an untouched log verifies with its anchor', async () => {
    const r = await cli()
    expect(r.error).toBeUndefined()
    expect(r.out).toMatch(
      /audit log intact: \d+ rows, chain head [0-9a-f]{64}, 1 signed bundle anchor\(s\) hold/,
    )
  })

  it('a row rewritten with every later link recomputed passes the chain walk but not the anchor', async () => {
    const raw = new Database(join(dir, 'assessor.sqlite'))
    for (const t of ['audit_log_no_update', 'audit_chain_no_update']) raw.exec(`DROP TRIGGER ${t}`)
    raw.prepare("UPDATE audit_log SET actor = '他人' WHERE id = 3").run()
    const rows = raw
      .prepare(
        'SELECT id, at, actor, action, entity, entity_id AS entityId, detail FROM audit_log ORDER BY id',
      )
      .all() as AuditLogRow[]
    let prev = '0'.repeat(64)
    const setLink = raw.prepare('UPDATE audit_chain SET prev_hash = ?, hash = ? WHERE audit_id = ?')
    for (const r of rows) {
      const h = auditLinkHash(prev, r)
      setLink.run(prev, h, r.id)
      prev = h
    }
    raw.close()
    const o = openDatabase(join(dir, 'assessor.sqlite'), { readonly: true })
    expect((await verifyAuditChain(o.db)).ok).toBe(true) // the walk alone is fooled
    await o.close()
    const r = await cli()
    expect(r.error).toMatch(
      new RegExp(
        `TAMPERED.*row ${anchoredRow}: link hash differs from the one anchored by bundle ${bundleId}`,
      ),
    )
  })

  it('a bundle file edited to carry the rewritten head fails its signature', async () => {
    const file = join(dir, 'bundles', `${bundleId}.dlbundle`)
    const files = unzipSync(new Uint8Array(readFileSync(file)))
    const o = openDatabase(join(dir, 'assessor.sqlite'), { readonly: true })
    const tip = await o.db
      .selectFrom('auditChain')
      .select('hash')
      .where('auditId', '=', anchoredRow)
      .executeTakeFirstOrThrow()
    await o.close()
    const m = JSON.parse(new TextDecoder().decode(files['manifest.json']))
    m.audit.head = tip.hash
    files['manifest.json'] = strToU8(JSON.stringify(m))
    writeFileSync(file, zipSync(files))
    const r = await cli()
    expect(r.error).toMatch(
      new RegExp(`bundle ${bundleId}: manifest\\.json: changed after signing`),
    )
  })
})
