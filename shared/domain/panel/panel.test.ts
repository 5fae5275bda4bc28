import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels'
import { scoreAssessment } from '../scoring'
import {
  answerProblem,
  consolidate,
  findDivergences,
  validatePanel,
  validateScorings,
} from './index'
import { BASE_ANSWERS, BASE_SCENES, PANEL, panelOf, scoring } from './test-fixtures'
import type { LeadDecision, PanelReview } from './types'

const P = MIIT_2024
const R = MIIT_2024_DEFAULT

/** Runs fn, expects a VALIDATION AppException, returns it. */
function thrown(fn: () => unknown): AppException {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppException)
    const err = e as AppException
    expect(err.code).toBe('VALIDATION')
    return err
  }
  throw new Error('expected a VALIDATION error, nothing was thrown')
}

describe('fixtures', () => {
  it('the base scoring is a complete 二级 assessment at 43.55 points', () => {
    const r = scoreAssessment(P, R, BASE_ANSWERS, BASE_SCENES)
    expect(r.total).toBe(43.55)
    expect(r.level).toBe(2)
    expect(r.provisional).toBe(false)
  })
})

describe('the issue scenario: three experts, two agreeing, one diverging on two scenes', () => {
  const scorings = [scoring('k-a'), scoring('k-b'), scoring('k-c', {}, { SC03: 4, SC06: 0 })]

  it('flags both scenes (2 levels apart) and the differing verdict, with who chose what', () => {
    const d = findDivergences(P, R, scorings, PANEL.experts)
    expect(d.map((x) => [x.kind, x.itemId, x.severity])).toEqual([
      ['scene', 'SC03', 'major'],
      ['scene', 'SC06', 'major'],
      ['level', 'level', 'major'],
    ])
    const sc03 = d[0]
    expect(sc03?.kind === 'scene' && sc03.spread).toBe(2)
    expect(sc03?.values).toEqual([
      { expertKeyId: 'k-a', value: 2 },
      { expertKeyId: 'k-b', value: 2 },
      { expertKeyId: 'k-c', value: 4 },
    ])
    expect(sc03?.message).toBe('SC03 场景等级相差 2 级：张三 二级；李四 二级；王五 四级')
    expect(d[1]?.message).toContain('王五 未达一级')
    // 王五 has only SC01, SC02, SC03, SC05, SC07 at ≥ 二级 = 5 < 6 → 一级
    expect(d[2]?.values).toEqual([
      { expertKeyId: 'k-a', value: 2 },
      { expertKeyId: 'k-b', value: 2 },
      { expertKeyId: 'k-c', value: 1 },
    ])
    expect(d[2]?.message).toBe('等级判定不一致：张三 二级；李四 二级；王五 一级')
  })

  it('consolidates by median to the agreeing pair, 二级, with every item explained', () => {
    const c = consolidate(P, R, PANEL, scorings)
    expect(c.status).toBe('consolidated')
    expect(c.unresolved).toEqual([])
    expect(c.scenes).toEqual(BASE_SCENES)
    expect(c.answers).toEqual(BASE_ANSWERS)
    expect(c.result?.level).toBe(2)
    expect(c.result?.total).toBe(43.55)
    expect(c.items).toHaveLength(31)
    const sc03 = c.items.find((i) => i.itemId === 'SC03')
    expect(sc03).toMatchObject({
      kind: 'scene',
      rule: 'median',
      consolidated: 2,
      severity: 'major',
      resolved: true,
      explanation: '等级 二级、二级、四级，取中位数 二级',
    })
    const q01 = c.items.find((i) => i.itemId === 'Q01')
    expect(q01).toMatchObject({
      rule: 'majority',
      severity: null,
      explanation: '3 位专家一致：B、C',
    })
    expect(c.expertResults.map((r) => r.result.level)).toEqual([2, 2, 1])
    expect(c.divergences).toHaveLength(3)
  })

  it('accepts the scorings in any order and reports them in panel order', () => {
    const c = consolidate(P, R, PANEL, [...scorings].reverse())
    expect(c.items[0]?.values.map((v) => v.expertKeyId)).toEqual(['k-a', 'k-b', 'k-c'])
  })
})

