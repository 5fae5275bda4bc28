import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import { dossierManifest, verifyDossierManifest } from './manifest'
import { HEBI_2024_DOSSIER_TEMPLATE as T } from './template'
import { LEDGER } from './test-fixtures'
import type { ChecklistEntry } from './types'

const H = (c: string) => c.repeat(64)
const entries: ChecklistEntry[] = T.items
  .filter((i) => i.mandatory)
  .map((i, n) => ({ itemId: i.id, state: 'attached', evidenceSha256: [H('abcdef0123'[n] ?? 'f')] }))

describe('dossier manifest', () => {
  it('carries template, entries, ledger, totals and every evidence hash', () => {
    const m = dossierManifest(T, entries, LEDGER)
    expect(m.format).toBe('sme-dl-dossier/v1')
    expect(m.template).toEqual({ id: 'Hebi-2024-dossier', version: '1.0.0' })
    expect(m.checklist.complete).toBe(true)
    expect(m.totals.eligibleFen).toBe(55_000_050)
    expect(m.totals.byCategory.other).toEqual({ count: 1, amountFen: 20_000_000 })
    // 8 checklist hashes (a–f, 0, 1) and ledger hashes 1–7; '1' is shared
    expect(m.evidence).toEqual(
      ['0', '1', '2', '3', '4', '5', '6', '7', 'a', 'b', 'c', 'd', 'e', 'f'].map(H),
    )
    expect(verifyDossierManifest(JSON.parse(JSON.stringify(m)), T)).toEqual([])
  })

  it('is only built from valid data', () => {
    expect(() => dossierManifest(T, entries, [...LEDGER, LEDGER[0]!])).toThrow(AppException)
  })

  it('names a tampered total, status or evidence list', () => {
    const m = dossierManifest(T, entries, LEDGER)
    const t1 = structuredClone(m)
    t1.totals.eligibleFen += 100
    expect(verifyDossierManifest(t1, T)).toEqual([
      '档案清单字段 totals（投入合计） 与按材料和投入清单重新计算的结果不符',
    ])
    const t2 = structuredClone(m)
    t2.checklist.entries = t2.checklist.entries.filter((e) => e.itemId !== 'retrofit_contract')
    const p2 = verifyDossierManifest(t2, T)
    expect(p2).toContain(
      '档案清单字段 checklist.missingMandatory（缺失的必备材料） 与按材料和投入清单重新计算的结果不符',
    )
    expect(p2).toContain(
      '档案清单字段 checklist.complete（材料是否齐全） 与按材料和投入清单重新计算的结果不符',
    )
    const t3 = structuredClone(m)
    t3.ledger[4]!.category = 'software'
    expect(verifyDossierManifest(t3, T)).toEqual([
      '档案清单字段 totals（投入合计） 与按材料和投入清单重新计算的结果不符',
    ])
    const t4 = structuredClone(m)
    t4.evidence.pop()
    expect(verifyDossierManifest(t4, T)).toHaveLength(1)
  })

  it('names malformed fields, bad rows and another template', () => {
    const m = dossierManifest(T, entries, LEDGER)
    const bad = structuredClone(m) as unknown as { ledger: { amountFen: unknown }[] }
    bad.ledger[0]!.amountFen = 'lots'
    expect(verifyDossierManifest(bad, T)[0]).toMatch(/^档案清单字段 ledger\.0\.amountFen 无效/)
    const dup = structuredClone(m)
    dup.ledger.push({ ...dup.ledger[0]! })
    expect(verifyDossierManifest(dup, T)[0]).toContain('第 6 行 发票号')
    expect(verifyDossierManifest({ ...m, template: { id: 'X', version: '1' } }, T)[0]).toContain(
      '与 Hebi-2024-dossier 1.0.0 不符',
    )
    expect(verifyDossierManifest('nope', T)).toHaveLength(1)
  })
})
