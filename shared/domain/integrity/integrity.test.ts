/**
 * Each integrity detector fires on a seeded case and stays silent on a clean one; keys are stable;
 * thresholds come from the data.
 */
import { describe, expect, it } from 'vitest'
import type { TimelineEvent } from '../bundle/types'
import { detectSignals } from './detect'
import { densestJudging } from './process'
import { HEBI_2024_INTEGRITY as T } from './thresholds'
import type { SignalRecord } from './types'

let n = 0
function rec(over: Partial<SignalRecord> = {}): SignalRecord {
  n++
  const id = `b${String(n).padStart(4, '0')}`
  return {
    bundleId: id,
    recordId: `r-${id}`,
    version: 1,
    enterpriseKey: `E${n}`,
    enterpriseName: `企业${n}`,
    kind: 'diagnosis',
    assessorKeyId: 'k'.repeat(64),
    assessorIdentity: `评测员${n}|服务商`,
    assessorLabel: `评测员${n}（服务商）`,
    totalMilli: 55_000 + n * 10,
    level: 2,
    levelThresholdsMilli: [20_000, 40_000, 60_000, 80_000],
    assessedOn: '2025-03-18',
    survey: { date: '2025-03-17', people: 2, observations: `企业${n}现场：独有的观察${n}号` },
    notes: { Q01: `第${n}家企业的网络情况各不相同，编号${n * 7919}` },
    evidence: [
      {
        sha256: String(n).padStart(64, '0'),
        size: 4096,
        itemId: 'Q01',
        name: `${n}.jpg`,
        mime: 'image/jpeg',
      },
    ],
    timeline: null,
    photoCaptures: {},
    ...over,
  }
}

/** Judging events every `stepSeconds`, starting at `start` (ISO). */
function judged(start: string, items: number, stepSeconds: number, row0 = 1): TimelineEvent[] {
  const t0 = Date.parse(start)
  return Array.from({ length: items }, (_, i) => ({
    row: row0 + i,
    at: new Date(t0 + i * stepSeconds * 1000).toISOString(),
    action: i < 15 ? ('answer.set' as const) : ('scene.set' as const),
    itemId: i < 15 ? `Q${String(i + 1).padStart(2, '0')}` : `SC${String(i - 14).padStart(2, '0')}`,
  }))
}

const types = (rs: SignalRecord[]): string[] =>
  detectSignals(rs, T)
    .map((s) => s.type)
    .sort()

