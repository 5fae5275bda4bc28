/**
 * The 诊断建议 live panel and store against a transport that answers with contract-valid values
 * (parsed by the contract's own schemas) and records the calls; the backend paths are covered by
 * electron/backend/advice/*.test.ts, the whole step in Chromium by test/e2e/advice.test.ts.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, type Method, type Output, type Wire } from '../../../../shared/contract'
import { setClient } from '../../api'
import { createClient } from '../../api/client'
import { useAssessment } from '../assessment/assessment.store'
import { AdviceLive } from './AdviceLive'
import {
  homogeneityWarning,
  useAdvice,
  type AdviceView,
  type HomogeneityView,
} from './advice.store'

const VIEW: AdviceView = api['advice.get'].output.parse({
  assessmentId: 'a1',
  readOnly: false,
  findings: [{ sceneId: 'SC01', statusQuo: '纸质台账', painPoints: '滞后', needs: '上线系统' }],
  plan: null,
  target: 2,
  projection: {
    target: 2,
    before: { total: 27.8, level: 1 },
    after: { total: 38.5, level: 1 },
    meets: false,
    droppable: [],
    states: { Q07: 'open' },
    investment: {
      estimatedFen: 4_500_000,
      measures: 3,
      estimated: 1,
      lowFen: 5_000_000,
      highFen: 9_000_000,
    },
    subsidy: {
      policyId: 'Hebi-2024',
      batch: 2,
      level: 1,
      low: { investmentFen: 5_000_000, retrofitFen: 0, totalFen: 0 },
      high: { investmentFen: 9_000_000, retrofitFen: 0, totalFen: 0 },
      steps: [],
    },
    subsidyNote: '2 项措施尚未估算投入',
  },
  timeline: { rows: [], totalWeeks: 12, unestimated: 0, lanes: 2 },
  missingFindings: ['SC02', 'SC05'],
  draftReasons: ['尚有 2 个低于二级的场景未填写诊断发现（现状、痛点问题、需求）：SC02、SC05'],
})

const SIMILAR: HomogeneityView = api['advice.homogeneity'].output.parse({
  policy: { id: 'trigram-jaccard-v1', threshold: 0.7, minTrigrams: 30 },
  judged: true,
  matches: [
    {
      assessmentId: 'a2',
      recordId: 'a2',
      enterpriseId: 'e2',
      enterpriseName: '淇县另一家肉制品有限公司',
      similarity: 0.913,
    },
  ],
  best: {
    assessmentId: 'a2',
    recordId: 'a2',
    enterpriseId: 'e2',
    enterpriseName: '淇县另一家肉制品有限公司',
    similarity: 0.913,
  },
  compared: 3,
})

let calls: { method: string; input: unknown }[] = []
const answers: Partial<Record<Method, unknown>> = {}

beforeEach(() => {
  calls = []
  answers['advice.get'] = VIEW
  answers['advice.homogeneity'] = SIMILAR
  answers['advice.setFinding'] = { ...VIEW, missingFindings: ['SC05'] }
  setClient(
    createClient({
      async call(method, input): Promise<Wire<unknown>> {
        calls.push({ method, input })
        return { ok: true, value: answers[method as Method] }
      },
      on: () => () => undefined,
    }),
  )
  useAdvice.getState().reset()
})
afterEach(cleanup)

describe('homogeneityWarning', () => {
  it('names the other enterprises with their similarity; nothing without a match', () => {
    expect(homogeneityWarning(null)).toBeNull()
    expect(homogeneityWarning({ ...SIMILAR, matches: [] })).toBeNull()
    expect(homogeneityWarning(SIMILAR)).toBe(
      '本诊断的诊断发现和改造方案文字与本机上 「淇县另一家肉制品有限公司」（相似度 91%） 的诊断高度雷同（阈值 70%）。请按本企业现场情况重写，避免被认定为套用。',
    )
  })
})

describe('AdviceLive', () => {
  it('shows the score after the plan, a missed target, the investment and subsidy, what is missing; the check names the other enterprise', async () => {
    await useAdvice.getState().load('a1')
    const jumped: string[] = []
    render(<AdviceLive onJump={(id) => jumped.push(id)} />)
    expect(screen.getByTestId('advice-after-total').textContent).toBe('38.5/100')
    expect(screen.getByTestId('advice-misses').textContent).toContain('按现方案达不到二级')
    expect(screen.getByTestId('advice-investment').textContent).toContain('50,000–90,000 元')
    expect(screen.getByTestId('advice-investment').textContent).toContain(
      '已估算 1/3 项措施，合计 45,000 元',
    )
    expect(screen.getByTestId('advice-subsidy').textContent).toContain('2 项措施尚未估算投入')
    expect(screen.getByTestId('advice-findings-state').textContent).toContain('尚缺 2 个场景')
    fireEvent.click(screen.getByRole('button', { name: 'SC05' }))
    expect(jumped).toEqual(['SC05'])
    fireEvent.click(screen.getByTestId('check-homogeneity'))
    await waitFor(() => screen.getByTestId('homogeneity-warning'))
    expect(screen.getByTestId('homogeneity-warning').textContent).toContain(
      '淇县另一家肉制品有限公司',
    )
    expect(calls.map((c) => c.method)).toEqual(['advice.get', 'advice.homogeneity'])
  })
})

describe('useAdvice', () => {
  it('a finding goes through the assessment’s save queue; the committed view replaces what is shown', async () => {
    await useAdvice.getState().load('a1')
    useAdvice.getState().setFinding('SC02', { statusQuo: '手工排产' })
    expect(useAssessment.getState().pending).toBe(1)
    await useAssessment.getState().settled()
    expect(calls.at(-1)).toEqual({
      method: 'advice.setFinding',
      input: { assessmentId: 'a1', sceneId: 'SC02', statusQuo: '手工排产' },
    })
    expect(useAdvice.getState().view?.missingFindings).toEqual(['SC05'])
    expect(useAssessment.getState().save).toBe('saved')
    const v: Output<'advice.get'> | null = useAdvice.getState().view
    expect(v?.assessmentId).toBe('a1')
  })
})
