/**
 * Contract methods 'advice.*' (issue 13 items 5 and 7): the 诊断建议 step of a diagnosis.
 *   advice.get / setFinding       the assessor's 现状, 痛点问题, 需求 per scene
 *   advice.acceptPlan / clearPlan  the least-effort plan (plan.compute) stored as the editable plan
 *   advice.updateMeasure / addMeasure / removeMeasure / removeStep / setProducts   edits
 *   advice.homogeneity            the findings and plan text against other enterprises' on
 *                                 this device (character trigrams, HOMOGENEITY_POLICY)
 * Each write is one transaction with its audit entry, acknowledged after commit (autosave like
 * the rest of the workspace); READ_ONLY once the assessment is completed or signed. Every write
 * returns the whole view with the live projection (score and level after the plan, investment,
 * projected Hebi-2024 subsidy for the enterprise's batch).
 */
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import {
  ADVICE_FORMAT_V1,
  DEFAULT_TARGET,
  acceptPlan,
  adviceText,
  estimateInvestment,
  findingsDraftReasons,
  hasAdvice,
  homogeneityRecord,
  implementationTimeline,
  projectAdvice,
  scenesMissingFindings,
  type AdviceRecord,
  type DiagnosisAdvice,
  type HomogeneityRecord,
  type SceneFinding,
} from '../../../shared/domain/advice'
import {
  HOMOGENEITY_POLICY,
  mostSimilar,
  nearIdentical,
  planImprovement,
  type SimilarText,
} from '../../../shared/domain/plan'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { HEBI_2024 } from '../../../shared/domain/subsidy'
import { audit } from '../audit/audit'
import {
  assessmentsWithAdvice,
  deleteMeasure,
  deletePlan,
  deleteStep,
  getMeasure,
  insertMeasure,
  loadAdvice,
  setStepProducts,
  touchPlan,
  updateMeasure,
  upsertFinding,
  writePlan,
} from '../db/repos/advice.repo'
import { listAnswers } from '../db/repos/answers.repo'
import { getAssessment, getSupersededBy, updateAssessment } from '../db/repos/assessments.repo'
import { getEnterprise } from '../db/repos/enterprises.repo'
import { listScenes } from '../db/repos/scene-judgements.repo'
import type { AssessmentRow } from '../db/tables/assessments'
import { withTransaction, type Executor } from '../db/tx'
import { chooseMeasures, latestProducts } from '../plan/plan-references'
import {
  pinnedFor,
  profileFor,
  requireAssessment,
  requireDraft,
  toAnswers,
  toScenes,
} from '../services/assessments.service'
import type { ServiceContext } from '../services/context'

type View = Output<'advice.get'>

function requireDiagnosis(a: AssessmentRow): void {
  if (a.kind !== 'diagnosis')
    throw fail.validation('诊断建议只用于诊断评测（该评测不是诊断评测）', 'assessmentId')
}

/** The findings and plan of an assessment with its live projection, as the contract shows it. */
export async function adviceView(
  db: Executor,
  a: AssessmentRow,
  registry: ReferenceRegistry,
): Promise<View> {
  const [advice, answerRows, sceneRows, enterprise] = await Promise.all([
    loadAdvice(db, a.id),
    listAnswers(db, a.id),
    listScenes(db, a.id),
    getEnterprise(db, a.enterpriseId),
  ])
  const pinned = pinnedFor(a, registry)
  const profile = profileFor(a.ruleProfileId, registry)
  const answers = toAnswers(answerRows)
  const scenes = toScenes(sceneRows)
  const target = advice.plan?.target ?? DEFAULT_TARGET
  const projection = advice.plan
    ? projectAdvice({
        pinned,
        profile,
        answers,
        scenes,
        plan: advice.plan,
        batch: enterprise?.batch ?? null,
        policy: HEBI_2024,
      })
    : null
  const timeline = advice.plan ? implementationTimeline(advice.plan.steps) : null
  return {
    assessmentId: a.id,
    readOnly: a.status !== 'draft',
    findings: advice.findings,
    plan: advice.plan,
    target,
    projection,
    timeline: timeline
      ? {
          rows: timeline.rows,
          totalWeeks: timeline.totalWeeks,
          unestimated: timeline.unestimated,
          lanes: timeline.policy.lanes,
        }
      : null,
    missingFindings: scenesMissingFindings(pinned.catalogue, scenes, advice.findings, target),
    draftReasons: findingsDraftReasons(pinned.catalogue, scenes, advice.findings, target),
  }
}