describe('findDivergences', () => {
  it('reports scenes one level apart as minor, not as major', () => {
    const d = findDivergences(P, R, [scoring('k1'), scoring('k2', {}, { SC05: 3 })])
    expect(d).toHaveLength(1)
    expect(d[0]).toMatchObject({ kind: 'scene', itemId: 'SC05', severity: 'minor', spread: 1 })
    expect(d[0]?.message).toBe('SC05 场景等级相差 1 级：k1 二级；k2 三级')
  })

  it('compares option sets regardless of order; consolidation gives catalogue order', () => {
    const d = findDivergences(P, R, [scoring('k1'), scoring('k2', { Q01: ['C', 'B'] })])
    expect(d).toEqual([])
    const c = consolidate(P, R, panelOf(2), [
      scoring('k1', { Q01: ['E', 'B'] }),
      scoring('k2', { Q01: ['B', 'E'] }),
    ])
    expect(c.answers.Q01).toEqual(['B', 'E'])
  })

  it('flags different option sets and unanswered questions', () => {
    const d = findDivergences(P, R, [
      scoring('k1'),
      scoring('k2', { Q04: ['B', 'G'], Q02: undefined }),
    ])
    expect(d.map((x) => x.itemId)).toEqual(['Q02', 'Q04', 'level'])
    expect(d[0]?.message).toBe('Q02 选项不一致：k1 C；k2 未作答')
    expect(d[1]?.message).toBe('Q04 选项不一致：k1 B、G、H、I；k2 B、G')
    expect(d.every((x) => x.severity === 'major')).toBe(true)
  })

  it('names experts, not 64-character key ids: a 12-character prefix only where no name is known', () => {
    const [ka, kb, kc] = ['a', 'b', 'c'].map((c) => c.repeat(64)) as [string, string, string]
    const members = [
      { keyId: ka, name: '张三', agency: '甲机构' },
      { keyId: kb, name: '张三', agency: '乙机构' },
    ]
    const d = findDivergences(
      P,
      R,
      [scoring(ka), scoring(kb, {}, { SC05: 3 }), scoring(kc, {}, { SC05: 4 })],
      members,
    )
    expect(d[0]?.message).toBe(
      `SC05 场景等级相差 2 级：张三（${'a'.repeat(12)}…） 二级；张三（${'b'.repeat(12)}…） 三级；${'c'.repeat(12)}… 四级`,
    )
    const one = findDivergences(
      P,
      R,
      [scoring(ka), scoring(kc, {}, { SC05: 3 })],
      members.slice(0, 1),
    )
    expect(one[0]?.message).toBe(`SC05 场景等级相差 1 级：张三 二级；${'c'.repeat(12)}… 三级`)
    for (const x of [...d, ...one]) expect(x.message).not.toMatch(/[0-9a-f]{13}/)
  })

  it('flags a scene judged by some experts and not by others as major', () => {
    const d = findDivergences(P, R, [scoring('k1'), scoring('k2', {}, { SC16: undefined })])
    expect(d[0]).toMatchObject({ kind: 'scene', itemId: 'SC16', severity: 'major', spread: 0 })
    expect(d[0]?.message).toBe('SC16 部分专家未判定：k1 一级；k2 未判定')
  })

  it('finds nothing among identical scorings', () => {
    expect(findDivergences(P, R, [scoring('k1'), scoring('k2'), scoring('k3')])).toEqual([])
  })
})

