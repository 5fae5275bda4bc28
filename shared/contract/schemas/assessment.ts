import { z } from 'zod'
import type { AssessmentResult } from '../../domain/scoring/types'
import { Id, IsoDate, IsoTime } from './common'
import { AssessmentKind, AssessmentStatus, Enterprise } from './enterprise'
import { EvidenceMeta } from './evidence'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** The live result of shared/domain scoreAssessment (structure defined in scoring/types.ts). */
export const Result = z.custom<AssessmentResult>(
  (v) => isObject(v) && typeof v.total === 'number' && typeof v.level === 'number',
  '评测结果格式不正确',
)

export const QuestionId = z.string().regex(/^Q\d{2}$/, '题目编号应形如 Q01')
export const SceneId = z.string().regex(/^SC\d{2}$/, '场景编号应形如 SC01')
/** A question or a scene. */
export const ItemId = z.string().regex(/^(Q|SC)\d{2}$/, '条目编号应形如 Q01 或 SC01')

/** One key for a single choice, a list of keys for a multi choice, null = cleared. */
export const Selected = z.union([
  z.string().min(1, '选项不能为空'),
  z.array(z.string().min(1, '选项不能为空')),
  z.null(),
])
/** Data-entry values by form field id (f1, f2, …). */
export const FieldValues = z.record(
  z.string().regex(/^f\d+$/, '填报项编号应形如 f1'),
  z.union([z.number(), z.string().max(500), z.null()]),
)

export const AnswerRecord = z.object({
  questionId: QuestionId,
  selected: Selected,
  note: z.string(),
  fields: FieldValues,
  updatedAt: IsoTime,
})
export type AnswerRecord = z.infer<typeof AnswerRecord>

export const SceneLevelValue = z
  .int({ error: '场景等级应为 0–4 的整数' })
  .min(0, '场景等级应为 0–4')
  .max(4, '场景等级应为 0–4')
export const SceneRecord = z.object({
  sceneId: SceneId,
  /** 0–4, null = not judged yet (a note may exist first) */
  level: SceneLevelValue.nullable(),
  note: z.string(),
  updatedAt: IsoTime,
})
export type SceneRecord = z.infer<typeof SceneRecord>

/** 现场调研记录 */
export const SurveyPerson = z.object({
  name: z.string().trim().min(1, '调研人员姓名不能为空').max(50),
  agency: z.string().trim().max(100).default(''),
  role: z.string().trim().max(50).default(''),
  contact: z.string().trim().max(100).default(''),
})
export const Survey = z.object({
  date: IsoDate.nullable().default(null),
  people: z.array(SurveyPerson).max(50).default([]),
  observations: z.string().max(20000, '调研记录过长（最多 20000 字）').default(''),
})
export type Survey = z.infer<typeof Survey>

export const Assessment = z.object({
  id: Id,
  enterpriseId: Id,
  kind: AssessmentKind,
  status: AssessmentStatus,
  catalogueId: z.string(),
  catalogueHash: z.string(),
  ruleProfileId: z.string(),
  assessorName: z.string(),
  assessorAgency: z.string(),
  assessedOn: IsoDate.nullable(),
  survey: Survey,
  version: z.int(),
  /** The assessment this one replaces (a correction), with the reason */
  supersedes: Id.nullable(),
  supersedeReason: z.string().nullable(),
  /** Set when a later version replaces this one */
  supersededBy: Id.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  completedAt: IsoTime.nullable(),
})
export type Assessment = z.infer<typeof Assessment>

export const AssessmentSummary = z.object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: z.string(),
  kind: AssessmentKind,
  status: AssessmentStatus,
  version: z.int(),
  supersedes: Id.nullable(),
  supersededBy: Id.nullable(),
  assessorName: z.string(),
  assessedOn: IsoDate.nullable(),
  total: z.number(),
  level: z.int(),
  levelName: z.string(),
  provisional: z.boolean(),
  answeredQuestions: z.int(),
  judgedScenes: z.int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  completedAt: IsoTime.nullable(),
})
export type AssessmentSummary = z.infer<typeof AssessmentSummary>

