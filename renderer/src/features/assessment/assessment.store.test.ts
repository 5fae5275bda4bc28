/**
 * The autosave queue: changes go out one at a time in the order they were made, the screen shows
 * them at once, 保存中 → 已保存, and a failed save keeps what was entered and can be retried.
 * The transport here is a scripted one (the backend itself is covered by the backend and e2e
 * suites); it records what the store sends and answers when the test says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Output, Wire } from '../../../../shared/contract'
import { setClient } from '../../api'
import { createClient, type Transport } from '../../api/client'
import { useAssessment } from './assessment.store'
import {
  FIXTURE_TIME,
  answerFixture,
  detailFixture,
  resultWithTotal,
  sceneFixture,
} from './test-fixtures'

interface Pending {
  method: string
  input: unknown
  resolve(w: Wire<unknown>): void
}

function scripted(): { transport: Transport; calls: Pending[] } {
  const calls: Pending[] = []
  return {
    calls,
    transport: {
      call: (method, input) => new Promise((resolve) => calls.push({ method, input, resolve })),
      on: () => () => undefined,
    },
  }
}

const detail = detailFixture()
const answered = (q: string, sel: string, total: number): Output<'assessments.setAnswer'> => ({
  answer: answerFixture(q, sel),
  result: resultWithTotal(total),
})

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('assessment store autosave', () => {
  let s: ReturnType<typeof scripted>
  beforeEach(async () => {
    s = scripted()
    setClient(createClient(s.transport))
    const loading = useAssessment.getState().load('a1', null)
    await flush()
    s.calls.shift()?.resolve({ ok: true, value: detail })
    await loading
  })
  afterEach(() => useAssessment.getState().reset())

  it('sends changes one at a time, in order, and shows them immediately', async () => {
    const st = useAssessment.getState()
    st.setAnswer('Q02', 'C')
    st.setAnswer('Q02', 'D')
    st.setScene('SC01', 3)
    expect(useAssessment.getState().detail?.answers.Q02?.selected).toBe('D')
    expect(useAssessment.getState().detail?.scenes.SC01?.level).toBe(3)
    expect(useAssessment.getState().save).toBe('saving')
    await flush()
    expect(s.calls.map((c) => c.method)).toEqual(['assessments.setAnswer']) // the next waits
    expect(s.calls[0]?.input).toEqual({ assessmentId: 'a1', questionId: 'Q02', selected: 'C' })
    s.calls.shift()?.resolve({ ok: true, value: answered('Q02', 'C', 3) })
    await flush()
    expect(s.calls[0]?.input).toEqual({ assessmentId: 'a1', questionId: 'Q02', selected: 'D' })
    s.calls.shift()?.resolve({ ok: true, value: answered('Q02', 'D', 4.5) })
    await flush()
    expect(s.calls[0]?.method).toBe('assessments.setScene')
    const scene: Output<'assessments.setScene'> = {
      scene: sceneFixture('SC01', 3),
      result: resultWithTotal(4.5),
    }
    s.calls.shift()?.resolve({ ok: true, value: scene })
    await flush()
    expect(useAssessment.getState().save).toBe('saved')
    expect(useAssessment.getState().result?.total).toBe(4.5)
  })

  it('a failed save keeps the entered value, says why, and retries the same call', async () => {
    useAssessment.getState().setNote('Q05', '现场核查')
    await flush()
    s.calls.shift()?.resolve({ ok: false, error: { code: 'INTERNAL', message: '磁盘已满' } })
    await flush()
    const st = useAssessment.getState()
    expect(st.save).toBe('failed')
    expect(st.saveError).toBe('磁盘已满')
    expect(st.detail?.answers.Q05?.note).toBe('现场核查')
    st.retry?.()
    await flush()
    expect(s.calls[0]?.input).toEqual({ assessmentId: 'a1', itemId: 'Q05', note: '现场核查' })
    const note: Output<'assessments.setNote'> = {
      itemId: 'Q05',
      note: '现场核查',
      fields: {},
      updatedAt: FIXTURE_TIME,
    }
    s.calls.shift()?.resolve({ ok: true, value: note })
    await flush()
    expect(useAssessment.getState().save).toBe('saved')
  })
})
