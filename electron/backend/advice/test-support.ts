/**
 * Test helpers (imported by tests only): an example assessment file entered into a real backend
 * through the contract (enterprise, diagnosis, every answer and scene, notes), and findings per
 * scene written in an enterprise's own words.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PILOT_INDUSTRIES } from '../../../shared/contract/schemas/enterprise'
import type { Backend } from '../create-backend'
import { dispatch } from '../dispatch'

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples')

export async function ok<T = Record<string, unknown>>(
  b: Backend,
  method: string,
  input: unknown,
): Promise<T> {
  const w = await dispatch(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.code} ${w.error.field ?? ''} ${w.error.message}`)
  return w.value as T
}

interface ExampleFile {
  enterprise: {
    name: string
    uscc: string
    county: string
    industry: string
    subIndustry?: string
    size: 'medium' | 'small' | 'micro'
    batch?: number
    zjtx?: string
  }
  assessor: { name: string; agency?: string }
  assessedOn: string
  answers: Record<string, string | string[]>
  scenes: Record<string, number>
  notes?: Record<string, string>
  survey?: unknown
}

export function readExample(name: string): ExampleFile {
  return JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as ExampleFile
}

/** The example as a draft diagnosis in `b` (its notes included); returns the assessment id. */
export async function enterExample(
  b: Backend,
  name: string,
  over: { uscc?: string; enterpriseName?: string } = {},
): Promise<{ assessmentId: string; enterpriseId: string; file: ExampleFile }> {
  const f = readExample(name)
  const e = f.enterprise
  const ent = await ok<{ id: string }>(b, 'enterprises.create', {
    uscc: over.uscc ?? e.uscc,
    name: over.enterpriseName ?? e.name,
    county: e.county,
    industry: PILOT_INDUSTRIES.find((i) => i.name === e.industry)?.id ?? 'green_food',
    subIndustry: e.subIndustry ?? '',
    size: e.size,
    batch: e.batch ?? null,
    zjtx: e.zjtx ?? 'none',
  })
  const a = await ok<{ assessment: { id: string } }>(b, 'assessments.create', {
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName: f.assessor.name,
    assessorAgency: f.assessor.agency ?? '',
    assessedOn: f.assessedOn,
  })
  const id = a.assessment.id
  for (const [questionId, selected] of Object.entries(f.answers))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId, selected })
  for (const [sceneId, level] of Object.entries(f.scenes))
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId, level })
  for (const [itemId, note] of Object.entries(f.notes ?? {}))
    await ok(b, 'assessments.setNote', { assessmentId: id, itemId, note })
  return { assessmentId: id, enterpriseId: ent.id, file: f }
}

/** Findings of one scene: 现状 / 痛点问题 / 需求. */
export type Findings = Record<string, [string, string, string]>

export async function writeFindings(b: Backend, assessmentId: string, findings: Findings) {
  for (const [sceneId, [statusQuo, painPoints, needs]] of Object.entries(findings))
    await ok(b, 'advice.setFinding', { assessmentId, sceneId, statusQuo, painPoints, needs })
}

/** The two advice methods the helper below needs, through any transport. */
export type AdviceCall = (
  method: 'advice.acceptPlan' | 'advice.setFinding',
  input: Record<string, unknown>,
) => Promise<{ missingFindings: string[] }>

/**
 * A complete 诊断建议 for a draft diagnosis (so its 诊断报告 can be formal): the computed plan for
 * `target` accepted, then findings written for every scene the view still names as missing.
 */
export async function recordCompleteAdvice(
  call: AdviceCall,
  assessmentId: string,
  target: 2 | 3 | 4 = 2,
): Promise<void> {
  const v = await call('advice.acceptPlan', { assessmentId, target })
  for (const sceneId of v.missingFindings)
    await call('advice.setFinding', {
      assessmentId,
      sceneId,
      statusQuo: `${sceneId} 现状：相关业务仍以纸质记录和电子表格为主。`,
      painPoints: `${sceneId} 痛点问题：数据分散，难以追溯和统计。`,
      needs: `${sceneId} 需求：以信息化系统规范管理。`,
    })
}