describe('integrity signals', () => {
  it('a clean set of records raises nothing', () => {
    const rs = Array.from({ length: 12 }, () =>
      rec({ timeline: judged('2025-03-17T02:00:00Z', 31, 45) }),
    )
    expect(detectSignals(rs, T)).toEqual([])
  })

  it('duplicate-evidence: the same file in two enterprises, not in two versions of one', () => {
    const sha = 'a'.repeat(64)
    const ev = { sha256: sha, size: 50_000, itemId: 'SC06', name: '车间.jpg', mime: 'image/jpeg' }
    const a = rec({ evidence: [ev] })
    const b = rec({ evidence: [{ ...ev, name: '产线.jpg' }] })
    const same = rec({ enterpriseKey: a.enterpriseKey, evidence: [ev] })
    const s = detectSignals([a, b, same], T).filter((x) => x.type === 'duplicate-evidence')
    expect(s).toHaveLength(1)
    expect(s[0]!.refs.map((r) => r.bundleId)).toEqual([a.bundleId, b.bundleId, same.bundleId])
    expect(s[0]!.summary).toMatch(/aaaaaaaaaaaa….*2 家企业/)
    expect(types([a, rec({ enterpriseKey: a.enterpriseKey, evidence: [ev] })])).toEqual([])
    const tiny = { ...ev, size: 10 }
    expect(types([rec({ evidence: [tiny] }), rec({ evidence: [tiny] })])).toEqual([])
  })

  it('similar-text: near-identical notes across enterprises, with the similarity', () => {
    const text =
      '企业已上线ERP与MES系统，注塑段设备尚未联网，能耗与安全生产仍以纸质台账为主，质量数据未形成闭环管理。'
    const a = rec({ notes: { Q01: text }, survey: null })
    const b = rec({ notes: { Q02: text.replace('注塑段', '冲压段') }, survey: null })
    const c = rec({ notes: { Q03: text }, survey: null, enterpriseKey: a.enterpriseKey })
    const s = detectSignals([a, b, c], T).filter((x) => x.type === 'similar-text')
    expect(s).toHaveLength(1)
    expect(new Set(s[0]!.refs.map((r) => r.bundleId))).toEqual(
      new Set([a.bundleId, b.bundleId, c.bundleId]),
    )
    expect(s[0]!.summary).toMatch(/相似度最高 \d+%（阈值 80%）/)
    // the same enterprise's diagnosis and acceptance alone are not a signal
    expect(detectSignals([a, c], T).filter((x) => x.type === 'similar-text')).toEqual([])
  })

  it('similar-text: the 诊断建议 findings and plan text (manifest.advice) count too', () => {
    const advice =
      '原料冷库和成品冷库用纸质出入库单，月底人工盘点。先进先出执行不到位，临期产品每月报损约两万元。希望库位和保质期可视化，临期自动预警。'
    const a = rec({ notes: {}, survey: null, adviceText: advice })
    const b = rec({ notes: {}, survey: null, adviceText: advice })
    const c = rec({ notes: {}, survey: null })
    const s = detectSignals([a, b, c], T).filter((x) => x.type === 'similar-text')
    expect(s).toHaveLength(1)
    expect(new Set(s[0]!.refs.map((r) => r.bundleId))).toEqual(new Set([a.bundleId, b.bundleId]))
    expect(s[0]!.summary).toMatch(/诊断建议/)
  })

  it('rapid-judging: 31 items in 31 seconds fires, 45 s per item does not', () => {
    const fast = rec({ timeline: judged('2025-03-17T02:00:00Z', 31, 1) })
    expect(densestJudging(fast, 60)?.items).toBe(31)
    const s = detectSignals([fast], T)
    expect(s.map((x) => x.type)).toEqual(['rapid-judging'])
    expect(s[0]!.summary).toContain('30 秒内判定了 31 个条目')
    expect(s[0]!.summary).toContain('2025-03-17 10:00:00')
    expect(types([rec({ timeline: judged('2025-03-17T02:00:00Z', 31, 45) })])).toEqual([])
  })

  it('no-site-record: no evidence, or no survey; a dossier file is not site evidence', () => {
    const noEvidence = rec({
      evidence: [
        {
          sha256: 'd'.repeat(64),
          size: 9000,
          itemId: 'dossier',
          name: '合同.pdf',
          mime: 'application/pdf',
        },
      ],
    })
    const noSurvey = rec({ survey: null })
    const s = detectSignals([noEvidence, noSurvey], T)
    expect(s.map((x) => x.type)).toEqual(['no-site-record', 'no-site-record'])
    expect(s[0]!.summary).toContain('没有任何佐证材料')
    expect(s[1]!.summary).toContain('没有任何现场调研记录')
  })

  it('overlapping-visits: one assessor recording at two enterprises at once', () => {
    const who = { assessorIdentity: '王敏|服务商甲', assessorLabel: '王敏（服务商甲）' }
    const a = rec({ ...who, timeline: judged('2025-03-17T02:00:00Z', 31, 120) })
    const b = rec({ ...who, timeline: judged('2025-03-17T02:20:00Z', 20, 60, 500) })
    const s = detectSignals([a, b], T).filter((x) => x.type === 'overlapping-visits')
    expect(s).toHaveLength(1)
    expect(s[0]!.summary).toMatch(/王敏（服务商甲） 在 2025-03-17 10:00–11:00 记录/)
    expect(s[0]!.facts['overlapMinutes']).toBe(19)
    // the same two visits one after the other; or two different assessors at once
    const later = rec({ ...who, timeline: judged('2025-03-17T06:00:00Z', 20, 60, 900) })
    const other = rec({ timeline: judged('2025-03-17T02:20:00Z', 20, 60, 500) })
    expect(types([a, later, other])).toEqual([])
  })

  it('threshold-clustering: one assessor just above 40/60 points, unlike the others', () => {
    const who = { assessorIdentity: '赵六|服务商乙', assessorLabel: '赵六（服务商乙）' }
    const clustered = Array.from({ length: 8 }, (_, i) =>
      rec({ ...who, totalMilli: (i % 2 ? 40_000 : 60_000) + i * 200 }),
    )
    const others = Array.from({ length: 20 }, (_, i) => rec({ totalMilli: 45_000 + i * 1500 }))
    const s = detectSignals([...clustered, ...others], T).filter(
      (x) => x.type === 'threshold-clustering',
    )
    expect(s).toHaveLength(1)
    expect(s[0]!.refs).toHaveLength(8)
    expect(s[0]!.summary).toContain('8 份评测中有 8 份（100%）')
    // spread totals from the same assessor: silent
    const spread = Array.from({ length: 8 }, (_, i) =>
      rec({ ...who, totalMilli: 45_000 + i * 1700 }),
    )
    expect(types([...spread, ...others])).toEqual([])
  })

  it('photo-outside-visit: EXIF date away from the survey date', () => {
    const sha = 'e'.repeat(64)
    const ev = [{ sha256: sha, size: 9000, itemId: 'SC06', name: '车间.jpg', mime: 'image/jpeg' }]
    const old = rec({ evidence: ev, photoCaptures: { [sha]: '2024-11-02 15:20:11' } })
    const s = detectSignals([old], T)
    expect(s.map((x) => x.type)).toEqual(['photo-outside-visit'])
    expect(s[0]!.summary).toContain('拍摄于 2024-11-02 15:20:11（相差 135 天）')
    const onSite = rec({ evidence: ev, photoCaptures: { [sha]: '2025-03-17 09:41:00' } })
    expect(types([onSite])).toEqual([])
  })

  it('keys are stable across runs and record order', () => {
    const text =
      '设备联网率低，生产数据靠人工抄录，质量追溯依赖纸质记录，仓储物流无条码管理系统支撑。'
    const rs = [rec({ notes: { Q01: text } }), rec({ notes: { Q01: text } })]
    const k1 = detectSignals(rs, T).map((s) => s.key)
    const k2 = detectSignals([...rs].reverse(), T).map((s) => s.key)
    expect(k1).toEqual(k2)
    expect(k1.length).toBeGreaterThan(0)
  })
})