/** The record of a diagnosis: the id of its first version (the bundle recordId). */
async function recordIdOf(db: Executor, a: AssessmentRow): Promise<string> {
  let cur = a
  for (let i = 0; cur.supersedes && i < 1000; i++) {
    const prev = await getAssessment(db, cur.supersedes)
    if (!prev) break
    cur = prev
  }
  return cur.id
}

interface OtherDiagnosis {
  assessmentId: string
  recordId: string
  enterpriseId: string
  enterpriseName: string
  text: string
}

/** Current diagnoses of other enterprises on this device that hold findings or a plan. */
async function otherDiagnoses(db: Executor, mine: AssessmentRow): Promise<OtherDiagnosis[]> {
  const out: OtherDiagnosis[] = []
  for (const id of await assessmentsWithAdvice(db)) {
    if (id === mine.id) continue
    const a = await getAssessment(db, id)
    if (!a || a.kind !== 'diagnosis' || a.enterpriseId === mine.enterpriseId) continue
    if (await getSupersededBy(db, a.id)) continue
    const advice = await loadAdvice(db, a.id)
    if (!hasAdvice(advice)) continue
    const e = await getEnterprise(db, a.enterpriseId)
    out.push({
      assessmentId: a.id,
      recordId: await recordIdOf(db, a),
      enterpriseId: a.enterpriseId,
      enterpriseName: e?.name ?? a.enterpriseId,
      text: adviceText(advice),
    })
  }
  return out.sort((x, y) => (x.assessmentId < y.assessmentId ? -1 : 1))
}

/**
 * What a signed bundle of this diagnosis carries (manifest.advice and manifest.homogeneity);
 * null when the assessor recorded nothing.
 */
export async function adviceBundlePart(
  db: Executor,
  a: AssessmentRow,
  registry: ReferenceRegistry,
): Promise<{ advice: AdviceRecord; homogeneity: HomogeneityRecord } | null> {
  if (a.kind !== 'diagnosis') return null
  const view = await adviceView(db, a, registry)
  const advice: DiagnosisAdvice = { findings: view.findings, plan: view.plan }
  if (!hasAdvice(advice)) return null
  const others = await otherDiagnoses(db, a)
  return {
    advice: {
      format: ADVICE_FORMAT_V1,
      ...advice,
      after: view.projection ? view.projection.after : null,
      investmentFen: estimateInvestment(view.plan).estimatedFen,
    },
    homogeneity: homogeneityRecord(
      adviceText(advice),
      others.map((o) => ({ id: o.recordId, text: o.text })),
      HOMOGENEITY_POLICY,
    ),
  }
}

const cleanText = (s: string) => s.replace(/\r\n?/g, '\n')