describe('consolidation rules', () => {
  it('single choice: a 2–2 tie in an even panel has no majority and needs the lead', () => {
    const c = consolidate(P, R, panelOf(4), [
      scoring('k1', { Q02: 'B' }),
      scoring('k2', { Q02: 'B' }),
      scoring('k3', { Q02: 'D' }),
      scoring('k4', { Q02: 'D' }),
    ])
    expect(c.status).toBe('unresolved')
    expect(c.result).toBeNull()
    expect(c.unresolved).toEqual(['Q02'])
    expect(c.answers.Q02).toBeUndefined()
    const item = c.items.find((i) => i.itemId === 'Q02')
    expect(item).toMatchObject({ resolved: false, consolidated: null, rule: 'majority' })
    expect(item?.explanation).toBe('无过半意见（B 2 位、D 2 位），须由组长裁定')
  })

  it('single choice: a three-way split has no majority', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q05: 'B' }),
      scoring('k2', { Q05: 'C' }),
      scoring('k3', { Q05: 'D' }),
    ])
    expect(c.unresolved).toEqual(['Q05'])
  })

  it('single choice: 2 of 3 decides', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q05: 'D' }),
      scoring('k2', { Q05: 'D' }),
      scoring('k3', { Q05: 'B' }),
    ])
    expect(c.answers.Q05).toBe('D')
    expect(c.items.find((i) => i.itemId === 'Q05')?.explanation).toBe(
      '3 位专家中 2 位选择 D，按多数确定',
    )
  })

  it('the lead settles a tie; the reason is recorded in the item', () => {
    const scorings = [
      scoring('k1', { Q02: 'B' }),
      scoring('k2', { Q02: 'B' }),
      scoring('k3', { Q02: 'D' }),
      scoring('k4', { Q02: 'D' }),
    ]
    const decisions: LeadDecision[] = [
      { itemId: 'Q02', value: 'B', reason: '  现场抽查设备台账，数字化设备占比 18%  ' },
    ]
    const c = consolidate(P, R, panelOf(4), scorings, decisions)
    expect(c.status).toBe('consolidated')
    expect(c.answers.Q02).toBe('B')
    const item = c.items.find((i) => i.itemId === 'Q02')
    expect(item).toMatchObject({
      rule: 'lead',
      consolidated: 'B',
      reason: '现场抽查设备台账，数字化设备占比 18%',
      resolved: true,
    })
    expect(item?.explanation).toContain('组长裁定：B')
    expect(c.result?.total).toBe(42.05)
  })

  it('a lead decision without a reason is an error naming the item', () => {
    const err = thrown(() =>
      consolidate(
        P,
        R,
        panelOf(2),
        [scoring('k1'), scoring('k2', { Q02: 'D' })],
        [{ itemId: 'Q02', value: 'C', reason: '   ' }],
      ),
    )
    expect(err.message).toBe('组长对 Q02 的裁定缺少理由：裁定必须记录理由')
    expect(err.field).toBe('decisions.Q02.reason')
  })

  it('a lead decision outside the experts’ views, or on an unknown item, is refused', () => {
    const scorings = [scoring('k1'), scoring('k2', { Q02: 'D' }, { SC03: 4 })]
    const e1 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [{ itemId: 'Q02', value: 'E', reason: '看过' }]),
    )
    expect(e1.message).toContain('没有任何专家选择的选项 E')
    const e2 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [{ itemId: 'SC03', value: 1, reason: '看过' }]),
    )
    expect(e2.message).toBe('组长对场景 SC03 裁定为一级，超出专家判定范围（二级至四级）')
    expect(e2.field).toBe('decisions.SC03.value')
    const e3 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [{ itemId: 'Q99', value: 'A', reason: 'x' }]),
    )
    expect(e3.field).toBe('decisions.0.itemId')
    const e4 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [
        { itemId: 'Q02', value: 'C', reason: 'x' },
        { itemId: 'Q02', value: 'D', reason: 'y' },
      ]),
    )
    expect(e4.message).toContain('多条裁定')
    const e5 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [{ itemId: 'Q02', value: 3, reason: 'x' }]),
    )
    expect(e5.field).toBe('decisions.Q02.value')
    const e6 = thrown(() =>
      consolidate(P, R, panelOf(2), scorings, [{ itemId: 'Q02', value: null, reason: 'x' }]),
    )
    expect(e6.message).toContain('每位专家都已作答')
  })

  it('the lead may overrule a majority within the experts’ views', () => {
    const c = consolidate(
      P,
      R,
      panelOf(3),
      [scoring('k1'), scoring('k2'), scoring('k3', {}, { SC03: 3 })],
      [{ itemId: 'SC03', value: 3, reason: '复核营销系统日志后认定达到三级' }],
    )
    expect(c.scenes.SC03).toBe(3)
    expect(c.items.find((i) => i.itemId === 'SC03')?.rule).toBe('lead')
  })

  it('scenes: the median; an even panel takes the lower median', () => {
    const c4 = consolidate(P, R, panelOf(4), [
      scoring('k1', {}, { SC08: 1, SC09: 2, SC10: 4 }),
      scoring('k2', {}, { SC08: 2, SC09: 2, SC10: 0 }),
      scoring('k3', {}, { SC08: 3, SC09: 3, SC10: 4 }),
      scoring('k4', {}, { SC08: 4, SC09: 3, SC10: 0 }),
    ])
    expect(c4.scenes.SC08).toBe(2)
    expect(c4.scenes.SC09).toBe(2)
    expect(c4.scenes.SC10).toBe(0)
    expect(c4.items.find((i) => i.itemId === 'SC08')?.explanation).toBe(
      '等级 一级、二级、三级、四级，偶数位专家取较低的中位数 二级（从严）',
    )
    const c2 = consolidate(P, R, panelOf(2), [
      scoring('k1', {}, { SC11: 1 }),
      scoring('k2', {}, { SC11: 3 }),
    ])
    expect(c2.scenes.SC11).toBe(1)
    const c5 = consolidate(P, R, panelOf(5), [
      scoring('k1', {}, { SC11: 0 }),
      scoring('k2', {}, { SC11: 4 }),
      scoring('k3', {}, { SC11: 1 }),
      scoring('k4', {}, { SC11: 3 }),
      scoring('k5', {}, { SC11: 4 }),
    ])
    expect(c5.scenes.SC11).toBe(3)
  })

  it('a single-expert panel takes that expert’s scoring', () => {
    const c = consolidate(P, R, panelOf(1), [scoring('k1', { Q05: 'E' }, { SC16: 4 })])
    expect(c.answers.Q05).toBe('E')
    expect(c.scenes.SC16).toBe(4)
    expect(c.divergences).toEqual([])
  })

  it('multi choice: each option by strict majority — may give a set no expert chose', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q01: ['B', 'C'] }),
      scoring('k2', { Q01: ['C', 'D'] }),
      scoring('k3', { Q01: ['B', 'D'] }),
    ])
    expect(c.answers.Q01).toEqual(['B', 'C', 'D'])
    expect(c.items.find((i) => i.itemId === 'Q01')?.explanation).toBe(
      '按选项逐项多数（须过半）：B 2/3、C 2/3、D 2/3；计入 B、C、D',
    )
  })

  it('multi choice: no option chosen by a majority needs the lead', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q06: ['B'] }),
      scoring('k2', { Q06: ['C'] }),
      scoring('k3', { Q06: ['D'] }),
    ])
    expect(c.unresolved).toEqual(['Q06'])
    const c2 = consolidate(
      P,
      R,
      panelOf(3),
      [scoring('k1', { Q06: ['B'] }), scoring('k2', { Q06: ['C'] }), scoring('k3', { Q06: ['D'] })],
      [{ itemId: 'Q06', value: ['D', 'B', 'C'], reason: '三项各有一位专家查见佐证，均予认定' }],
    )
    expect(c2.answers.Q06).toEqual(['B', 'C', 'D'])
    expect(c2.status).toBe('consolidated')
  })

  it('「无」 stays exclusive: a majority for 无 excludes every other option', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q09: ['A'] }),
      scoring('k2', { Q09: ['A'] }),
      scoring('k3', { Q09: ['B', 'C', 'D', 'E'] }),
    ])
    expect(c.answers.Q09).toEqual(['A'])
    expect(c.result?.questions.find((q) => q.id === 'Q09')?.score).toBe(0)
  })

  it('「无」 against options in a 2–2 panel: no majority; the lead may not combine 无 with others', () => {
    const scorings = [
      scoring('k1', { Q10: ['A'] }),
      scoring('k2', { Q10: ['A'] }),
      scoring('k3', { Q10: ['B'] }),
      scoring('k4', { Q10: ['B'] }),
    ]
    expect(consolidate(P, R, panelOf(4), scorings).unresolved).toEqual(['Q10'])
    const err = thrown(() =>
      consolidate(P, R, panelOf(4), scorings, [{ itemId: 'Q10', value: ['A', 'B'], reason: 'x' }]),
    )
    expect(err.field).toBe('decisions.Q10.value')
    expect(err.message).toBe('组长对 Q10 的裁定无效：Q10 的「无」（A）不能与其他选项同时选择')
    const ok = consolidate(P, R, panelOf(4), scorings, [
      { itemId: 'Q10', value: ['A'], reason: '未见数字化人才培训记录' },
    ])
    expect(ok.answers.Q10).toEqual(['A'])
  })

  it('unanswered by a majority stays unanswered, and the result is provisional', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q15: undefined, Q04: undefined }),
      scoring('k2', { Q15: undefined, Q04: undefined }),
      scoring('k3'),
    ])
    expect(c.status).toBe('consolidated')
    expect('Q15' in c.answers).toBe(false)
    expect('Q04' in c.answers).toBe(false)
    expect(c.result?.provisional).toBe(true)
    expect(c.result?.unanswered.questions).toEqual(['Q04', 'Q15'])
  })

  it('a multi answer left open by one of three still follows the per-option majority', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', { Q07: undefined }),
      scoring('k2', { Q07: ['B', 'C'] }),
      scoring('k3', { Q07: ['B'] }),
    ])
    expect(c.answers.Q07).toEqual(['B'])
  })

  it('a scene judged by only some experts needs the lead; all unjudged stays unjudged', () => {
    const c = consolidate(P, R, panelOf(3), [
      scoring('k1', {}, { SC14: undefined, SC15: undefined }),
      scoring('k2', {}, { SC14: 3, SC15: undefined }),
      scoring('k3', {}, { SC14: 2, SC15: undefined }),
    ])
    expect(c.unresolved).toEqual(['SC14'])
    expect(c.items.find((i) => i.itemId === 'SC15')).toMatchObject({
      resolved: true,
      consolidated: null,
      explanation: '3 位专家均未判定',
    })
    const err = thrown(() =>
      consolidate(
        P,
        R,
        panelOf(3),
        [scoring('k1'), scoring('k2', {}, { SC15: undefined }), scoring('k3')],
        [{ itemId: 'SC15', value: 4, reason: 'x' }],
      ),
    )
    expect(err.message).toContain('超出专家判定范围（一级至一级）')
    const led = consolidate(
      P,
      R,
      panelOf(3),
      [
        scoring('k1', {}, { SC14: undefined }),
        scoring('k2', {}, { SC14: 3 }),
        scoring('k3', {}, { SC14: 2 }),
      ],
      [{ itemId: 'SC14', value: 2, reason: '专家1 未到场查看人力资源系统，按较低判定' }],
    )
    expect(led.scenes.SC14).toBe(2)
    expect(led.status).toBe('consolidated')
  })

  it('an unresolved consolidation lists every open item and has no result', () => {
    const c = consolidate(P, R, panelOf(2), [
      scoring('k1', { Q02: 'B', Q12: 'A' }, { SC02: undefined }),
      scoring('k2', { Q02: 'D', Q12: 'C' }),
    ])
    expect(c.status).toBe('unresolved')
    expect(c.unresolved).toEqual(['Q02', 'Q12', 'SC02'])
    expect(c.result).toBeNull()
    expect(c.expertResults).toHaveLength(2)
  })
})

