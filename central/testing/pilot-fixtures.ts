/**
 * Seeded pilot data for the console, signal and export tests: real signed bundles (shared
 * manifest code, real keys) imported through the same verification as a push, with chosen
 * enterprises, assessors, totals, notes, survey, evidence (photos with EXIF) and timelines.
 * Deterministic: a fixed-seed generator picks answer sets by their total.
 */
import { randomUUID } from 'node:crypto'
import type { ClientSigner } from '../../shared/domain/bundle/client'
import { toBase64 } from '../../shared/domain/bundle/codec'
import { packBundle } from '../../shared/domain/bundle/container'
import { buildManifest, canonicalBytes } from '../../shared/domain/bundle/manifest'
import type {
  BundleManifest,
  EvidenceEntry,
  ReportRef,
  SignatureEnvelope,
  TimelineEvent,
} from '../../shared/domain/bundle/types'
import { getCatalogue, MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { questionMilli } from '../../shared/domain/scoring/score-assessment'
import { importBundleFile } from '../admin'
import { sha256Hex } from '../crypto'
import type { CentralContext } from '../ingest'
import { ed25519Signer } from './fixtures'

export function uscc(n: number): string {
  const first17 = `914106${String(n).padStart(11, '0')}`
  return first17 + usccCheckChar(first17)
}

/** Mulberry32: a small seeded generator (tests must not depend on chance). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Answers = Record<string, string | string[]>

/** `bias` 0…1: how often the best single option is taken / each multi option included. */
function randomAnswers(rnd: () => number, bias: number): Answers {
  const out: Answers = {}
  for (const q of MIIT_2024.catalogue.questions) {
    if (q.type === 'single') {
      const best = [...q.options].sort((a, b) => b.score - a.score)[0]!
      out[q.id] = rnd() < bias ? best.key : q.options[Math.floor(rnd() * q.options.length)]!.key
    } else {
      const pick = q.options.filter((o) => !o.exclusive && rnd() < bias).map((o) => o.key)
      const none = q.options.find((o) => o.exclusive)
      out[q.id] = pick.length ? pick : none ? [none.key] : [q.options[0]!.key]
    }
  }
  return out
}

export function totalMilli(a: Answers): number {
  return MIIT_2024.catalogue.questions.reduce((s, q) => s + questionMilli(q, a[q.id]), 0)
}

/** Answer sets whose total lies in [minPoints, maxPoints], `count` of them, deterministic. */
export function answersBetween(
  minPoints: number,
  maxPoints: number,
  count: number,
  seed = 7,
): Answers[] {
  const rnd = seeded(seed)
  const out: Answers[] = []
  for (let i = 0; i < 200_000 && out.length < count; i++) {
    const a = randomAnswers(rnd, rnd())
    const t = totalMilli(a)
    if (t >= minPoints * 1000 && t <= maxPoints * 1000) out.push(a)
  }
  if (out.length < count)
    throw new Error(`answersBetween: only ${out.length} sets in [${minPoints}, ${maxPoints}]`)
  return out
}

export interface EnterpriseSpec {
  n: number
  name: string
  county?: string
  industry?: string
  batch?: 1 | 2 | 3
  zjtx?: 'none' | 'innovative' | 'provincial' | 'little_giant'
}

export function assessment(o: {
  enterprise: EnterpriseSpec
  kind?: 'diagnosis' | 'acceptance' | 'recheck'
  assessor: { name: string; agency: string }
  assessedOn: string
  answers: Answers
  sceneLevel: number
  notes?: Record<string, string>
  survey?: { date: string; observations: string; people?: number } | null
}): Record<string, unknown> {
  const e = o.enterprise
  return {
    format: 'sme-dl-assessment/v1',
    catalogue: 'MIIT-2024',
    ruleProfile: 'MIIT-2024-default',
    kind: o.kind ?? 'diagnosis',
    enterprise: {
      name: e.name,
      uscc: uscc(e.n),
      county: e.county ?? '淇滨区',
      industry: e.industry ?? '智能电器电子信息制造',
      batch: e.batch ?? 1,
      zjtx: e.zjtx ?? 'none',
    },
    assessor: o.assessor,
    assessedOn: o.assessedOn,
    answers: o.answers,
    scenes: Object.fromEntries(MIIT_2024.catalogue.scenes.map((s) => [s.id, o.sceneLevel])),
    ...(o.notes ? { notes: o.notes } : {}),
    ...(o.survey === null
      ? {}
      : {
          survey: {
            date: o.survey?.date ?? o.assessedOn,
            people: Array.from({ length: o.survey?.people ?? 2 }, (_, i) => ({
              name: i === 0 ? o.assessor.name : `企业联系人${i}`,
              agency: i === 0 ? o.assessor.agency : e.name,
              role: i === 0 ? '评测组长' : '信息化负责人',
            })),
            observations:
              o.survey?.observations ?? `${e.name}现场调研：生产线与信息系统情况已逐项核实。`,
          },
        }),
  }
}

export interface EvidenceSpec {
  bytes: Uint8Array
  name: string
  itemId: string | null
  mime: string
}

export interface SignedTestBundle {
  manifest: BundleManifest
  signature: SignatureEnvelope
  bytes: Uint8Array
}

/**
 * A formal report of a seeded assessment as manifest.reports carries it: number
 * `<ZD|YS>-<issuedOn>-<8 hex>` and a report hash, both derived from `tag` (deterministic).
 */
export function seededReport(
  kind: 'diagnosis' | 'acceptance',
  issuedOn: string,
  tag: string,
): ReportRef {
  const sha256 = sha256Hex(new TextEncoder().encode(`report.json of ${kind} ${tag}`))
  return {
    number: `${kind === 'diagnosis' ? 'ZD' : 'YS'}-${issuedOn.replace(/-/g, '')}-${sha256.slice(0, 8).toUpperCase()}`,
    kind,
    sha256,
    issuedOn,
  }
}

export function signedBundle(o: {
  signer: ClientSigner
  assessment: Record<string, unknown>
  evidence?: EvidenceSpec[]
  timeline?: TimelineEvent[]
  dossier?: Record<string, unknown>
  supersedes?: { manifest: BundleManifest; reason: string }
  now?: Date
  /** manifest.diagnosis: the diagnosis an acceptance compares against (issue 11 item 1). */
  diagnosis?: BundleManifest
  /** manifest.reports: the formal reports made from the assessment (issue 11 item 8). */
  reports?: ReportRef[]
}): SignedTestBundle {
  const pinned = getCatalogue('MIIT-2024')!
  const evidence = new Map<string, Uint8Array>()
  const entries: EvidenceEntry[] = (o.evidence ?? []).map((f) => {
    const sha = sha256Hex(f.bytes)
    evidence.set(sha, f.bytes)
    return { sha256: sha, size: f.bytes.length, name: f.name, itemId: f.itemId, mime: f.mime }
  })
  const prev = o.supersedes?.manifest
  const manifest = buildManifest({
    bundleId: randomUUID(),
    recordId: prev?.recordId ?? randomUUID(),
    version: prev ? prev.version + 1 : 1,
    supersedes: prev ? { bundleId: prev.bundleId, reason: o.supersedes!.reason } : null,
    createdAt: (o.now ?? new Date('2025-06-01T08:00:00Z')).toISOString(),
    catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
    assessorKey: o.signer.info,
    assessment: o.assessment,
    evidence: entries,
    ...(o.dossier ? { dossier: o.dossier } : {}),
    ...(o.timeline ? { timeline: o.timeline } : {}),
    ...(o.reports ? { reports: o.reports } : {}),
    ...(o.diagnosis
      ? {
          diagnosis: {
            bundleId: o.diagnosis.bundleId,
            manifestSha256: sha256Hex(canonicalBytes(o.diagnosis)),
            reportNumber: o.diagnosis.reports?.find((r) => r.kind === 'diagnosis')?.number ?? null,
          },
        }
      : {}),
  })
  const bytes = canonicalBytes(manifest)
  const signature: SignatureEnvelope = {
    algorithm: o.signer.info.algorithm,
    keyId: o.signer.info.keyId,
    signature: toBase64(o.signer.sign(bytes)),
    signedBytesSha256: sha256Hex(bytes),
  }
  return { manifest, signature, bytes: packBundle({ manifestBytes: bytes, signature, evidence }) }
}

/** Imports a bundle file as `npm run central -- import` does; fails the test when refused. */
export async function importSigned(ctx: CentralContext, b: SignedTestBundle): Promise<void> {
  const r = await importBundleFile(ctx, b.bytes)
  if (!r.ok || r.body.status === 'incomplete')
    throw new Error(`import refused: ${JSON.stringify(r.body)}`)
}

/** Registers and approves an assessor key directly in the database (as approve would). */
export async function approvedAssessor(
  ctx: CentralContext,
  name: string,
  agency: string,
): Promise<ClientSigner> {
  const s = ed25519Signer()
  await ctx.db
    .insertInto('assessor_keys')
    .values({
      key_id: s.info.keyId,
      algorithm: s.info.algorithm,
      public_key_pem: s.info.publicKeyPem,
      assessor_name: name,
      agency,
      status: 'approved',
      registered_at: '2025-01-01T00:00:00.000Z',
      approved_at: '2025-01-01T00:00:00.000Z',
    })
    .execute()
  return s
}

/** Judging events (answers then scenes) every `stepSeconds` from `start`, rows from `row0`. */
export function judgingTimeline(start: string, stepSeconds: number, row0 = 1): TimelineEvent[] {
  const t0 = Date.parse(start)
  const items = [
    ...MIIT_2024.catalogue.questions.map((q) => ['answer.set', q.id] as const),
    ...MIIT_2024.catalogue.scenes.map((s) => ['scene.set', s.id] as const),
  ]
  return [
    {
      row: row0,
      at: new Date(t0 - 60_000).toISOString(),
      action: 'assessment.create',
      itemId: null,
    },
    ...items.map(([action, itemId], i) => ({
      row: row0 + 1 + i,
      at: new Date(t0 + i * stepSeconds * 1000).toISOString(),
      action,
      itemId,
    })),
    {
      row: row0 + 1 + items.length,
      at: new Date(t0 + items.length * stepSeconds * 1000).toISOString(),
      action: 'assessment.complete',
      itemId: null,
    },
  ]
}