export function adviceServices(ctx: ServiceContext) {
  /** One write: draft diagnosis, the change, the audit entry, updatedAt; the view after commit. */
  const write = async (
    assessmentId: string,
    action: string,
    change: (trx: Executor, a: AssessmentRow, at: string) => Promise<Record<string, unknown>>,
  ): Promise<View> => {
    await withTransaction(ctx.db, async (trx, tx) => {
      const a = await requireDraft(trx, assessmentId)
      requireDiagnosis(a)
      const at = ctx.nowIso()
      const detail = await change(trx, a, at)
      await updateAssessment(trx, a.id, { updatedAt: at })
      await audit(trx, ctx, action, 'assessment', a.id, detail)
      tx.onCommit(() => ctx.emit('assessment.saved', { assessmentId: a.id, updatedAt: at }))
    })
    const a = await requireAssessment(ctx.db, assessmentId, 'assessmentId')
    return adviceView(ctx.db, a, ctx.registry())
  }

  const requirePlanStep = async (trx: Executor, assessmentId: string, item: string) => {
    const { plan } = await loadAdvice(trx, assessmentId)
    if (!plan) throw fail.validation('尚未采纳改造方案，请先生成并采纳方案', 'assessmentId')
    const step = plan.steps.find((s) => s.item === item)
    if (!step) throw fail.validation(`「${item}」不是当前方案的改造步骤`, 'item')
    return step
  }

  return {
    'advice.get': async (input: Input<'advice.get'>): Promise<Output<'advice.get'>> => {
      const a = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      requireDiagnosis(a)
      return adviceView(ctx.db, a, ctx.registry())
    },

    'advice.setFinding': async (input: Input<'advice.setFinding'>) => {
      return write(input.assessmentId, 'advice.setFinding', async (trx, a, at) => {
        const c = pinnedFor(a, ctx.registry()).catalogue
        if (!c.scenes.some((s) => s.id === input.sceneId))
          throw fail.validation(`未知的场景编号：${input.sceneId}`, 'sceneId')
        const prev = (await loadAdvice(trx, a.id)).findings.find((f) => f.sceneId === input.sceneId)
        const f: SceneFinding = {
          sceneId: input.sceneId,
          statusQuo: cleanText(input.statusQuo ?? prev?.statusQuo ?? ''),
          painPoints: cleanText(input.painPoints ?? prev?.painPoints ?? ''),
          needs: cleanText(input.needs ?? prev?.needs ?? ''),
        }
        await upsertFinding(trx, a.id, f, at)
        return {
          sceneId: input.sceneId,
          ...(input.statusQuo !== undefined ? { statusQuo: f.statusQuo } : {}),
          ...(input.painPoints !== undefined ? { painPoints: f.painPoints } : {}),
          ...(input.needs !== undefined ? { needs: f.needs } : {}),
        }
      })
    },

    'advice.acceptPlan': async (input: Input<'advice.acceptPlan'>) =>
      write(input.assessmentId, 'advice.acceptPlan', async (trx, a, at) => {
        const registry = ctx.registry()
        const pinned = pinnedFor(a, registry)
        const c = pinned.catalogue
        const ids = new Set([...c.questions.map((q) => q.id), ...c.scenes.map((s) => s.id)])
        for (const [i, id] of input.exclude.entries())
          if (!ids.has(id))
            throw fail.validation(`不改动的项目「${id}」不是本目录的题目或场景`, `exclude.${i}`)
        const [answers, scenes, measures, products] = await Promise.all([
          listAnswers(trx, a.id),
          listScenes(trx, a.id),
          chooseMeasures(trx, c.id, input.measuresId),
          latestProducts(trx, c.id),
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
          profile: profileFor(a.ruleProfileId, registry),
          answers: toAnswers(answers),
          scenes: toScenes(scenes),
          target: input.target,
          library: measures.pinned.library,
          exclude: input.exclude,
        })
        if (!plan.reachable)
          throw fail.validation(
            `按现有条件无法达到目标等级：${plan.obstacles.map((o) => o.text).join('；')}`,
            'target',
          )
        const accepted = acceptPlan(plan, {
          products: products ? { catalogue: products.products, sha256: products.sha256 } : null,
          acceptedAt: at,
          newId: ctx.newId,
        })
        await writePlan(trx, a.id, accepted, at)
        return {
          target: accepted.target,
          measures: `${accepted.measures.id}@${accepted.measures.hash}`,
          products: accepted.products
            ? `${accepted.products.id}@${accepted.products.sha256}`
            : null,
          exclude: input.exclude,
          steps: accepted.steps.map((s) => s.item),
        }
      }),

    'advice.clearPlan': async (input: Input<'advice.clearPlan'>) =>
      write(input.assessmentId, 'advice.clearPlan', async (trx, a) => {
        await deletePlan(trx, a.id)
        return {}
      }),

    'advice.updateMeasure': async (input: Input<'advice.updateMeasure'>) =>
      write(input.assessmentId, 'advice.updateMeasure', async (trx, a, at) => {
        const m = await getMeasure(trx, a.id, input.measureId)
        if (!m) throw fail.notFound(`改造措施不存在（id：${input.measureId}）`, 'measureId')
        const patch = {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.text !== undefined ? { text: cleanText(input.text) } : {}),
          ...(input.investmentFen !== undefined ? { investmentFen: input.investmentFen } : {}),
          ...(input.weeks !== undefined ? { weeks: input.weeks } : {}),
        }
        await updateMeasure(trx, m.id, patch, at)
        await touchPlan(trx, a.id, at)
        return { measureId: m.id, item: m.item, ...patch }
      }),

    'advice.addMeasure': async (input: Input<'advice.addMeasure'>) =>
      write(input.assessmentId, 'advice.addMeasure', async (trx, a, at) => {
        await requirePlanStep(trx, a.id, input.item)
        const id = ctx.newId()
        await insertMeasure(
          trx,
          a.id,
          input.item,
          {
            id,
            source: 'own',
            entryKey: null,
            title: input.title,
            text: cleanText(input.text),
            costYuan: null,
            weeks: input.weeks,
            investmentFen: input.investmentFen,
          },
          at,
        )
        await touchPlan(trx, a.id, at)
        return {
          measureId: id,
          item: input.item,
          title: input.title,
          text: input.text,
          investmentFen: input.investmentFen,
          weeks: input.weeks,
        }
      }),

    'advice.removeMeasure': async (input: Input<'advice.removeMeasure'>) =>
      write(input.assessmentId, 'advice.removeMeasure', async (trx, a, at) => {
        const m = await getMeasure(trx, a.id, input.measureId)
        if (!m) throw fail.notFound(`改造措施不存在（id：${input.measureId}）`, 'measureId')
        await deleteMeasure(trx, m.id)
        await touchPlan(trx, a.id, at)
        return { measureId: m.id, item: m.item, title: m.title, source: m.source }
      }),

    'advice.removeStep': async (input: Input<'advice.removeStep'>) =>
      write(input.assessmentId, 'advice.removeStep', async (trx, a, at) => {
        const step = await requirePlanStep(trx, a.id, input.item)
        await deleteStep(trx, a.id, input.item)
        await touchPlan(trx, a.id, at)
        return { item: input.item, measures: step.measures.map((m) => m.id) }
      }),

    'advice.setProducts': async (input: Input<'advice.setProducts'>) =>
      write(input.assessmentId, 'advice.setProducts', async (trx, a, at) => {
        await requirePlanStep(trx, a.id, input.item)
        await setStepProducts(trx, a.id, input.item, input.products)
        await touchPlan(trx, a.id, at)
        return { item: input.item, products: input.products }
      }),

    'advice.homogeneity': async (
      input: Input<'advice.homogeneity'>,
    ): Promise<Output<'advice.homogeneity'>> => {
      const a = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      requireDiagnosis(a)
      const text = adviceText(await loadAdvice(ctx.db, a.id))
      const policy = HOMOGENEITY_POLICY
      const others = await otherDiagnoses(ctx.db, a)
      const byId = new Map(others.map((o) => [o.assessmentId, o]))
      const list = others.map((o) => ({ id: o.assessmentId, text: o.text }))
      const match = (s: SimilarText) => {
        const o = byId.get(s.id)!
        return {
          assessmentId: o.assessmentId,
          recordId: o.recordId,
          enterpriseId: o.enterpriseId,
          enterpriseName: o.enterpriseName,
          similarity: Math.round(s.similarity * 1000) / 1000,
        }
      }
      const best = mostSimilar(text, list, policy)
      return {
        policy: { id: policy.id, threshold: policy.threshold, minTrigrams: policy.minTrigrams },
        judged: best.judged,
        matches: nearIdentical(text, list, policy).map(match),
        best: best.judged && best.best ? match(best.best) : null,
        compared: others.length,
      }
    },
  }
}
