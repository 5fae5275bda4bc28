import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import { canonicalJson } from '../canonical-json'
import { MIIT_2024 } from '../catalogue'
import { sha256Hex } from '../hash'
import { MIIT_2024_DEFAULT } from '../levels'
import { panelRecord, scoringDigest, verifyPanelRecord } from './record'
import { PANEL, panelOf, scoring } from './test-fixtures'
import type { PanelRecord } from './record'

const P = MIIT_2024
const R = MIIT_2024_DEFAULT
const scorings = [scoring('k-a'), scoring('k-b'), scoring('k-c', {}, { SC03: 4, SC06: 0 })]

describe('panel record (what the lead signs)', () => {
  it('pins each expert scoring by the SHA-256 of its canonical JSON', () => {
    const s = scorings[0]!
    expect(scoringDigest(s)).toBe(
      sha256Hex(canonicalJson({ expertKeyId: 'k-a', answers: s.answers, scenes: s.scenes })),
    )
    expect(scoringDigest(s)).toMatch(/^[0-9a-f]{64}$/)
    expect(scoringDigest(scorings[1]!)).not.toBe(scoringDigest(s))
  })

  it('records panel, digests, settlement, divergences and the result; verifies clean', () => {
    const rec = panelRecord(P, R, PANEL, scorings, [], { 'k-a': 'bundle-a' })
    expect(rec.format).toBe('sme-dl-panel/v1')
    expect(rec.catalogue).toEqual({ id: 'MIIT-2024', hash: P.hash })
    expect(rec.scorings.map((s) => [s.expertKeyId, s.bundleId])).toEqual([
      ['k-a', 'bundle-a'],
      ['k-b', undefined],
      ['k-c', undefined],
    ])
    expect(rec.result).toMatchObject({ total: 43.55, level: 2, levelName: '二级' })
    expect(rec.expertLevels.map((e) => e.level)).toEqual([2, 2, 1])
    expect(rec.divergences).toEqual([
      { kind: 'scene', itemId: 'SC03', severity: 'major' },
      { kind: 'scene', itemId: 'SC06', severity: 'major' },
      { kind: 'level', itemId: 'level', severity: 'major' },
    ])
    expect(rec.items).toHaveLength(31)
    // survives a JSON round trip (what a bundle does to it)
    const back = JSON.parse(JSON.stringify(rec)) as PanelRecord
    expect(verifyPanelRecord(P, R, back, scorings)).toEqual([])
  })

  it('changing one expert’s scoring afterwards fails verification, naming the expert', () => {
    const rec = panelRecord(P, R, PANEL, scorings)
    const changed = [scorings[0]!, scoring('k-b', {}, { SC10: 2 }), scorings[2]!]
    expect(verifyPanelRecord(P, R, rec, changed)).toEqual([
      '专家 李四（k-b） 的评分与合议记录不符：评分在合议后被改动',
    ])
    expect(verifyPanelRecord(P, R, rec, scorings.slice(0, 2))).toEqual([
      '缺少专家 王五（k-c） 的评分',
    ])
  })

  it('a record whose result or settlement was edited fails verification', () => {
    const rec = panelRecord(P, R, PANEL, scorings)
    const edited = JSON.parse(JSON.stringify(rec)) as PanelRecord
    edited.result.level = 3
    expect(verifyPanelRecord(P, R, edited, scorings)).toEqual([
      '合议记录中的合议结果与按专家评分重新计算的结果不符',
    ])
    const other = { ...rec, catalogue: { id: 'MIIT-2024', hash: '0'.repeat(64) } }
    expect(verifyPanelRecord(P, R, other, scorings)[0]).toContain('与当前指标不符')
  })

  it('keeps the lead’s decisions with reasons; an edited reason is caught', () => {
    const sc = [scoring('k1', { Q02: 'B' }), scoring('k2', { Q02: 'D' })]
    const rec = panelRecord(P, R, panelOf(2), sc, [
      { itemId: 'Q02', value: 'D', reason: '现场核对设备台账' },
    ])
    expect(rec.decisions).toEqual([{ itemId: 'Q02', value: 'D', reason: '现场核对设备台账' }])
    expect(rec.items.find((i) => i.itemId === 'Q02')).toEqual({
      itemId: 'Q02',
      rule: 'lead',
      consolidated: 'D',
      severity: 'major',
      reason: '现场核对设备台账',
    })
    expect(verifyPanelRecord(P, R, rec, sc)).toEqual([])
    const edited = JSON.parse(JSON.stringify(rec)) as PanelRecord
    edited.decisions[0]!.reason = '另一理由'
    expect(verifyPanelRecord(P, R, edited, sc)).toEqual([
      '合议记录中的逐项合议结果与按专家评分重新计算的结果不符',
    ])
  })

  it('refuses to build a record while items are unresolved', () => {
    const sc = [scoring('k1', { Q02: 'B' }), scoring('k2', { Q02: 'D' })]
    try {
      panelRecord(P, R, panelOf(2), sc)
      throw new Error('not thrown')
    } catch (e) {
      expect(e).toBeInstanceOf(AppException)
      expect((e as AppException).message).toBe(
        '尚有未合议的项目：Q02，须由组长裁定后才能生成合议记录',
      )
    }
  })
})
