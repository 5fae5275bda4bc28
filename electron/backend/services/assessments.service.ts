import type { Transaction } from 'kysely'
import type { DB } from '../db/schema'
import type { Input, Output } from '../../../shared/contract/api'
import { localDate } from '../../../shared/domain/dates'
import { fail } from '../../../shared/contract/errors'
import type {
  Assessment,
  AssessmentDetail,
  AssessmentSummary,
  Survey,
} from '../../../shared/contract/schemas/assessment'
import type { EvidenceMeta } from '../../../shared/contract/schemas/evidence'
import { MIIT_2024, findQuestion, findScene } from '../../../shared/domain/catalogue'
import type { PinnedCatalogue } from '../../../shared/domain/catalogue/types'
import { DEFAULT_RULE_PROFILE_ID } from '../../../shared/domain/levels/rule-profiles'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { scoreAssessment } from '../../../shared/domain/scoring/score-assessment'
import type {
  Answers,
  AssessmentResult,
  RuleProfile,
  SceneJudgements,
  SceneLevel,
} from '../../../shared/domain/scoring/types'
import { validateAnswer } from '../../../shared/domain/scoring/validate-answer'
import { audit } from '../audit/audit'
import {
  copyAnswers,
  getAnswer,
  listAnswers,
  upsertNoteFields,
  upsertSelected,
  type AnswerRecord,
} from '../db/repos/answers.repo'
import {
  getAssessment,
  getSupersededBy,
  insertAssessment,
  latestCurrentOfKind,
  listAssessments,
  updateAssessment,
} from '../db/repos/assessments.repo'
import { copyAdvice } from '../db/repos/advice.repo'
import { copyEvidence, listEvidence } from '../db/repos/evidence.repo'
import {
  copyScenes,
  getScene,
  listScenes,
  upsertSceneLevel,
  upsertSceneNote,
} from '../db/repos/scene-judgements.repo'
import type { AssessmentRow } from '../db/tables/assessments'
import type { EvidenceRow } from '../db/tables/evidence'
import { withTransaction, type Executor, type TxContext } from '../db/tx'
import type { ServiceContext } from './context'
import { requireEnterprise, toEnterprise } from './enterprises.service'
import { assessorProfile } from './profile.service'

const EMPTY_SURVEY: Survey = { date: null, people: [], observations: '' }

export function parseSurvey(text: string): Survey {
  const v = JSON.parse(text) as Partial<Survey>
  return {
    date: v.date ?? null,
    people: (v.people ?? []).map((p) => ({
      name: p.name ?? '',
      agency: p.agency ?? '',
      role: p.role ?? '',
      contact: p.contact ?? '',
    })),
    observations: v.observations ?? '',
  }
}

export function toAssessment(r: AssessmentRow, supersededBy: string | null): Assessment {
  return {
    id: r.id,
    enterpriseId: r.enterpriseId,
    kind: r.kind,
    status: r.status,
    catalogueId: r.catalogueId,
    catalogueHash: r.catalogueHash,
    ruleProfileId: r.ruleProfileId,
    assessorName: r.assessorName,
    assessorAgency: r.assessorAgency,
    assessedOn: r.assessedOn,
    survey: parseSurvey(r.survey),
    version: r.version,
    supersedes: r.supersedes,
    supersedeReason: r.supersedeReason,
    supersededBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    completedAt: r.completedAt,
  }
}

export function toEvidenceMeta(r: EvidenceRow): EvidenceMeta {
  return {
    id: r.id,
    assessmentId: r.assessmentId,
    itemId: r.itemId,
    sha256: r.sha256,
    size: r.size,
    mimeType: r.mimeType,
    originalName: r.originalName,
    createdAt: r.createdAt,
  }
}

/**
 * The catalogue an assessment pinned. When this build carries a different content of the same
 * catalogue id (an app update corrected the catalogue), the built-in one is used so that drafts
 * stay workable; the live result then carries the built-in hash, and
 * `result.catalogueHash !== assessment.catalogueHash` tells the UI and reports.
 */
export function pinnedFor(
  r: Pick<AssessmentRow, 'catalogueId' | 'catalogueHash'>,
  registry: ReferenceRegistry,
): PinnedCatalogue {
  const p = registry.catalogue(r.catalogueId)
  if (!p) throw fail.internal(`本程序没有评测所用的指标目录：${r.catalogueId}`)
  return p
}

