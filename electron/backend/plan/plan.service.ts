/**
 * Contract methods of the 一企一策 plan (issue 13), the API the 诊断建议 step of the workspace
 * uses:
 *   plan.compute                  the least-effort plan of an assessment for a target level
 *                                 (shared/domain/plan), with measures, matching products of the
 *                                 newest pulled product catalogue, the score and level after it
 *                                 and the projected subsidy (Hebi-2024) for the enterprise's batch
 *   references.planDocuments      measures libraries and product catalogues on this device
 *   references.importDocument     a signed library or catalogue file (USB), checked like a pull
 * Read-only except the import; works offline from what was last pulled.
 */
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type { PlanStepView } from '../../../shared/contract/schemas/plan'
import type { Catalogue } from '../../../shared/domain/catalogue/types'
import { levelName } from '../../../shared/domain/levels/rule-profiles'
import {
  BUILT_IN_MEASURES,
  planImprovement,
  planText,
  productsForStep,
  stepHeadline,
  stepItemName,
  type ImprovementPlan,
  type MeasureEntry,
  type PlanStep,
  type Product,
  type ProductCatalogue,
} from '../../../shared/domain/plan'
import { HEBI_2024, estimateSubsidy } from '../../../shared/domain/subsidy'
import type { z } from 'zod'
import { audit } from '../audit/audit'
import { listAnswers } from '../db/repos/answers.repo'
import { getEnterprise } from '../db/repos/enterprises.repo'
import { listScenes } from '../db/repos/scene-judgements.repo'
import type { ReferenceDocumentRow } from '../db/tables/reference-documents'
import { withTransaction } from '../db/tx'
import {
  pinnedFor,
  profileFor,
  requireAssessment,
  toAnswers,
  toScenes,
} from '../services/assessments.service'
import type { ServiceContext } from '../services/context'
import { requireSyncConfig } from '../sync/sync-config'
import {
  chooseMeasures,
  latestProducts,
  storeDocument,
  storedDocuments,
  verifySignedMeasures,
  verifySignedProducts,
  type VerifiedDocument,
} from './plan-references'

/** A signed library or catalogue is well under this; anything near it is not one. */
export const MAX_DOCUMENT_FILE_BYTES = 8 * 1024 * 1024

type Entry = Output<'references.planDocuments'>['measures'][number]

function documentEntry(r: ReferenceDocumentRow): Entry {
  const body = JSON.parse(r.bodyJson) as {
    library?: { entries: unknown[] }
    products?: { products: unknown[] }
  }
  return {
    kind: r.kind,
    id: r.id,
    catalogueId: r.catalogueId,
    title: r.title,
    source: r.source,
    sha256: r.sha256,
    publishedAt: r.publishedAt,
    receivedAt: r.receivedAt,
    count: body.library?.entries.length ?? body.products?.products.length ?? 0,
  }
}

function measureView(m: MeasureEntry) {
  return {
    ...(m.option !== undefined ? { option: m.option } : {}),
    ...(m.level !== undefined ? { level: m.level } : {}),
    title: m.title,
    actions: m.actions,
    systems: m.systems,
    data: m.data,
    costYuan: m.costYuan,
    weeks: m.weeks,
    effort: m.effort,
  }
}

function productView(p: Product) {
  return {
    code: p.code,
    name: p.name,
    provider: p.provider,
    priceYuan: p.priceYuan,
    contact: p.contact,
    ...(p.note !== undefined ? { note: p.note } : {}),
  }
}

function stepView(
  c: Catalogue,
  s: PlanStep,
  products: ProductCatalogue | null,
): z.output<typeof PlanStepView> {
  return {
    item: s.item,
    kind: s.kind,
    name: stepItemName(c, s),
    ...(s.answer !== undefined ? { answer: s.answer } : {}),
    ...(s.level !== undefined ? { level: s.level } : {}),
    before: s.before,
    ...(s.options ? { options: s.options } : {}),
    gain: s.gain,
    ...(s.constrained !== undefined ? { constrained: s.constrained } : {}),
    effort: s.effort,
    costYuan: s.costYuan,
    weeks: s.weeks,
    headline: stepHeadline(c, s),
    measures: s.measures.map(measureView),
    products: products ? productsForStep(s, products).map(productView) : [],
  }
}

/** The Hebi-2024 subsidy at both ends of the plan's indicative investment. */
function projectSubsidy(
  plan: ImprovementPlan,
  batch: number | null,
): { subsidy: Output<'plan.compute'>['subsidy']; subsidyNote: string | null } {
  if (!plan.reachable)
    return { subsidy: null, subsidyNote: `目标${levelName(plan.target)}无法达到，不测算补助` }
  if (batch !== 1 && batch !== 2 && batch !== 3)
    return { subsidy: null, subsidyNote: '企业未填写试点批次（1–3），无法测算补助' }
  const at = (yuan: number) =>
    estimateSubsidy(HEBI_2024, { batch, level: plan.after.level, investmentFen: yuan * 100 })
  const low = at(plan.costYuan.min)
  const high = at(plan.costYuan.max)
  return {
    subsidy: {
      policyId: HEBI_2024.id,
      batch,
      level: plan.after.level,
      low: {
        investmentFen: plan.costYuan.min * 100,
        retrofitFen: low.retrofitFen,
        totalFen: low.totalFen,
      },
      high: {
        investmentFen: plan.costYuan.max * 100,
        retrofitFen: high.retrofitFen,
        totalFen: high.totalFen,
      },
      steps: high.steps.map((s) => s.text),
    },
    subsidyNote: '按措施库参考费用的下限与上限测算，实际以投入凭证为准',
  }
}

