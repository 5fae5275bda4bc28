/**
 * Read-only views of the rechecks on this device (issue 14): the list, the signed original's
 * answers / notes / evidence beside the recheck, and its evidence files — all read from the bundle
 * stored in recheck_bases when it was imported (verified then; recheck.diff verifies again).
 */
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema'
import type { Executor } from '../db/tx'
import type { Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import { EVIDENCE_DIR, type BundleManifest } from '../../../shared/domain/bundle/types'
import { answerText, sceneLevelName } from '../../../shared/domain/panel'
import type { SceneLevel } from '../../../shared/domain/scoring/types'
import { readManifest } from '../bundle/build'
import { unpackBundle } from '../../../shared/domain/bundle/container'

interface FileView {
  kind?: unknown
  assessor?: { name?: unknown; agency?: unknown }
  assessedOn?: unknown
  answers?: Record<string, unknown>
  scenes?: Record<string, unknown>
  notes?: Record<string, unknown>
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function fileView(m: BundleManifest): FileView {
  return m.assessment as FileView
}

/** The recheck of a bundle imported before, if any (recheck.import: one recheck per bundle). */
export async function recheckOfBundle(
  db: Executor,
  bundleId: string,
): Promise<{ recheckAssessmentId: string; enterpriseId: string } | undefined> {
  return db
    .selectFrom('recheckBases')
    .innerJoin('assessments', 'assessments.id', 'recheckBases.recheckAssessmentId')
    .select(['recheckBases.recheckAssessmentId', 'assessments.enterpriseId'])
    .where('recheckBases.bundleId', '=', bundleId)
    .orderBy('recheckBases.importedAt')
    .executeTakeFirst()
}

export async function recheckList(db: Kysely<DB>): Promise<Output<'recheck.list'>> {
  const rows = await db
    .selectFrom('recheckBases')
    .innerJoin('assessments', 'assessments.id', 'recheckBases.recheckAssessmentId')
    .innerJoin('enterprises', 'enterprises.id', 'assessments.enterpriseId')
    .select([
      'recheckBases.recheckAssessmentId',
      'recheckBases.bundleId',
      'recheckBases.signerKeyId',
      'recheckBases.bundle',
      'recheckBases.importedAt',
      'assessments.status',
      'assessments.enterpriseId',
      'enterprises.name as enterpriseName',
    ])
    .orderBy('recheckBases.importedAt', 'desc')
    .execute()
  const keys = new Map(
    (await db.selectFrom('knownKeys').select(['keyId', 'name']).execute()).map((k) => [
      k.keyId,
      k.name,
    ]),
  )
  return {
    items: rows.map((r) => {
      const m = readManifest(new Uint8Array(r.bundle))
      const f = fileView(m)
      return {
        recheckAssessmentId: r.recheckAssessmentId,
        enterpriseId: r.enterpriseId,
        enterpriseName: r.enterpriseName,
        bundleId: r.bundleId,
        importedAt: r.importedAt,
        status: r.status,
        original: {
          kind: str(f.kind),
          assessorName: str(f.assessor?.name),
          assessorAgency: str(f.assessor?.agency),
          assessedOn: str(f.assessedOn) || null,
          signedAt: m.createdAt,
          signerName: keys.get(r.signerKeyId) ?? null,
        },
      }
    }),
  }
}

async function baseOf(db: Kysely<DB>, recheckAssessmentId: string) {
  const base = await db
    .selectFrom('recheckBases')
    .select(['bundle', 'bundleId'])
    .where('recheckAssessmentId', '=', recheckAssessmentId)
    .executeTakeFirst()
  if (!base) throw fail.notFound('该评测不是由签名包导入的复核评测', 'recheckAssessmentId')
  return { bytes: new Uint8Array(base.bundle), bundleId: base.bundleId }
}

export async function recheckOriginal(
  db: Kysely<DB>,
  recheckAssessmentId: string,
): Promise<Output<'recheck.original'>> {
  const { bytes, bundleId } = await baseOf(db, recheckAssessmentId)
  const m = readManifest(bytes)
  const f = fileView(m)
  const ids = new Set<string>([
    ...Object.keys(f.answers ?? {}),
    ...Object.keys(f.scenes ?? {}),
    ...Object.keys(f.notes ?? {}),
    ...m.evidence.flatMap((e) => (e.itemId && e.itemId !== 'dossier' ? [e.itemId] : [])),
  ])
  const ev = (e: BundleManifest['evidence'][number]) => ({
    sha256: e.sha256,
    name: e.name,
    size: e.size,
    mime: e.mime,
  })
  const items = [...ids]
    .filter((id) => /^(Q|SC)\d{2}$/.test(id))
    .sort((a, b) => (a[0] === b[0] ? a.localeCompare(b) : a.startsWith('Q') ? -1 : 1))
    .map((itemId) => {
      const v = itemId.startsWith('SC') ? f.scenes?.[itemId] : f.answers?.[itemId]
      const value = itemId.startsWith('SC')
        ? typeof v === 'number'
          ? sceneLevelName(v as SceneLevel)
          : '未判定'
        : answerText(typeof v === 'string' || Array.isArray(v) ? (v as string | string[]) : null)
      return {
        itemId,
        value,
        note: str(f.notes?.[itemId]),
        evidence: m.evidence.filter((e) => e.itemId === itemId).map(ev),
      }
    })
  return {
    bundleId,
    assessorName: str(f.assessor?.name),
    assessorAgency: str(f.assessor?.agency),
    assessedOn: str(f.assessedOn) || null,
    signedAt: m.createdAt,
    items,
    otherEvidence: m.evidence.filter((e) => !e.itemId || !/^(Q|SC)\d{2}$/.test(e.itemId)).map(ev),
  }
}

export async function recheckOriginalEvidence(
  db: Kysely<DB>,
  recheckAssessmentId: string,
  sha256: string,
): Promise<Output<'recheck.originalEvidence'>> {
  const { bytes } = await baseOf(db, recheckAssessmentId)
  const m = readManifest(bytes)
  const entry = m.evidence.find((e) => e.sha256 === sha256)
  const un = unpackBundle(bytes)
  const data = un.ok ? un.files.get(EVIDENCE_DIR + sha256) : undefined
  if (!entry || !data) throw fail.notFound('原评测签名包中没有这个佐证文件', 'sha256')
  return { name: entry.name, mime: entry.mime, contentBase64: Buffer.from(data).toString('base64') }
}