describe('panel and scoring input', () => {
  it('validatePanel names the problem', () => {
    const none: PanelReview = { lead: PANEL.lead, experts: [] }
    expect(thrown(() => validatePanel(none)).message).toBe('专家组至少需要一位评分专家')
    const dup: PanelReview = { lead: PANEL.lead, experts: [PANEL.experts[0]!, PANEL.experts[0]!] }
    expect(thrown(() => validatePanel(dup)).field).toBe('experts.1.keyId')
    const noAgency: PanelReview = {
      lead: PANEL.lead,
      experts: [{ keyId: 'k1', name: '张三', agency: ' ' }],
    }
    const e = thrown(() => validatePanel(noAgency))
    expect(e.message).toBe('评分专家张三（k1）缺少所属机构')
    expect(e.field).toBe('experts.0.agency')
    const noLeadKey: PanelReview = { lead: { keyId: '', name: '赵', agency: '市' }, experts: [] }
    expect(thrown(() => validatePanel(noLeadKey)).field).toBe('lead.keyId')
  })

  it('the lead may also be a scoring expert', () => {
    const panel: PanelReview = { lead: PANEL.experts[0]!, experts: PANEL.experts }
    expect(() => validatePanel(panel)).not.toThrow()
  })

  it('refuses scorings from outside the panel, twice from one expert, or missing', () => {
    const e1 = thrown(() => validateScorings(P, R, PANEL, [scoring('k-x')]))
    expect(e1.message).toBe('评分 1 的专家 k-x 不在本专家组名单中')
    const e2 = thrown(() =>
      validateScorings(P, R, PANEL, [scoring('k-a'), scoring('k-a'), scoring('k-b')]),
    )
    expect(e2.message).toContain('张三（k-a） 提交了多份评分')
    const e3 = thrown(() => validateScorings(P, R, PANEL, [scoring('k-a'), scoring('k-b')]))
    expect(e3.message).toBe('专家 王五（k-c） 尚未提交评分')
    expect(e3.field).toBe('scorings.k-c')
  })

  it('refuses an invalid answer or scene level, naming expert and item', () => {
    const e1 = thrown(() =>
      consolidate(P, R, PANEL, [
        scoring('k-a'),
        scoring('k-b', { Q01: ['A', 'B'] }),
        scoring('k-c'),
      ]),
    )
    expect(e1.message).toBe('专家 李四（k-b） 的评分无效：Q01 的「无」（A）不能与其他选项同时选择')
    expect(e1.field).toBe('scorings.k-b.answers.Q01')
    const bad = scoring('k-c')
    ;(bad.scenes as Record<string, number>).SC04 = 5
    const e2 = thrown(() => consolidate(P, R, PANEL, [scoring('k-a'), scoring('k-b'), bad]))
    expect(e2.message).toBe('专家 王五（k-c） 对场景 SC04 的等级须为 0–4 的整数，实际为 5')
    const e3 = thrown(() =>
      consolidate(P, R, PANEL, [scoring('k-a'), scoring('k-b', { Q16: 'A' }), scoring('k-c')]),
    )
    expect(e3.field).toBe('scorings.k-b.answers.Q16')
  })

  it('refuses a rule profile for another catalogue', () => {
    const other = { ...R, catalogueId: 'MIIT-2022' }
    expect(thrown(() => consolidate(P, other, PANEL, [])).field).toBe('profile')
  })
})