export function planServices(ctx: ServiceContext) {
  return {
    'plan.compute': async (input: Input<'plan.compute'>): Promise<Output<'plan.compute'>> => {
      const a = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      const registry = ctx.registry()
      const pinned = pinnedFor(a, registry)
      const profile = profileFor(a.ruleProfileId, registry)
      const c = pinned.catalogue
      const ids = new Set([...c.questions.map((q) => q.id), ...c.scenes.map((s) => s.id)])
      for (const [i, id] of input.exclude.entries())
        if (!ids.has(id))
          throw fail.validation(`不改动的项目「${id}」不是本目录的题目或场景`, `exclude.${i}`)
      const [answers, scenes, enterprise, measures, products] = await Promise.all([
        listAnswers(ctx.db, a.id),
        listScenes(ctx.db, a.id),
        getEnterprise(ctx.db, a.enterpriseId),
        chooseMeasures(ctx.db, c.id, input.measuresId),
        latestProducts(ctx.db, c.id),
      ])
      if (!measures)
        throw fail.validation(
          input.measuresId
            ? `本机没有措施库「${input.measuresId}」（内置或已从中心服务获取的）`
            : `本机没有适用于 ${c.id} 的措施库`,
          'measuresId',
        )
      const plan = planImprovement({
        pinned,
        profile,
        answers: toAnswers(answers),
        scenes: toScenes(scenes),
        target: input.target,
        library: measures.pinned.library,
        exclude: input.exclude,
      })
      const catalogue = products?.products ?? null
      return {
        assessmentId: a.id,
        target: plan.target,
        reachable: plan.reachable,
        before: plan.before,
        after: plan.after,
        effort: plan.effort,
        costYuan: plan.costYuan,
        obstacles: plan.obstacles,
        excluded: plan.excluded,
        provisional: plan.provisional,
        ruleProfileId: plan.ruleProfileId,
        steps: plan.steps.map((s) => stepView(c, s, catalogue)),
        measures: {
          ...plan.measures,
          title: measures.pinned.library.title,
          source: measures.source,
          publishedAt: measures.publishedAt,
          note: measures.pinned.library.note,
        },
        products: products
          ? {
              id: products.products.id,
              title: products.products.title,
              sha256: products.sha256,
              publishedAt: products.publishedAt,
            }
          : null,
        ...projectSubsidy(plan, enterprise?.batch ?? null),
        text: planText(plan, c, {
          ...(enterprise ? { enterprise: enterprise.name } : {}),
          ...(catalogue ? { products: (s: PlanStep) => productsForStep(s, catalogue) } : {}),
          note: measures.pinned.library.note,
        }),
      }
    },

    'references.planDocuments': async (): Promise<Output<'references.planDocuments'>> => {
      const [m, p] = await Promise.all([
        storedDocuments(ctx.db, 'measures'),
        storedDocuments(ctx.db, 'products'),
      ])
      return {
        measures: [
          ...BUILT_IN_MEASURES.map((b): Entry => ({
            kind: 'measures',
            id: b.library.id,
            catalogueId: b.library.catalogueId,
            title: b.library.title,
            source: 'built-in',
            sha256: b.hash,
            publishedAt: null,
            receivedAt: null,
            count: b.library.entries.length,
          })),
          ...m.map(documentEntry),
        ],
        products: p.map(documentEntry),
      }
    },

    'references.importDocument': async (
      input: Input<'references.importDocument'>,
    ): Promise<Output<'references.importDocument'>> => {
      const { serverKey } = requireSyncConfig(ctx.dataDir, '导入措施库或产品目录')
      const name = input.fileName.replace(/\p{Cc}/gu, '_')
      const bytes = Buffer.from(input.contentBase64, 'base64')
      if (bytes.length > MAX_DOCUMENT_FILE_BYTES)
        throw fail.tooLarge(
          `「${name}」有 ${bytes.length} 字节，不像措施库或产品目录文件（上限 ${MAX_DOCUMENT_FILE_BYTES} 字节）`,
          'contentBase64',
        )
      let raw: unknown
      try {
        raw = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))
      } catch {
        throw fail.validation(`「${name}」不是有效的 JSON 文件`, 'contentBase64')
      }
      const format = (raw as { body?: { format?: unknown } } | null)?.body?.format
      let doc: VerifiedDocument
      if (format === 'sme-dl-products/v1') {
        const c = verifySignedProducts(raw, serverKey)
        if (!c.ok)
          throw fail.validation(`「${name}」验证未通过：${c.field}: ${c.message}`, 'contentBase64')
        doc = { kind: 'products', signed: c.value }
      } else {
        const c = verifySignedMeasures(raw, serverKey)
        if (!c.ok)
          throw fail.validation(`「${name}」验证未通过：${c.field}: ${c.message}`, 'contentBase64')
        doc = { kind: 'measures', signed: c.value }
      }
      const receivedAt = ctx.nowIso()
      const r = await withTransaction(ctx.db, async (trx) => {
        const r = await storeDocument(trx, doc, 'file', receivedAt)
        if (r.status === 'stored')
          await audit(trx, ctx, 'references.storeDocument', doc.kind, r.id, {
            source: 'file',
            fileName: name,
            sha256: r.sha256,
          })
        return r
      })
      if (r.status === 'refused')
        throw fail.conflict(`「${name}」未导入：${r.field}: ${r.message}`, 'contentBase64')
      const list = await storedDocuments(ctx.db, doc.kind)
      const row = list.find((x) => x.id === r.id)
      if (!row) throw fail.internal()
      return { status: r.status, document: documentEntry(row) }
    },
  }
}
