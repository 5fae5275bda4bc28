/**
 * Issue 11 items 8–9 at central, on SQLite and PostgreSQL: the reports a bundle carries are
 * answered by GET /v1/reports/:number without login (valid / superseded / unknown, with the
 * hash); a new version of a record only from the key that signed the current one or from a
 * successor the administrator named (transfer-record, audited); others 403 naming the record.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bundledScript } from '../test/support/node-script'
import { transferRecord, AdminError } from './admin'
import {
  ROOT,
  ed25519Signer,
  makeBundle,
  refused,
  registeredClient,
  runCentral,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

const H1 = 'a'.repeat(64)
const H2 = 'b'.repeat(64)

describe.each(TEST_DATABASES)('report verification and record ownership on $name', (database) => {
  let c: RunningCentral
  beforeEach(async () => {
    c = await runCentral(database)
  })
  afterEach(async () => {
    await c.dispose()
  })

  const get = async (path: string) => {
    const r = await fetch(`${c.url}${path}`)
    return { status: r.status, body: (await r.json()) as Record<string, unknown> }
  }

  it('answers valid / superseded / unknown with the hash; corrections belong to their signer', async () => {
    const a = await registeredClient(c)
    const b = await registeredClient(c, ed25519Signer())
    const v1 = makeBundle({
      signer: a.signer,
      reports: [
        { number: 'ZD-20250320-0A1B2C3D', kind: 'diagnosis', sha256: H1, issuedOn: '2025-03-20' },
      ],
    })
    expect((await a.client.pushBundle(v1.manifest, v1.signature)).status).toBe('accepted')

    const ok = await get(`/v1/reports/ZD-20250320-0A1B2C3D?sha256=${H1}`)
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      protocolVersion: 1,
      number: 'ZD-20250320-0A1B2C3D',
      status: 'valid',
      reportSha256: H1,
      hashMatches: true,
      kind: 'diagnosis',
      issuedOn: '2025-03-20',
      enterprise: { name: '鹤壁瑞鹤智能电器有限公司（虚构示例）', uscc: '91410611MA9K3R2T5W' },
      level: 2,
      total: '56.15',
      bundleId: v1.manifest.bundleId,
      recordId: v1.manifest.recordId,
      recordVersion: 1,
      signerKeyId: a.signer.info.keyId,
      supersededBy: null,
    })
    expect((await get(`/v1/reports/ZD-20250320-0A1B2C3D?sha256=${H2}`)).body.hashMatches).toBe(
      false,
    )
    expect((await get('/v1/reports/ZD-20250320-0A1B2C3D')).body.hashMatches).toBeNull()
    const unknown = await get('/v1/reports/ZD-NOPE')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ status: 'unknown', reportSha256: null, number: 'ZD-NOPE' })
    expect((await get('/v1/reports/ZD-1?sha256=xyz')).status).toBe(400)

    // B's correction of A's record: 403 naming the record, nothing stored
    const byB = makeBundle({
      signer: b.signer,
      supersedes: { manifest: v1.manifest, reason: '更正' },
      reports: [
        { number: 'ZD-20250401-0A1B2C3E', kind: 'diagnosis', sha256: H2, issuedOn: '2025-04-01' },
      ],
    })
    const e = await refused(b.client.pushBundle(byB.manifest, byB.signature))
    expect([e.status, e.code]).toEqual([403, 'forbidden-record'])
    expect(e.reason).toContain(
      `record ${v1.manifest.recordId}: the current version v1 was signed by key ${a.signer.info.keyId.slice(0, 12)}`,
    )
    expect((await get('/v1/reports/ZD-20250401-0A1B2C3E')).status).toBe(404)

    // the administrator names B the successor (audited); B's correction is then accepted
    await expect(
      transferRecord(c.ctx, v1.manifest.recordId, b.signer.info.keyId, ' '),
    ).rejects.toThrow(AdminError)
    const t = await transferRecord(
      c.ctx,
      v1.manifest.recordId,
      b.signer.info.keyId.slice(0, 16),
      '原评测人员离职',
    )
    expect(t).toMatchObject({ keyId: b.signer.info.keyId, from: a.signer.info.keyId, version: 1 })
    const audit = await c.ctx.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'transfer-record')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'transfer-record', target: v1.manifest.recordId })
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({
      to: b.signer.info.keyId,
      reason: '原评测人员离职',
    })
    expect((await b.client.pushBundle(byB.manifest, byB.signature)).status).toBe('accepted')

    const old = await get('/v1/reports/ZD-20250320-0A1B2C3D')
    expect(old.body).toMatchObject({
      status: 'superseded',
      supersededBy: {
        number: 'ZD-20250401-0A1B2C3E',
        reportSha256: H2,
        bundleId: byB.manifest.bundleId,
      },
    })
    expect((await get('/v1/reports/ZD-20250401-0A1B2C3E')).body.status).toBe('valid')
  })
})

describe('npm run central -- transfer-record (real process)', () => {
  it('refuses an unknown record with one line naming RECORD_ID, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-transfer-'))
    try {
      // central/main.ts bundled once (test/support/node-script.ts): the real process, no tsx compile
      const main = await bundledScript('central/main.ts')
      const r = spawnSync(
        process.execPath,
        [main, 'transfer-record', 'no-such-record', 'abcd', '--reason', 'x'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, CENTRAL_DATA_DIR: dir, DATABASE_URL: '' },
        },
      )
      expect(r.status).toBe(2)
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        'error: RECORD_ID: no record no-such-record here',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