/**
 * Who assesses: the name (and agency) given, else the assessor profile's; VALIDATION
 * 'assessorName' when neither is there.
 */
async function assessorFor(
  db: Executor,
  input: { assessorName?: string | undefined; assessorAgency?: string | undefined },
): Promise<{ name: string; agency: string }> {
  if (input.assessorName) return { name: input.assessorName, agency: input.assessorAgency ?? '' }
  const p = await assessorProfile(db)
  if (!p)
    throw fail.validation(
      '评测人员姓名不能为空：请填写，或先在页首「评测人员」中设置本机的评测人员资料',
      'assessorName',
    )
  return { name: p.name, agency: input.assessorAgency ?? p.agency }
}

/** The rule profile an assessment names: built-in, or published and stored here (ctx.registry()). */
export function profileFor(id: string, registry: ReferenceRegistry): RuleProfile {
  const p = registry.ruleProfile(id)
  if (!p) throw fail.internal(`未知的等级规则配置：${id}`)
  return p
}

export function toAnswers(rows: AnswerRecord[]): Answers {
  const out: Answers = {}
  for (const a of rows) if (a.selected !== null) out[a.questionId] = a.selected
  return out
}

export function toScenes(rows: { sceneId: string; level: number | null }[]): SceneJudgements {
  const out: SceneJudgements = {}
  for (const s of rows) if (s.level !== null) out[s.sceneId] = s.level as SceneLevel
  return out
}

/** Live result of one assessment from what is stored. */
export async function resultOf(
  db: Executor,
  a: AssessmentRow,
  registry: ReferenceRegistry,
): Promise<AssessmentResult> {
  const [answers, scenes] = await Promise.all([listAnswers(db, a.id), listScenes(db, a.id)])
  return scoreAssessment(
    pinnedFor(a, registry),
    profileFor(a.ruleProfileId, registry),
    toAnswers(answers),
    toScenes(scenes),
  )
}

export async function requireAssessment(
  db: Executor,
  id: string,
  field = 'id',
): Promise<AssessmentRow> {
  const r = await getAssessment(db, id)
  if (!r) throw fail.notFound(`评测不存在（id：${id}）`, field)
  return r
}

export function assertDraft(a: AssessmentRow): void {
  if (a.status === 'completed')
    throw fail.readOnly(`该评测（第 ${a.version} 版）已完成，只读；如需修改请发起更正（新版本）`)
  if (a.status === 'signed')
    throw fail.readOnly(`该评测（第 ${a.version} 版）已签名，只读；如需修改请发起更正（新版本）`)
}

/** Loads a draft for writing inside a transaction: NOT_FOUND / READ_ONLY. */
export async function requireDraft(
  db: Executor,
  id: string,
  field = 'assessmentId',
): Promise<AssessmentRow> {
  const a = await requireAssessment(db, id, field)
  assertDraft(a)
  return a
}

export async function loadDetail(
  db: Executor,
  id: string,
  registry: ReferenceRegistry,
): Promise<AssessmentDetail> {
  const a = await requireAssessment(db, id)
  const [enterprise, answers, scenes, evidence, supersededBy] = await Promise.all([
    requireEnterprise(db, a.enterpriseId),
    listAnswers(db, a.id),
    listScenes(db, a.id),
    listEvidence(db, a.id),
    getSupersededBy(db, a.id),
  ])
  return {
    assessment: toAssessment(a, supersededBy),
    enterprise: toEnterprise(enterprise),
    answers: Object.fromEntries(
      answers.map((x) => [
        x.questionId,
        {
          questionId: x.questionId,
          selected: x.selected,
          note: x.note,
          fields: x.fields,
          updatedAt: x.updatedAt,
        },
      ]),
    ),
    scenes: Object.fromEntries(
      scenes.map((s) => [
        s.sceneId,
        { sceneId: s.sceneId, level: s.level, note: s.note, updatedAt: s.updatedAt },
      ]),
    ),
    evidence: evidence.map(toEvidenceMeta),
    result: scoreAssessment(
      pinnedFor(a, registry),
      profileFor(a.ruleProfileId, registry),
      toAnswers(answers),
      toScenes(scenes),
    ),
  }
}