export const AssessmentDetail = z.object({
  assessment: Assessment,
  enterprise: Enterprise,
  answers: z.record(QuestionId, AnswerRecord),
  scenes: z.record(SceneId, SceneRecord),
  evidence: z.array(EvidenceMeta),
  result: Result,
})
export type AssessmentDetail = z.infer<typeof AssessmentDetail>

export const ListAssessmentsInput = z.object({
  enterpriseId: Id.optional(),
  kind: AssessmentKind.optional(),
  status: AssessmentStatus.optional(),
  /** false (default) hides versions replaced by a correction */
  includeSuperseded: z.boolean().default(false),
})
export const AssessmentList = z.object({ items: z.array(AssessmentSummary) })

export const CreateAssessmentInput = z.object({
  enterpriseId: Id,
  kind: AssessmentKind,
  /** Defaults to MIIT-2024-default */
  ruleProfileId: z.string().min(1).optional(),
  /** Default: the assessor profile's name (profile.set); VALIDATION when neither is there. */
  assessorName: z.string().trim().max(50, '评测人员姓名过长（最多 50 字）').optional(),
  /** Default: the profile's agency when the name is defaulted too, else ''. */
  assessorAgency: z.string().trim().max(100, '评测机构名称过长（最多 100 字）').optional(),
  /** 评测日期; null (default) = today on the backend's clock. Required to complete. */
  assessedOn: IsoDate.nullable().default(null),
})

export const SetAnswerInput = z.object({
  assessmentId: Id,
  questionId: QuestionId,
  selected: Selected,
})
export const SetAnswerResult = z.object({ answer: AnswerRecord, result: Result })

export const SetSceneInput = z.object({
  assessmentId: Id,
  sceneId: SceneId,
  level: SceneLevelValue.nullable(),
})
export const SetSceneResult = z.object({ scene: SceneRecord, result: Result })

export const SetNoteInput = z
  .object({
    assessmentId: Id,
    itemId: ItemId,
    note: z.string().max(5000, '备注过长（最多 5000 字）').optional(),
    /** Data-entry values, questions only; merged into the saved ones (null clears one) */
    fields: FieldValues.optional(),
  })
  .refine((v) => v.note !== undefined || v.fields !== undefined, {
    message: '备注（note）或填报项（fields）至少填一项',
    path: ['note'],
  })
export const SetNoteResult = z.object({
  itemId: ItemId,
  note: z.string(),
  fields: FieldValues,
  updatedAt: IsoTime,
})

export const UpdateSurveyInput = z.object({ assessmentId: Id, survey: Survey })
export const UpdateSurveyResult = z.object({ survey: Survey, updatedAt: IsoTime })

export const UpdateAssessmentInfoInput = z.object({
  id: Id,
  assessorName: z.string().trim().min(1, '评测人员姓名不能为空').max(50).optional(),
  assessorAgency: z.string().trim().max(100).optional(),
  assessedOn: IsoDate.nullable().optional(),
})

export const ById = z.object({ id: Id })
export const CorrectInput = z.object({
  id: Id,
  reason: z.string().trim().min(2, '更正原因不能为空（至少 2 个字）').max(1000),
})

const CompareSide = z.object({
  assessmentId: Id,
  kind: AssessmentKind,
  status: AssessmentStatus,
  version: z.int(),
  assessedOn: IsoDate.nullable(),
  total: z.number(),
  level: z.int(),
  levelName: z.string(),
  dimensions: z.object({ D1: z.number(), D3: z.number(), D4: z.number() }),
  provisional: z.boolean(),
})
export const CompareInput = z.object({ enterpriseId: Id })
export const CompareResult = z.object({
  enterprise: Enterprise,
  /** Latest current (not superseded) diagnosis, any status */
  diagnosis: CompareSide.nullable(),
  /** Latest current acceptance, any status */
  acceptance: CompareSide.nullable(),
  /** acceptance − diagnosis; null unless both exist */
  delta: z
    .object({
      total: z.number(),
      level: z.int(),
      dimensions: z.object({ D1: z.number(), D3: z.number(), D4: z.number() }),
    })
    .nullable(),
  /** Scenes whose judged level differs (null = not judged) */
  scenesMoved: z.array(
    z.object({
      sceneId: SceneId,
      name: z.string(),
      before: z.int().nullable(),
      after: z.int().nullable(),
    }),
  ),
})
export type CompareResult = z.infer<typeof CompareResult>
