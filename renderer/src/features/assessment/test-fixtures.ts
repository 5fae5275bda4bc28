/**
 * Complete, typed fixtures for renderer tests of an assessment: every field of the contract types
 * is set (no partial objects cast with `as`), so a change to AssessmentDetail or its parts breaks
 * these builders at compile time, not a test at run time. The result is the real scoring of the
 * recorded answers (MIIT-2024, default rule profile); `resultWithTotal` only overrides the total a
 * scripted backend reports.
 */
import type {
  AnswerRecord,
  Assessment,
  AssessmentDetail,
  Enterprise,
  SceneRecord,
} from '../../../../shared/contract'
import { MIIT_2024 } from '../../../../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../../../../shared/domain/levels'
import { scoreAssessment } from '../../../../shared/domain/scoring'
import type {
  Answers,
  AssessmentResult,
  SceneJudgements,
  SceneLevel,
} from '../../../../shared/domain/scoring/types'

export const FIXTURE_TIME = '2026-11-20T08:00:00.000Z'

export function enterpriseFixture(over: Partial<Enterprise> = {}): Enterprise {
  return {
    id: 'e1',
    uscc: '91410611MA9K3R2T5W',
    name: '鹤壁测试电器有限公司',
    county: '淇滨区',
    industry: 'electrical_electronics',
    subIndustry: '',
    size: 'small',
    zjtx: 'none',
    batch: 1,
    contact: '',
    phone: '',
    address: '',
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    ...over,
  }
}

export function assessmentFixture(over: Partial<Assessment> = {}): Assessment {
  return {
    id: 'a1',
    enterpriseId: 'e1',
    kind: 'diagnosis',
    status: 'draft',
    catalogueId: MIIT_2024.catalogue.id,
    catalogueHash: MIIT_2024.hash,
    ruleProfileId: MIIT_2024_DEFAULT.id,
    assessorName: '张三',
    assessorAgency: '鹤壁市某评测机构',
    assessedOn: '2026-11-20',
    survey: { date: null, people: [], observations: '' },
    version: 1,
    supersedes: null,
    supersedeReason: null,
    supersededBy: null,
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    completedAt: null,
    ...over,
  }
}

export function answerFixture(
  questionId: string,
  selected: AnswerRecord['selected'],
  over: Partial<AnswerRecord> = {},
): AnswerRecord {
  return { questionId, selected, note: '', fields: {}, updatedAt: FIXTURE_TIME, ...over }
}

export function sceneFixture(
  sceneId: string,
  level: SceneRecord['level'],
  over: Partial<SceneRecord> = {},
): SceneRecord {
  return { sceneId, level, note: '', updatedAt: FIXTURE_TIME, ...over }
}

/** The real scoring of the given answers and scenes. */
export function resultFixture(
  answers: Record<string, AnswerRecord> = {},
  scenes: Record<string, SceneRecord> = {},
): AssessmentResult {
  const a: Answers = {}
  for (const [id, r] of Object.entries(answers)) if (r.selected !== null) a[id] = r.selected
  const s: SceneJudgements = {}
  // a SceneRecord level is a 0–4 integer by its schema
  for (const [id, r] of Object.entries(scenes)) if (r.level !== null) s[id] = r.level as SceneLevel
  return scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, a, s)
}

/** A complete result whose total is what a scripted backend reports. */
export function resultWithTotal(total: number): AssessmentResult {
  return { ...resultFixture(), total }
}

export function detailFixture(
  over: {
    assessment?: Partial<Assessment>
    enterprise?: Partial<Enterprise>
    answers?: Record<string, AnswerRecord>
    scenes?: Record<string, SceneRecord>
  } = {},
): AssessmentDetail {
  const answers = over.answers ?? {}
  const scenes = over.scenes ?? {}
  return {
    assessment: assessmentFixture(over.assessment),
    enterprise: enterpriseFixture(over.enterprise),
    answers,
    scenes,
    evidence: [],
    result: resultFixture(answers, scenes),
  }
}