function unansweredMessage(r: AssessmentResult): string {
  const parts: string[] = []
  if (r.unanswered.questions.length) parts.push(`题目 ${r.unanswered.questions.join('、')}`)
  if (r.unanswered.scenes.length) parts.push(`场景 ${r.unanswered.scenes.join('、')}`)
  return `尚有 ${r.unanswered.questions.length + r.unanswered.scenes.length} 项未作答，不能完成评测：${parts.join('；')}`
}

export function assessmentServices(ctx: ServiceContext) {
  const saved = (assessmentId: string, updatedAt: string) => () =>
    ctx.emit('assessment.saved', { assessmentId, updatedAt })

  return {
    'assessments.list': async (
      input: Input<'assessments.list'>,
    ): Promise<Output<'assessments.list'>> => {
      const rows = await listAssessments(ctx.db, input)
      const items: AssessmentSummary[] = []
      for (const r of rows) {
        const result = await resultOf(ctx.db, r, ctx.registry())
        items.push({
          id: r.id,
          enterpriseId: r.enterpriseId,
          enterpriseName: r.enterpriseName,
          kind: r.kind,
          status: r.status,
          version: r.version,
          supersedes: r.supersedes,
          supersededBy: r.supersededBy,
          assessorName: r.assessorName,
          assessedOn: r.assessedOn,
          total: result.total,
          level: result.level,
          levelName: result.levelName,
          provisional: result.provisional,
          answeredQuestions: result.questions.filter((q) => q.answered).length,
          judgedScenes: result.scenes.judged,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          completedAt: r.completedAt,
        })
      }
      return { items }
    },

    'assessments.create': async (input: Input<'assessments.create'>) => {
      const id = await withTransaction(ctx.db, (trx, tx) => createAssessmentIn(trx, tx, ctx, input))
      return loadDetail(ctx.db, id, ctx.registry())
    },

    'assessments.get': async (input: Input<'assessments.get'>) =>
      loadDetail(ctx.db, input.id, ctx.registry()),

    'assessments.updateInfo': async (input: Input<'assessments.updateInfo'>) => {
      await withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireDraft(trx, input.id, 'id')
        const patch: Record<string, unknown> = {}
        if (input.assessorName !== undefined) patch.assessorName = input.assessorName
        if (input.assessorAgency !== undefined) patch.assessorAgency = input.assessorAgency
        if (input.assessedOn !== undefined) patch.assessedOn = input.assessedOn
        const at = ctx.nowIso()
        await updateAssessment(trx, a.id, { ...patch, updatedAt: at })
        await audit(trx, ctx, 'assessment.updateInfo', 'assessment', a.id, patch)
        tx.onCommit(saved(a.id, at))
      })
      return loadDetail(ctx.db, input.id, ctx.registry())
    },

    'assessments.setAnswer': async (input: Input<'assessments.setAnswer'>) => {
      const question = findQuestion(MIIT_2024.catalogue, input.questionId)
      if (!question) throw fail.validation(`未知的题目编号：${input.questionId}`, 'questionId')
      if (input.selected !== null) {
        const problem = validateAnswer(question, input.selected)
        if (problem)
          throw fail.validation(
            `题目 ${question.id} 的答案无效（selected）：${problem}`,
            'selected',
          )
      }
      // Acknowledged only after COMMIT: withTransaction resolves after the commit.
      return withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireDraft(trx, input.assessmentId)
        if (!findQuestion(pinnedFor(a, ctx.registry()).catalogue, input.questionId))
          throw fail.validation(`未知的题目编号：${input.questionId}`, 'questionId')
        const at = ctx.nowIso()
        await setAnswerIn(trx, ctx, a.id, input.questionId, input.selected, at)
        const answer = await getAnswer(trx, a.id, input.questionId)
        if (!answer) throw fail.internal()
        const result = await resultOf(trx, a, ctx.registry())
        tx.onCommit(saved(a.id, at))
        return {
          answer: {
            questionId: answer.questionId,
            selected: answer.selected,
            note: answer.note,
            fields: answer.fields,
            updatedAt: answer.updatedAt,
          },
          result,
        }
      })
    },

    'assessments.setScene': async (input: Input<'assessments.setScene'>) => {
      if (!findScene(MIIT_2024.catalogue, input.sceneId))
        throw fail.validation(`未知的场景编号：${input.sceneId}`, 'sceneId')
      return withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireDraft(trx, input.assessmentId)
        const at = ctx.nowIso()
        await setSceneIn(trx, ctx, a.id, input.sceneId, input.level, at)
        const s = await getScene(trx, a.id, input.sceneId)
        if (!s) throw fail.internal()
        const result = await resultOf(trx, a, ctx.registry())
        tx.onCommit(saved(a.id, at))
        return {
          scene: { sceneId: s.sceneId, level: s.level, note: s.note, updatedAt: s.updatedAt },
          result,
        }
      })
    },

    'assessments.setNote': async (input: Input<'assessments.setNote'>) => {
      const isQuestion = input.itemId.startsWith('Q')
      const question = isQuestion ? findQuestion(MIIT_2024.catalogue, input.itemId) : undefined
      if (isQuestion && !question)
        throw fail.validation(`未知的题目编号：${input.itemId}`, 'itemId')
      if (!isQuestion && !findScene(MIIT_2024.catalogue, input.itemId))
        throw fail.validation(`未知的场景编号：${input.itemId}`, 'itemId')
      if (input.fields !== undefined) {
        if (!question) throw fail.validation('场景没有填报项（fields 只用于题目）', 'fields')
        for (const [fid, v] of Object.entries(input.fields)) {
          const def = question.formFields.find((f) => f.id === fid)
          if (!def) throw fail.validation(`题目 ${question.id} 没有填报项 ${fid}`, `fields.${fid}`)
          if (v === null) continue
          if (def.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
            throw fail.validation(`「${def.label}」应为不小于 0 的数字`, `fields.${fid}`)
          if (def.kind === 'text' && typeof v !== 'string')
            throw fail.validation(`「${def.label}」应为文字`, `fields.${fid}`)
        }
      }
      return withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireDraft(trx, input.assessmentId)
        const at = ctx.nowIso()
        let note: string
        let fields: Record<string, number | string | null> = {}
        if (question) {
          const prev = await getAnswer(trx, a.id, question.id)
          note = input.note ?? prev?.note ?? ''
          fields = { ...(prev?.fields ?? {}) }
          for (const [k, v] of Object.entries(input.fields ?? {})) {
            if (v === null) delete fields[k]
            else fields[k] = v
          }
          await upsertNoteFields(trx, a.id, question.id, { note, fields }, at)
        } else {
          const prev = await getScene(trx, a.id, input.itemId)
          note = input.note ?? prev?.note ?? ''
          await upsertSceneNote(trx, a.id, input.itemId, note, at)
        }
        await updateAssessment(trx, a.id, { updatedAt: at })
        await audit(trx, ctx, 'note.set', 'assessment', a.id, {
          itemId: input.itemId,
          note: input.note,
          fields: input.fields,
        })
        tx.onCommit(saved(a.id, at))
        return { itemId: input.itemId, note, fields, updatedAt: at }
      })
    },

    'assessments.updateSurvey': async (input: Input<'assessments.updateSurvey'>) =>
      withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireDraft(trx, input.assessmentId)
        const at = ctx.nowIso()
        await updateAssessment(trx, a.id, { survey: JSON.stringify(input.survey), updatedAt: at })
        await audit(trx, ctx, 'survey.update', 'assessment', a.id, input.survey)
        tx.onCommit(saved(a.id, at))
        return { survey: input.survey, updatedAt: at }
      }),

    'assessments.complete': async (input: Input<'assessments.complete'>) => {
      await withTransaction(ctx.db, async (trx, tx) => {
        const a = await requireAssessment(trx, input.id)
        assertDraft(a)
        const result = await resultOf(trx, a, ctx.registry())
        if (result.provisional) throw fail.validation(unansweredMessage(result), 'unanswered')
        if (!a.assessedOn)
          throw fail.validation('未填写评测日期，不能完成评测（报告须载明评测日期）', 'assessedOn')
        const at = ctx.nowIso()
        await updateAssessment(trx, a.id, { status: 'completed', completedAt: at, updatedAt: at })
        await audit(trx, ctx, 'assessment.complete', 'assessment', a.id, {
          total: result.total,
          level: result.level,
        })
        tx.onCommit(() =>
          ctx.emit('assessment.statusChanged', { assessmentId: a.id, status: 'completed' }),
        )
      })
      return loadDetail(ctx.db, input.id, ctx.registry())
    },

    'assessments.correct': async (input: Input<'assessments.correct'>) => {
      const newId = await withTransaction(ctx.db, async (trx, tx) => {
        const old = await requireAssessment(trx, input.id)
        if (old.status === 'draft') throw fail.conflict('草稿可直接修改，无需发起更正', 'id')
        const newer = await getSupersededBy(trx, old.id)
        if (newer)
          throw fail.conflict(`该版本已被更正（新版本 id：${newer}），请在最新版本上操作`, 'id')
        const at = ctx.nowIso()
        const id = ctx.newId()
        await insertAssessment(trx, {
          id,
          enterpriseId: old.enterpriseId,
          kind: old.kind,
          catalogueId: old.catalogueId,
          catalogueHash: old.catalogueHash,
          ruleProfileId: old.ruleProfileId,
          assessorName: old.assessorName,
          assessorAgency: old.assessorAgency,
          assessedOn: old.assessedOn,
          survey: old.survey,
          version: old.version + 1,
          supersedes: old.id,
          supersedeReason: input.reason,
          createdAt: at,
          updatedAt: at,
          completedAt: null,
        })
        await copyAnswers(trx, old.id, id, at)
        await copyScenes(trx, old.id, id, at)
        await copyEvidence(trx, old.id, id, ctx.newId)
        await copyAdvice(trx, old.id, id, at, ctx.newId)
        await audit(trx, ctx, 'assessment.correct', 'assessment', id, {
          supersedes: old.id,
          reason: input.reason,
          version: old.version + 1,
        })
        tx.onCommit(() =>
          ctx.emit('assessment.statusChanged', { assessmentId: id, status: 'draft' }),
        )
        return id
      })
      return loadDetail(ctx.db, newId, ctx.registry())
    },

    'assessments.compare': async (
      input: Input<'assessments.compare'>,
    ): Promise<Output<'assessments.compare'>> => {
      const enterprise = await requireEnterprise(ctx.db, input.enterpriseId).catch(() => {
        throw fail.notFound(`企业不存在（id：${input.enterpriseId}）`, 'enterpriseId')
      })
      const side = async (kind: 'diagnosis' | 'acceptance') => {
        const a = await latestCurrentOfKind(ctx.db, enterprise.id, kind)
        if (!a) return null
        const r = await resultOf(ctx.db, a, ctx.registry())
        const scenes = await listScenes(ctx.db, a.id)
        return {
          side: {
            assessmentId: a.id,
            kind: a.kind,
            status: a.status,
            version: a.version,
            assessedOn: a.assessedOn,
            total: r.total,
            level: r.level,
            levelName: r.levelName,
            dimensions: {
              D1: r.dimensions.D1.score,
              D3: r.dimensions.D3.score,
              D4: r.dimensions.D4.score,
            },
            provisional: r.provisional,
          },
          scenes: new Map(scenes.map((s) => [s.sceneId, s.level])),
        }
      }
      const before = await side('diagnosis')
      const after = await side('acceptance')
      const round = (x: number) => Math.round(x * 1000) / 1000
      const scenesMoved: Output<'assessments.compare'>['scenesMoved'] = []
      if (before || after) {
        for (const s of MIIT_2024.catalogue.scenes) {
          const b = before?.scenes.get(s.id) ?? null
          const f = after?.scenes.get(s.id) ?? null
          if (before && after && b !== f)
            scenesMoved.push({ sceneId: s.id, name: s.name, before: b, after: f })
        }
      }
      return {
        enterprise: toEnterprise(enterprise),
        diagnosis: before?.side ?? null,
        acceptance: after?.side ?? null,
        delta:
          before && after
            ? {
                total: round(after.side.total - before.side.total),
                level: after.side.level - before.side.level,
                dimensions: {
                  D1: round(after.side.dimensions.D1 - before.side.dimensions.D1),
                  D3: round(after.side.dimensions.D3 - before.side.dimensions.D3),
                  D4: round(after.side.dimensions.D4 - before.side.dimensions.D4),
                },
              }
            : null,
        scenesMoved,
      }
    },
  }
}

