/**
 * Contract methods 'panel.*' (expert panels of acceptance reviews) and 'recheck.*' (复核), issue 6.
 * All rules are shared/domain/panel (consolidate, panelRecord, verifyPanelRecord, diffAssessments);
 * this file verifies and stores bundles, keeps the lead's decisions and signs the lead's bundle.
 * Tables: panel_reviews, panel_scorings, panel_decisions, recheck_bases (db/migrations 0006).
 */
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import { localDate } from '../../../shared/domain/dates'
import type { PanelView } from '../../../shared/contract/schemas/panel'
import type { z } from 'zod'
import { parseAssessmentFile, type AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import type {
  BundleManifest,
  DiagnosisCitation,
  SignatureEnvelope,
} from '../../../shared/domain/bundle/types'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import type { PinnedCatalogue } from '../../../shared/domain/catalogue/types'
import {
  answerText,
  consolidate,
  diffAssessments,
  diffSummaryLines,
  expertName,
  panelRecord,
  sceneLevelName,
  validatePanel,
  verifyPanelRecord,
  type Consolidation,
  type ExpertScoring,
  type LeadDecision,
  type PanelMember,
  type PanelRecord,
  type PanelReview,
} from '../../../shared/domain/panel'
import {
  ORIGINAL_MANIFEST_ATTACHMENT,
  ORIGINAL_SIGNATURE_ATTACHMENT,
  assessmentAttachment,
  buildAcceptanceReport,
  buildRecheckReport,
  type ReportFile,
} from '../../../shared/domain/report'
import { unpackBundle } from '../../../shared/domain/bundle/container'
import type { RuleProfile, SceneLevel } from '../../../shared/domain/scoring/types'
import { HEBI_2024 } from '../../../shared/domain/subsidy'
import { BundleError, buildBundle, verifyBundleBytes } from '../bundle/build'
import type { PanelScoringRow } from '../db/tables/panel'
import { bundleProblemText } from '../bundle/problem-text'
import { latestCurrentOfKind } from '../db/repos/assessments.repo'
import { withTransaction } from '../db/tx'
import {
  createAssessmentIn,
  loadDetail,
  setAnswerIn,
  setSceneIn,
  profileFor,
  requireAssessment,
} from '../services/assessments.service'
import type { ServiceContext } from '../services/context'
import {
  acceptanceDossier,
  loadReportPdf,
  detailToFile,
  printedReport,
  refuseDraftSigning,
  reportBuildError,
  safeName,
  storedDiagnosis,
  verifyBaseUrl,
} from '../services/reports.service'
import { reportIdentityChanges } from '../services/enterprises.service'
import { assessorProfile } from '../services/profile.service'
import { signingCredential } from '../services/signing-credential'
import { BundleStoreError } from '../sync/bundle-store'
import { exportBundle, recordBundle, storeAndRecord } from '../sync/bundle-records'
import { unlockedSigner } from '../sync/sync.service'
import { getKnownKey } from '../db/repos/known-keys.repo'
import {
  recheckList,
  recheckOfBundle,
  recheckOriginal,
  recheckOriginalEvidence,
} from './recheck-queries'
import {
  clearDecision,
  recordSignature,
  requireUnsignedIn,
  storeDecision,
  storePanel,
  storeScoring,
} from './panel-writes'

type PanelViewT = z.infer<typeof PanelView>

/** One verified expert scoring as held here. */
interface Held {
  keyId: string
  bundleId: string
  manifestSha256: string
  importedAt: string
  manifest: BundleManifest
  file: AssessmentFileV1
  bytes: Uint8Array
}

interface Loaded {
  id: string
  enterpriseId: string
  enterpriseName: string
  review: PanelReview
  createdAt: string
  signed: { bundleId: string; manifestSha256: string; record: PanelRecord } | null
  held: Held[]
  /** every stored expert bundle with its verification, read and verified once per load */
  stored: { row: PanelScoringRow; v: ReturnType<typeof verifyBundleBytes> }[]
  decisions: LeadDecision[]
}

function fileOfIn(manifest: BundleManifest, registry: ReferenceRegistry): AssessmentFileV1 {
  const p = parseAssessmentFile(JSON.stringify(manifest.assessment), registry)
  if (!p.ok) throw fail.validation(`签名包中的评测无效：${p.error}`, 'contentBase64')
  return p.value
}

function contextOfIn(
  file: AssessmentFileV1,
  registry: ReferenceRegistry,
): { pinned: PinnedCatalogue; profile: RuleProfile } {
  const pinned = registry.catalogue(file.catalogue)
  if (!pinned) throw fail.validation(`未知的指标体系 ${file.catalogue}`, 'contentBase64')
  return { pinned, profile: profileFor(file.ruleProfile, registry) }
}

/** Verifies bundle bytes; VALIDATION naming the file and every problem (one line). */
/**
 * The diagnosis a panel's consolidated acceptance cites (issue 11 item 1): the one every expert's
 * bundle cites — they compare against the same signed diagnosis, or the lead cannot sign.
 */
function panelDiagnosis(manifests: BundleManifest[]): DiagnosisCitation {
  const cited = manifests.map((m) => m.diagnosis)
  const first = cited[0]
  if (!first || cited.some((d) => !d))
    throw fail.validation(
      '专家的签名包未载明所对照的已签名诊断，组长不能签名：请各专家以同一份诊断签名包签名打包',
      'panelId',
    )
  if (cited.some((d) => d!.manifestSha256 !== first.manifestSha256))
    throw fail.validation(
      '各专家所对照的诊断签名包不同，组长不能签名：请各专家以同一份诊断签名包签名打包',
      'panelId',
    )
  return { ...first }
}

function verifiedIn(fileName: string, bytes: Uint8Array, registry: ReferenceRegistry) {
  const v = verifyBundleBytes(bytes, { registry })
  if (!v.ok) throw fail.validation(bundleProblemText(fileName, v.problems), 'contentBase64')
  return v
}

function scoringOf(h: Held): ExpertScoring {
  return { expertKeyId: h.keyId, answers: h.file.answers, scenes: h.file.scenes }
}

function itemText(value: unknown, kind: 'question' | 'scene'): string {
  if (kind === 'scene') return sceneLevelName(value as SceneLevel | null)
  return answerText(value as string | string[] | null)
}

function safeFile(s: string): string {
  return (
    s
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .slice(0, 40) || 'panel'
  )
}

/** panel.report: report builder input path → request field (fallback 'panelId'). */
const PANEL_REPORT_FIELDS = {
  issuedOn: 'issuedOn',
  investmentFen: 'investmentFen',
  before: 'beforeBundleId',
  kind: 'panelId',
  enterprise: 'enterprise.batch',
  batch: 'enterprise.batch',
}

export function panelServices(ctx: ServiceContext) {
  const db = ctx.db
  // Parse, verify and score with this device's registry (built-in + published rule profiles).
  const fileOf = (m: BundleManifest) => fileOfIn(m, ctx.registry())
  const contextOf = (f: AssessmentFileV1) => contextOfIn(f, ctx.registry())
  const verified = (name: string, bytes: Uint8Array) => verifiedIn(name, bytes, ctx.registry())

  /**
   * recheck.diff / recheck.report: the signed original a recheck assessment was imported from
   * (bundle verified again), the recheck as stored now, and the original's scoring context.
   */
  async function recheckOf(recheckAssessmentId: string) {
    const base = await db
      .selectFrom('recheckBases')
      .selectAll()
      .where('recheckAssessmentId', '=', recheckAssessmentId)
      .executeTakeFirst()
    if (!base) throw fail.notFound('该评测不是由签名包导入的复核评测', 'recheckAssessmentId')
    const v = verified(base.bundleId, new Uint8Array(base.bundle))
    const original = fileOf(v.manifest)
    const detail = await loadDetail(ctx.db, recheckAssessmentId, ctx.registry())
    return { v, base, original, detail, ...contextOf(original) }
  }

  async function load(panelId: string): Promise<Loaded> {
    const r = await db
      .selectFrom('panelReviews')
      .innerJoin('enterprises', 'enterprises.id', 'panelReviews.enterpriseId')
      .selectAll('panelReviews')
      .select('enterprises.name as enterpriseName')
      .where('panelReviews.id', '=', panelId)
      .executeTakeFirst()
    if (!r) throw fail.notFound(`专家组评审不存在（${panelId}）`, 'panelId')
    const review: PanelReview = {
      lead: JSON.parse(r.leadJson) as PanelMember,
      experts: JSON.parse(r.expertsJson) as PanelMember[],
    }
    const rows = await db
      .selectFrom('panelScorings')
      .selectAll()
      .where('panelId', '=', panelId)
      .execute()
    const stored = rows.map((row) => ({
      row,
      v: verifyBundleBytes(new Uint8Array(row.bundle), { registry: ctx.registry() }),
    }))
    const held: Held[] = []
    for (const m of review.experts) {
      const found = stored.find((x) => x.row.expertKeyId === m.keyId)
      if (!found) continue
      const { row: s, v } = found
      const bytes = new Uint8Array(s.bundle)
      // a stored bundle that no longer verifies (one changed byte anywhere, not only in its
      // manifest) counts as not arrived: nothing is consolidated or signed from it; panel.verify
      // names it
      if (!v.ok) continue
      const manifest: BundleManifest = v.manifest
      let file: AssessmentFileV1
      try {
        file = fileOf(manifest)
      } catch {
        continue
      }
      held.push({
        keyId: m.keyId,
        bundleId: s.bundleId,
        manifestSha256: s.manifestSha256,
        importedAt: s.importedAt,
        manifest,
        file,
        bytes,
      })
    }
    const decisions = (
      await db
        .selectFrom('panelDecisions')
        .selectAll()
        .where('panelId', '=', panelId)
        .orderBy('itemId')
        .execute()
    ).map((d): LeadDecision => ({
      itemId: d.itemId,
      value: JSON.parse(d.valueJson) as LeadDecision['value'],
      reason: d.reason,
    }))
    return {
      id: r.id,
      enterpriseId: r.enterpriseId,
      enterpriseName: r.enterpriseName,
      review,
      createdAt: r.createdAt,
      signed:
        r.signedBundleId && r.signedManifestSha256 && r.recordJson
          ? {
              bundleId: r.signedBundleId,
              manifestSha256: r.signedManifestSha256,
              record: JSON.parse(r.recordJson) as PanelRecord,
            }
          : null,
      held,
      stored,
      decisions,
    }
  }

  function consolidationOf(
    p: Loaded,
    decisions: readonly LeadDecision[] = p.decisions,
  ): { c: Consolidation; pinned: PinnedCatalogue; profile: RuleProfile } | null {
    if (p.held.length < p.review.experts.length || !p.held[0]) return null
    const { pinned, profile } = contextOf(p.held[0].file)
    return {
      c: consolidate(pinned, profile, p.review, p.held.map(scoringOf), decisions),
      pinned,
      profile,
    }
  }

  function view(p: Loaded): PanelViewT {
    const cc = consolidationOf(p)
    const titles = new Map<string, string>()
    if (cc) {
      for (const q of cc.pinned.catalogue.questions) titles.set(q.id, q.tertiary.name)
      for (const s of cc.pinned.catalogue.scenes) titles.set(s.id, s.name)
    }
    return {
      id: p.id,
      enterpriseId: p.enterpriseId,
      enterpriseName: p.enterpriseName,
      lead: p.review.lead,
      experts: p.review.experts.map((m) => {
        const h = p.held.find((x) => x.keyId === m.keyId)
        const r = cc?.c.expertResults.find((x) => x.expertKeyId === m.keyId)?.result
        return {
          ...m,
          scoring: h
            ? {
                bundleId: h.bundleId,
                manifestSha256: h.manifestSha256,
                importedAt: h.importedAt,
                total: r?.total ?? 0,
                level: r?.level ?? 0,
              }
            : null,
        }
      }),
      createdAt: p.createdAt,
      complete: cc !== null,
      items: cc
        ? cc.c.items.map((i) => ({
            itemId: i.itemId,
            kind: i.kind,
            title: titles.get(i.itemId) ?? '',
            values: i.values.map((v) => ({
              expertKeyId: v.expertKeyId,
              value: v.value,
              text: itemText(v.value, i.kind),
            })),
            severity: i.severity,
            rule: i.rule,
            consolidated: i.consolidated,
            consolidatedText: i.resolved ? itemText(i.consolidated, i.kind) : '待组长裁定',
            resolved: i.resolved,
            explanation: i.explanation,
            reason: i.reason ?? null,
          }))
        : [],
      divergences: cc ? cc.c.divergences : [],
      status: cc ? cc.c.status : 'waiting',
      unresolved: cc ? cc.c.unresolved : [],
      result: cc?.c.result
        ? {
            total: cc.c.result.total,
            level: cc.c.result.level,
            levelName: cc.c.result.levelName,
            provisional: cc.c.result.provisional,
          }
        : null,
      signed: p.signed
        ? {
            bundleId: p.signed.bundleId,
            manifestSha256: p.signed.manifestSha256,
            keyId: p.review.lead.keyId,
          }
        : null,
    }
  }

  function notSigned(p: Loaded): void {
    if (p.signed) throw fail.conflict('该专家组评审已由组长签名，不能再修改', 'panelId')
  }

  /** The consolidated assessment as an exchange file: the first expert's file, settled values. */
  function consolidatedFile(p: Loaded, c: Consolidation): AssessmentFileV1 {
    const base = p.held[0]!.file
    return {
      format: base.format,
      catalogue: base.catalogue,
      ...(base.catalogueHash ? { catalogueHash: base.catalogueHash } : {}),
      ruleProfile: base.ruleProfile,
      kind: 'acceptance',
      enterprise: base.enterprise,
      assessor: { name: p.review.lead.name, agency: p.review.lead.agency },
      ...(base.assessedOn ? { assessedOn: base.assessedOn } : {}),
      answers: c.answers,
      scenes: c.scenes,
    }
  }

  function recordOf(p: Loaded, pinned: PinnedCatalogue, profile: RuleProfile): PanelRecord {
    const bundleIds: Record<string, string> = {}
    for (const h of p.held) bundleIds[h.keyId] = h.bundleId
    return panelRecord(pinned, profile, p.review, p.held.map(scoringOf), p.decisions, bundleIds)
  }

  return {
    'panel.create': async (input: Input<'panel.create'>): Promise<Output<'panel.create'>> => {
      const ent = await db
        .selectFrom('enterprises')
        .select(['id'])
        .where('id', '=', input.enterpriseId)
        .executeTakeFirst()
      if (!ent) throw fail.notFound('企业不存在', 'enterpriseId')
      const review: PanelReview = { lead: input.lead, experts: input.experts }
      validatePanel(review)
      const id = ctx.newId()
      await storePanel(
        ctx,
        {
          id,
          enterpriseId: input.enterpriseId,
          leadJson: JSON.stringify(input.lead),
          expertsJson: JSON.stringify(input.experts),
          createdAt: ctx.nowIso(),
          signedBundleId: null,
          signedManifestSha256: null,
          recordJson: null,
        },
        review,
      )
      return view(await load(id))
    },

    'panel.list': async (): Promise<Output<'panel.list'>> => {
      const rows = await db
        .selectFrom('panelReviews')
        .innerJoin('enterprises', 'enterprises.id', 'panelReviews.enterpriseId')
        .select([
          'panelReviews.id',
          'panelReviews.enterpriseId',
          'enterprises.name as enterpriseName',
          'panelReviews.expertsJson',
          'panelReviews.signedBundleId',
          'panelReviews.createdAt',
        ])
        .orderBy('panelReviews.createdAt', 'desc')
        .execute()
      const items = []
      for (const r of rows) {
        const n = await db
          .selectFrom('panelScorings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('panelId', '=', r.id)
          .executeTakeFirstOrThrow()
        items.push({
          id: r.id,
          enterpriseId: r.enterpriseId,
          enterpriseName: r.enterpriseName,
          experts: (JSON.parse(r.expertsJson) as unknown[]).length,
          arrived: Number(n.n),
          signed: r.signedBundleId !== null,
          createdAt: r.createdAt,
        })
      }
      return { items }
    },

    'panel.get': async (input: Input<'panel.get'>): Promise<Output<'panel.get'>> =>
      view(await load(input.panelId)),

    'panel.importScoring': async (
      input: Input<'panel.importScoring'>,
    ): Promise<Output<'panel.importScoring'>> => {
      const p = await load(input.panelId)
      const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'))
      const v = verified(input.fileName, bytes)
      notSigned(p)
      const keyId = v.manifest.assessorKey.keyId
      const member = p.review.experts.find((m) => m.keyId === keyId)
      if (!member) {
        const known = await getKnownKey(ctx.db, keyId)
        const who =
          keyId === p.review.lead.keyId
            ? '组长本人'
            : known
              ? `${known.name}${known.agency ? `（${known.agency}）` : ''}`
              : `未在本机登记的密钥（${keyId.slice(0, 12)}…）`
        throw fail.validation(
          `这个签名包由${who}签名，不是本专家组的专家：请确认导入的是本组专家的评分签名包`,
          'contentBase64',
        )
      }
      const file = fileOf(v.manifest)
      if (file.kind !== 'acceptance')
        throw fail.validation(
          `专家评分应为验收评价，这个签名包是${file.kind === 'diagnosis' ? '诊断评测' : file.kind === 'recheck' ? '复核' : file.kind}：请让专家导出验收评价的签名包`,
          'contentBase64',
        )
      const ent = await db
        .selectFrom('enterprises')
        .select(['uscc'])
        .where('id', '=', p.enterpriseId)
        .executeTakeFirstOrThrow()
      if (file.enterprise.uscc && file.enterprise.uscc !== ent.uscc)
        throw fail.validation(
          `签名包评测的企业（${file.enterprise.uscc}）不是本次评审的企业（${ent.uscc}）`,
          'contentBase64',
        )
      const other = p.held.find((h) => h.keyId !== keyId)
      if (other && other.file.catalogue !== file.catalogue)
        throw fail.validation('各专家须使用同一指标体系评分', 'contentBase64')
      if (other && other.file.ruleProfile !== file.ruleProfile)
        throw fail.validation('各专家须使用同一等级规则评分', 'contentBase64')
      await storeScoring(ctx, {
        panelId: p.id,
        expertKeyId: keyId,
        bundleId: v.manifest.bundleId,
        manifestSha256: v.manifestSha256,
        fileName: input.fileName,
        bundle: Buffer.from(bytes),
        importedAt: ctx.nowIso(),
      })
      return { expertKeyId: keyId, panel: view(await load(p.id)) }
    },

    'panel.decide': async (input: Input<'panel.decide'>): Promise<Output<'panel.decide'>> => {
      const p = await load(input.panelId)
      notSigned(p)
      const decision: LeadDecision = {
        itemId: input.itemId,
        value: input.value as LeadDecision['value'],
        reason: input.reason,
      }
      const next = [...p.decisions.filter((d) => d.itemId !== input.itemId), decision]
      // the domain checks the decision (value within the experts' views, reason given)
      if (!consolidationOf(p, next))
        throw fail.validation('尚未收齐全部专家的评分，不能裁定', 'panelId')
      await storeDecision(ctx, p.id, decision)
      return view(await load(p.id))
    },

    'panel.clearDecision': async (
      input: Input<'panel.clearDecision'>,
    ): Promise<Output<'panel.clearDecision'>> => {
      const p = await load(input.panelId)
      notSigned(p)
      await clearDecision(ctx, p.id, input.itemId)
      return view(await load(p.id))
    },

    'panel.consolidate': async (
      input: Input<'panel.consolidate'>,
    ): Promise<Output<'panel.consolidate'>> => {
      const p = await load(input.panelId)
      const cc = consolidationOf(p)
      if (!cc) {
        const missing = p.review.experts.filter((m) => !p.held.some((h) => h.keyId === m.keyId))
        throw fail.validation(
          `尚未收到专家 ${missing.map((m) => m.name).join('、')} 的评分签名包`,
          'panelId',
        )
      }
      const v = view(p)
      return {
        status: cc.c.status,
        unresolved: cc.c.unresolved,
        result: v.result,
        record: cc.c.status === 'consolidated' ? recordOf(p, cc.pinned, cc.profile) : null,
      }
    },

    'panel.sign': async (input: Input<'panel.sign'>): Promise<Output<'panel.sign'>> => {
      const p = await load(input.panelId)
      if (p.signed) {
        const ex = await exportBundle(ctx, p.signed.bundleId)
        return {
          bundleId: p.signed.bundleId,
          manifestSha256: p.signed.manifestSha256,
          keyId: p.review.lead.keyId,
          ...ex,
        }
      }
      const cc = consolidationOf(p)
      if (!cc) throw fail.validation('尚未收齐全部专家的评分，不能签名', 'panelId')
      if (cc.c.status !== 'consolidated')
        throw fail.validation(
          `尚有未合议的项目：${cc.c.unresolved.join('、')}，须由组长裁定后才能签名`,
          'panelId',
        )
      const signer = unlockedSigner(ctx)
      if (!signer)
        throw fail.validation(
          '组长的签名密钥未解锁：请在「签名与同步」→「评测人员密钥」中输入口令并点「解锁」',
          'passphrase',
        )
      if (signer.info.keyId !== p.review.lead.keyId)
        throw fail.validation(
          `本机密钥 ${signer.info.keyId.slice(0, 12)}… 不是组长 ${p.review.lead.name} 的密钥`,
          'passphrase',
        )
      const record = recordOf(p, cc.pinned, cc.profile)
      const diagnosis = panelDiagnosis(p.held.map((h) => verified(h.bundleId, h.bytes).manifest))
      const expertBundles = p.held.map((h) => {
        const sig = verified(h.bundleId, h.bytes).signature as SignatureEnvelope
        return {
          expertKeyId: h.keyId,
          bundleId: h.bundleId,
          manifestSha256: h.manifestSha256,
          signature: sig,
        }
      })
      let built
      try {
        built = buildBundle({
          assessment: JSON.parse(JSON.stringify(consolidatedFile(p, cc.c))) as Record<
            string,
            unknown
          >,
          evidence: p.held.map((h) => {
            const m = p.review.experts.find((x) => x.keyId === h.keyId)!
            return {
              bytes: h.bytes,
              name: `专家评分-${safeFile(m.name)}-${h.bundleId.slice(0, 8)}.dlbundle`,
              itemId: null,
              mime: 'application/zip',
            }
          }),
          signer,
          now: ctx.now(),
          recordId: `panel-${p.id}`,
          diagnosis,
          panel: JSON.parse(JSON.stringify({ record, expertBundles })) as Record<string, unknown>,
        })
      } catch (e) {
        if (e instanceof BundleError) throw fail.validation(e.message, 'panelId')
        throw e
      }
      // The lead's bundle file, then its row, the panel's signature and the audit entry in one
      // transaction (the file is removed again if that fails).
      let stored
      try {
        ;({ stored } = await storeAndRecord(ctx, built.bytes, async (trx, _tx, r) => {
          // another panel.sign that read the panel unsigned may have committed meanwhile
          await requireUnsignedIn(trx, p.id)
          await recordBundle(trx, ctx, r.manifest, r.manifestSha256, 'import', null)
          await recordSignature(trx, ctx, p.id, {
            bundleId: built.manifest.bundleId,
            manifestSha256: built.manifestSha256,
            recordJson: JSON.stringify(record),
          })
        }))
      } catch (e) {
        if (e instanceof BundleStoreError)
          throw fail.validation(`专家组签名包验证未通过：${e.message}`, 'panelId')
        throw e
      }
      const ex = await exportBundle(ctx, stored.bundleId)
      return {
        bundleId: built.manifest.bundleId,
        manifestSha256: built.manifestSha256,
        keyId: signer.info.keyId,
        ...ex,
      }
    },

    'panel.verify': async (input: Input<'panel.verify'>): Promise<Output<'panel.verify'>> => {
      const p = await load(input.panelId)
      const problems: string[] = []
      const scorings: ExpertScoring[] = []
      for (const { row: r, v } of p.stored) {
        const name = expertName(p.review.experts, r.expertKeyId)
        if (!v.ok) {
          problems.push(`专家 ${name} 的签名包验证未通过：${v.problems.join('；')}`)
          continue
        }
        if (v.manifest.assessorKey.keyId !== r.expertKeyId)
          problems.push(`专家 ${name} 的签名包不是由其密钥签名`)
        if (v.manifestSha256 !== r.manifestSha256)
          problems.push(`专家 ${name} 的签名包与导入时不同`)
        const f = parseAssessmentFile(JSON.stringify(v.manifest.assessment), ctx.registry())
        if (f.ok)
          scorings.push({
            expertKeyId: r.expertKeyId,
            answers: f.value.answers,
            scenes: f.value.scenes,
          })
      }
      if (p.signed && p.held[0]) {
        const { pinned, profile } = contextOf(p.held[0].file)
        problems.push(...verifyPanelRecord(pinned, profile, p.signed.record, scorings))
      }
      return { ok: problems.length === 0, problems }
    },

    'panel.report': async (input: Input<'panel.report'>): Promise<Output<'panel.report'>> => {
      const p = await load(input.panelId)
      const cc = consolidationOf(p)
      if (!cc) throw fail.validation('尚未收齐全部专家的评分', 'panelId')
      const ent = await db
        .selectFrom('enterprises')
        .select(['batch', 'name'])
        .where('id', '=', p.enterpriseId)
        .executeTakeFirstOrThrow()
      if (ent.batch === null)
        throw fail.validation('企业尚未确定试点批次，无法测算补助', 'enterprise.batch')
      const dossier = await acceptanceDossier(ctx, p.enterpriseId, input.investmentFen)
      const after = consolidatedFile(p, cc.c)
      let before
      let diagnosis
      let files: ReportFile[]
      if (input.beforeBundleId) {
        const signed = storedDiagnosis(ctx, input.beforeBundleId)
        before = signed.file
        diagnosis = signed.citation
        files = [assessmentAttachment(after), ...signed.files]
      } else {
        // No signed diagnosis picked: a draft against the local diagnosis (never formal).
        const beforeRow = input.beforeAssessmentId
          ? await requireAssessment(ctx.db, input.beforeAssessmentId, 'beforeAssessmentId')
          : await latestCurrentOfKind(ctx.db, p.enterpriseId, 'diagnosis')
        if (!beforeRow)
          throw fail.validation('请选择改造前的已签名诊断（签名包）', 'beforeBundleId')
        if (beforeRow.enterpriseId !== p.enterpriseId)
          throw fail.validation('改造前的诊断评测属于另一家企业', 'beforeAssessmentId')
        before = detailToFile(await loadDetail(ctx.db, beforeRow.id, ctx.registry()))
        files = [assessmentAttachment(after)]
      }
      const today = localDate(ctx.now())
      let model
      try {
        model = buildAcceptanceReport({
          before,
          after,
          diagnosis,
          files,
          pinned: cc.pinned,
          profile: cc.profile,
          policy: HEBI_2024,
          investmentFen: input.investmentFen,
          batch: ent.batch as 1 | 2 | 3,
          dossier,
          issuedOn: input.issuedOn ?? today,
          today,
          verifyBaseUrl: verifyBaseUrl(ctx),
          panel: { review: p.review, consolidation: cc.c },
          identityChanges: await reportIdentityChanges(ctx.db, p.enterpriseId),
        })
      } catch (e) {
        throw reportBuildError(e, PANEL_REPORT_FIELDS, 'panelId')
      }
      const { renderReportPdf, pageCount } = await loadReportPdf()
      const pdf = await renderReportPdf(model, { files })
      return {
        fileName: `${model.header.formal ? '' : '草稿-'}验收评价-专家组-${safeFile(ent.name)}-${safeFile(model.header.reportNumber)}.pdf`,
        pdfBase64: pdf.toString('base64'),
        pages: pageCount(pdf),
        level: cc.c.result?.level ?? 0,
        levelName: cc.c.result?.levelName ?? '尚未合议',
      }
    },

    'recheck.import': async (input: Input<'recheck.import'>): Promise<Output<'recheck.import'>> => {
      const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'))
      const v = verified(input.fileName, bytes)
      // One recheck per bundle: the same bundle imported again opens the recheck made before.
      const existing = await recheckOfBundle(ctx.db, v.manifest.bundleId)
      if (existing)
        return {
          ...existing,
          bundleId: v.manifest.bundleId,
          signerKeyId: v.manifest.assessorKey.keyId,
          existing: true,
        }
      const file = fileOf(v.manifest)
      const ent = await db
        .selectFrom('enterprises')
        .select(['id'])
        .where('uscc', '=', file.enterprise.uscc ?? '')
        .executeTakeFirst()
      if (!ent)
        throw fail.validation(
          `本机没有该企业（${file.enterprise.name ?? ''} ${file.enterprise.uscc ?? '无统一社会信用代码'}），请先登记企业`,
          'contentBase64',
        )
      // One transaction: the recheck draft, every answer and scene, and the signed original.
      const made = await withTransaction(ctx.db, async (trx, tx) => {
        // checked again inside: two imports of one bundle still make one recheck
        const again = await recheckOfBundle(trx, v.manifest.bundleId)
        if (again) return { ...again, existing: true }
        const id = await createAssessmentIn(trx, tx, ctx, {
          enterpriseId: ent.id,
          kind: 'recheck',
          ruleProfileId: file.ruleProfile,
          // the reviewer: this device's assessor profile, else who runs the backend
          ...((await assessorProfile(trx))
            ? {}
            : { assessorName: ctx.actor.slice(0, 50) || '复核人员', assessorAgency: '' }),
          assessedOn: localDate(ctx.now()),
        })
        const at = ctx.nowIso()
        for (const [questionId, selected] of Object.entries(file.answers))
          await setAnswerIn(trx, ctx, id, questionId, selected, at)
        for (const [sceneId, level] of Object.entries(file.scenes))
          await setSceneIn(trx, ctx, id, sceneId, level, at)
        await trx
          .insertInto('recheckBases')
          .values({
            recheckAssessmentId: id,
            bundleId: v.manifest.bundleId,
            manifestSha256: v.manifestSha256,
            signerKeyId: v.manifest.assessorKey.keyId,
            bundle: Buffer.from(bytes),
            importedAt: at,
          })
          .execute()
        return { recheckAssessmentId: id, enterpriseId: ent.id, existing: false }
      })
      return {
        ...made,
        bundleId: v.manifest.bundleId,
        signerKeyId: v.manifest.assessorKey.keyId,
      }
    },

    'recheck.list': async (): Promise<Output<'recheck.list'>> => {
      return recheckList(ctx.db)
    },
    'recheck.original': async (
      input: Input<'recheck.original'>,
    ): Promise<Output<'recheck.original'>> => {
      return recheckOriginal(ctx.db, input.recheckAssessmentId)
    },
    'recheck.originalEvidence': async (
      input: Input<'recheck.originalEvidence'>,
    ): Promise<Output<'recheck.originalEvidence'>> => {
      return recheckOriginalEvidence(ctx.db, input.recheckAssessmentId, input.sha256)
    },

    'recheck.diff': async (input: Input<'recheck.diff'>): Promise<Output<'recheck.diff'>> => {
      const { v, original, detail, pinned, profile } = await recheckOf(input.recheckAssessmentId)
      const diff = diffAssessments(pinned, profile, original, detailToFile(detail))
      return { bundleId: v.manifest.bundleId, diff, lines: diffSummaryLines(pinned, diff) }
    },

    'recheck.report': async (input: Input<'recheck.report'>): Promise<Output<'recheck.report'>> => {
      const { v, base, original, detail, pinned, profile } = await recheckOf(
        input.recheckAssessmentId,
      )
      const credential = await signingCredential(ctx.db, input.sign)
      const recheckFile = detailToFile(detail)
      const un = unpackBundle(new Uint8Array(base.bundle))
      const files: ReportFile[] = [
        assessmentAttachment(recheckFile),
        {
          name: ORIGINAL_MANIFEST_ATTACHMENT,
          bytes: v.canonical,
          mime: 'application/json',
          description: `已签名原评测的 manifest.json（SHA-256 ${v.manifestSha256}）`,
        },
        {
          name: ORIGINAL_SIGNATURE_ATTACHMENT,
          bytes: (un.ok && un.files.get('signature.json')) || new Uint8Array(),
          mime: 'application/json',
          description: '已签名原评测的 signature.json',
        },
      ]
      const today = localDate(ctx.now())
      let model
      try {
        model = buildRecheckReport({
          original,
          recheck: recheckFile,
          files,
          today,
          completed: detail.assessment.status !== 'draft',
          verifyBaseUrl: verifyBaseUrl(ctx),
          signed: {
            bundleId: v.manifest.bundleId,
            signerKeyId: v.manifest.assessorKey.keyId,
            createdAt: v.manifest.createdAt,
            manifestSha256: v.manifestSha256,
          },
          pinned,
          profile,
          evidence: detail.evidence.map((e) => ({
            itemId: e.itemId,
            name: e.originalName,
            sha256: e.sha256,
            size: e.size,
          })),
          issuedOn: input.issuedOn ?? today,
          identityChanges: await reportIdentityChanges(ctx.db, detail.enterprise.id),
        })
      } catch (e) {
        throw reportBuildError(
          e,
          { issuedOn: 'issuedOn', kind: 'recheckAssessmentId' },
          'recheckAssessmentId',
        )
      }
      refuseDraftSigning(model, input.sign)
      const h = model.header
      return printedReport(
        ctx,
        model,
        `${h.formal ? '' : '草稿-'}复核报告-${safeName(h.enterpriseName)}-${safeName(h.reportNumber)}.pdf`,
        credential,
        files,
        input.recheckAssessmentId,
      )
    },
  }
}
