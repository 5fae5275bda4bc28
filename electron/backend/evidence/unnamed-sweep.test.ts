/**
 * The evidence store's sweep of files no committed row names (issue 12 item 7), on a real SQLite
 * file and a real store: only unnamed files older than the grace period go (files named by
 * `evidence` or `dossier_files` rows stay however old; young files stay), stale temp files of
 * interrupted writes too; it runs at every start and logs what it removed. And the list of
 * tables that name stored files is checked against the schema.
 */
import { randomBytes } from 'node:crypto'
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { STORED_FILE_COLUMNS } from '../db/repos/stored-files.repo'
import { rawKeyProvider } from '../storage/key-provider'
import { fullEnterpriseInput, storedEvidenceFiles, tempDir } from '../test-helpers'
import { sweepUnnamedFiles, UNNAMED_FILE_GRACE_MS } from './unnamed-sweep'

type Backend = Awaited<ReturnType<typeof createBackend>>
const open: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (open.length) await open.pop()?.()
})

const HOUR = 3_600_000

async function start(dataDir: string, key: Buffer, log?: (m: string, e: unknown) => void) {
  const b = await createBackend({
    dataDir,
    key: rawKeyProvider(key),
    autoBackup: false,
    ...(log ? { log } : {}),
  })
  open.push(() => b.close())
  return b
}

/** An enterprise and a draft assessment. */
async function seed(b: Backend): Promise<{ enterpriseId: string; assessmentId: string }> {
  const e = await b.services['enterprises.create']({
    ...fullEnterpriseInput(7),
  })
  const a = await b.services['assessments.create']({
    enterpriseId: e.id,
    kind: 'diagnosis',
    assessorName: '王',
    assessorAgency: '',
    assessedOn: null,
  })
  return { enterpriseId: e.id, assessmentId: a.assessment.id }
}

const b64 = (s: string) => Buffer.from(s).toString('base64')

/** Sets a stored file's modification time to `at`. */
function age(b: Backend, sha256: string, at: Date): void {
  utimesSync(b.ctx.evidence.pathFor(sha256), at, at)
}

const storedFiles = (b: Backend): string[] => storedEvidenceFiles(b.dataDir)