/**
 * Creates a draft assessment inside a transaction the caller owns (assessments.create, and
 * recheck.import together with its answers). Returns the id.
 */
export async function createAssessmentIn(
  trx: Transaction<DB>,
  tx: TxContext,
  ctx: ServiceContext,
  input: Input<'assessments.create'>,
): Promise<string> {
  const profileId = input.ruleProfileId ?? DEFAULT_RULE_PROFILE_ID
  const profile = ctx.registry().ruleProfile(profileId)
  if (!profile) throw fail.validation(`未知的等级规则配置：${profileId}`, 'ruleProfileId')
  if (profile.catalogueId !== MIIT_2024.catalogue.id)
    throw fail.validation(
      `规则配置 ${profileId} 不适用于 ${MIIT_2024.catalogue.id}`,
      'ruleProfileId',
    )
  const assessor = await assessorFor(trx, input)
  await requireEnterprise(trx, input.enterpriseId).catch(() => {
    throw fail.notFound(`企业不存在（id：${input.enterpriseId}）`, 'enterpriseId')
  })
  const at = ctx.nowIso()
  const id = ctx.newId()
  await insertAssessment(trx, {
    id,
    enterpriseId: input.enterpriseId,
    kind: input.kind,
    catalogueId: MIIT_2024.catalogue.id,
    catalogueHash: MIIT_2024.hash,
    ruleProfileId: profile.id,
    assessorName: assessor.name,
    assessorAgency: assessor.agency,
    // issue 11 item 3: every assessment has a date; it defaults to today (local)
    assessedOn: input.assessedOn ?? localDate(ctx.now()),
    survey: JSON.stringify(EMPTY_SURVEY),
    supersedes: null,
    supersedeReason: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
  })
  await audit(trx, ctx, 'assessment.create', 'assessment', id, {
    enterpriseId: input.enterpriseId,
    kind: input.kind,
    catalogue: `${MIIT_2024.catalogue.id}@${MIIT_2024.hash}`,
    ruleProfileId: profile.id,
  })
  tx.onCommit(() => ctx.emit('assessment.statusChanged', { assessmentId: id, status: 'draft' }))
  return id
}