describe('answerProblem (Chinese wording over validateAnswer)', () => {
  const q = (id: string) => P.catalogue.questions.find((x) => x.id === id)!
  it('accepts what validateAnswer accepts and words each refusal', () => {
    expect(answerProblem(q('Q02'), 'C')).toBeNull()
    expect(answerProblem(q('Q01'), ['B', 'E'])).toBeNull()
    expect(answerProblem(q('Q02'), ['C'])).toBe('Q02 为单选题，只能选择一个选项')
    expect(answerProblem(q('Q02'), 'Z')).toBe('Q02 没有选项 Z（可选：A、B、C、D、E）')
    expect(answerProblem(q('Q02'), 3)).toBe('Q02 为单选题，答案须为一个选项（A、B、C、D、E）')
    expect(answerProblem(q('Q01'), 'B')).toBe('Q01 为多选题，答案须为选项列表')
    expect(answerProblem(q('Q01'), [])).toBe('Q01 未选择任何选项（均不符合时请选择「无」）')
    expect(answerProblem(q('Q01'), ['B', 'F'])).toBe('Q01 没有选项 F（可选：A、B、C、D、E）')
    expect(answerProblem(q('Q01'), ['B', 'B'])).toBe('Q01 的选项 B 重复')
    expect(answerProblem(q('Q06'), ['C', 'A'])).toBe('Q06 的「无」（A）不能与其他选项同时选择')
  })
})