describe('sweepUnnamedFiles', () => {
  it('removes only unnamed stored files and temp files older than the grace period', async () => {
    const t = tempDir()
    open.push(t.cleanup)
    const b = await start(t.dir, randomBytes(32))
    const { enterpriseId, assessmentId } = await seed(b)
    const s = b.services
    const now = new Date()
    const old = new Date(now.getTime() - UNNAMED_FILE_GRACE_MS - HOUR)
    const young = new Date(now.getTime() - UNNAMED_FILE_GRACE_MS / 2)

    const ev = await s['evidence.add']({
      assessmentId,
      itemId: 'Q01',
      fileName: 'ev.pdf',
      contentBase64: b64('%PDF evidence row'),
    })
    const dossier = await s['dossier.addFile']({
      enterpriseId,
      fileName: 'd.pdf',
      contentBase64: b64('%PDF dossier row'),
    })
    const removedRow = await s['evidence.add']({
      assessmentId,
      itemId: 'Q02',
      fileName: 'gone.pdf',
      contentBase64: b64('%PDF removed by the assessor'),
    })
    await s['evidence.remove']({ id: removedRow.id })
    // what a crash between a file write and its commit leaves: files no row names
    const crashOld = await b.ctx.evidence.put(Buffer.from('%PDF crashed long ago'))
    const crashYoung = await b.ctx.evidence.put(Buffer.from('%PDF crashed a moment ago'))
    for (const sha of [ev.sha256, dossier.sha256, removedRow.sha256, crashOld.sha256])
      age(b, sha, old)
    age(b, crashYoung.sha256, young)
    const shard = join(b.ctx.evidence.root, ev.sha256.slice(0, 2))
    const tmpOld = join(shard, `.tmp-${ev.sha256}-aaaaaaaaaaaa`)
    const tmpYoung = join(shard, `.tmp-${ev.sha256}-bbbbbbbbbbbb`)
    writeFileSync(tmpOld, 'partial')
    writeFileSync(tmpYoung, 'partial')
    utimesSync(tmpOld, old, old)
    utimesSync(tmpYoung, young, young)

    const r = await sweepUnnamedFiles(b.db, b.ctx.evidence, { now })
    expect(r.removed.sort()).toEqual([removedRow.sha256, crashOld.sha256].sort())
    expect(r.temps).toBe(1)
    expect(r.kept).toBe(1)
    expect(storedFiles(b)).toEqual(
      [ev.sha256, dossier.sha256, crashYoung.sha256, `.tmp-${ev.sha256}-bbbbbbbbbbbb`].sort(),
    )
    // named files still read back through their rows
    const c = await s['evidence.content']({ id: ev.id })
    expect(Buffer.from(c.contentBase64, 'base64').toString()).toBe('%PDF evidence row')
    expect((await b.ctx.evidence.read(dossier.sha256)).toString()).toBe('%PDF dossier row')

    // a second run finds nothing more to do; past the grace period the young one goes too
    expect(await sweepUnnamedFiles(b.db, b.ctx.evidence, { now })).toEqual({
      removed: [],
      temps: 0,
      kept: 1,
    })
    const later = new Date(now.getTime() + UNNAMED_FILE_GRACE_MS)
    expect(await sweepUnnamedFiles(b.db, b.ctx.evidence, { now: later })).toEqual({
      removed: [crashYoung.sha256],
      temps: 1,
      kept: 0,
    })
    expect(storedFiles(b)).toEqual([ev.sha256, dossier.sha256].sort())
  })

  it('runs at start: an orphan a crash left behind is removed, counted and logged', async () => {
    const t = tempDir()
    open.push(t.cleanup)
    const key = randomBytes(32)
    const b = await start(t.dir, key)
    const { enterpriseId } = await seed(b)
    const kept = await b.services['dossier.addFile']({
      enterpriseId,
      fileName: 'd.pdf',
      contentBase64: b64('%PDF kept'),
    })
    const orphan = await b.ctx.evidence.put(Buffer.from('%PDF written, never committed'))
    const old = new Date(Date.now() - UNNAMED_FILE_GRACE_MS - HOUR)
    age(b, orphan.sha256, old)
    age(b, kept.sha256, old)
    await b.close()

    const lines: string[] = []
    const b2 = await start(t.dir, key, (m) => lines.push(m))
    expect(storedFiles(b2)).toEqual([kept.sha256])
    expect(lines.filter((l) => l.startsWith('[evidence]'))).toEqual([
      '[evidence] start-up sweep: removed 1 stored file(s) no row names and 0 stale temp file(s), older than 1 h; kept 0 younger unnamed file(s)',
    ])
    expect((await b2.ctx.evidence.read(kept.sha256)).toString()).toBe('%PDF kept')
  })
})

describe('STORED_FILE_COLUMNS', () => {
  // Every column whose name says it holds a SHA-256, and why it does not name a stored file.
  const NOT_STORED_FILES: Record<string, string> = {
    'advice_plans.products_sha256': 'hash of a reference products document (reference_documents)',
    'assessor_profile.cert_sha256': 'hash of the signing certificate, kept in cert_p12',
    'panel_reviews.signed_manifest_sha256': 'manifest of a signed bundle (bundle store)',
    'panel_scorings.manifest_sha256': 'manifest of an expert bundle, kept in the bundle column',
    'recheck_bases.manifest_sha256': 'manifest of the original bundle, kept in the bundle column',
    'reference_documents.sha256': 'hash of the document body, kept in body_json',
    'reference_rule_profiles.profile_sha256': 'hash of the rule profile, kept in body_json',
    'report_registry.sha256': 'hash of an issued PDF report, not kept here',
    'report_registry.diagnosis_manifest_sha256': 'manifest of the cited diagnosis bundle',
    'sync_bundles.manifest_sha256': 'manifest of a bundle in the bundle store',
    'sync_outbox.manifest_sha256': 'manifest of a queued bundle',
  }

  it('names every column that names a stored file; every other sha256 column is accounted for', async () => {
    const t = tempDir()
    open.push(t.cleanup)
    const b = await start(t.dir, randomBytes(32))
    const r = await sql<{ col: string }>`
      SELECT m.name || '.' || p.name AS col
      FROM sqlite_master m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND p.name LIKE '%sha256%' ORDER BY col`.execute(b.db)
    const stored = STORED_FILE_COLUMNS.map(([table, column]) => `${table}.${column}`)
    expect(r.rows.map((x) => x.col)).toEqual([...stored, ...Object.keys(NOT_STORED_FILES)].sort())
  })
})