/** One answer of a draft, in the caller's transaction (validated by the caller). */
export async function setAnswerIn(
  trx: Transaction<DB>,
  ctx: ServiceContext,
  assessmentId: string,
  questionId: string,
  selected: string | string[] | null,
  at: string,
): Promise<void> {
  await upsertSelected(trx, assessmentId, questionId, selected, at)
  await updateAssessment(trx, assessmentId, { updatedAt: at })
  await audit(trx, ctx, 'answer.set', 'assessment', assessmentId, { questionId, selected })
}

/** One scene judgement of a draft, in the caller's transaction (validated by the caller). */
export async function setSceneIn(
  trx: Transaction<DB>,
  ctx: ServiceContext,
  assessmentId: string,
  sceneId: string,
  level: number | null,
  at: string,
): Promise<void> {
  await upsertSceneLevel(trx, assessmentId, sceneId, level, at)
  await updateAssessment(trx, assessmentId, { updatedAt: at })
  await audit(trx, ctx, 'scene.set', 'assessment', assessmentId, { sceneId, level })
}

/**
 * completed → signed, for the signing/bundle modules (not a contract method of its own).
 * Refuses a draft (VALIDATION: complete it first) and an already signed one (READ_ONLY).
 * `detail` (e.g. key id, bundle hash) goes to the audit log.
 */
export async function markAssessmentSigned(
  ctx: ServiceContext,
  assessmentId: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await withTransaction(ctx.db, (trx, tx) => markSignedIn(trx, tx, ctx, assessmentId, detail))
}

/** markAssessmentSigned inside a transaction the caller owns (e.g. with the bundle's rows). */
export async function markSignedIn(
  trx: Transaction<DB>,
  tx: TxContext,
  ctx: ServiceContext,
  assessmentId: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const a = await requireAssessment(trx, assessmentId, 'assessmentId')
  if (a.status === 'draft') throw fail.validation('草稿不能签名，请先完成评测', 'assessmentId')
  if (a.status === 'signed') throw fail.readOnly(`该评测（第 ${a.version} 版）已签名`)
  const at = ctx.nowIso()
  await updateAssessment(trx, a.id, { status: 'signed', updatedAt: at })
  await audit(trx, ctx, 'assessment.sign', 'assessment', a.id, detail)
  tx.onCommit(() => ctx.emit('assessment.statusChanged', { assessmentId: a.id, status: 'signed' }))
}
