/**
 * Issue 14 item 5: no editorial note inside a text a user sees. Every string of the built-in
 * catalogues (question and option texts, definitions, form labels, scene levels, names, evidence
 * suggestions) and of the built-in rule profiles (title, note) is scanned for the marks the
 * reference's working notes use: source tags (S6, S7 …), 未核对 / 待核对, 第三方工具, 来源,
 * 题名变体, 原文, platform weights and English working notes. Those stay in the reference docs.
 */
import { describe, expect, it } from 'vitest'
import { RULE_PROFILES } from '../levels/rule-profiles'
import { CATALOGUES } from './index'

const NOTE_MARKS: readonly [string, RegExp][] = [
  ['source tag S<n>', /(?<![A-Za-z0-9])S\d+(?![0-9])/],
  ['未核对 / 待核对', /[未待](?:与[^，。]*)?核对/],
  ['第三方工具', /第三方工具/],
  ['来源', /来源/],
  ['题名变体', /题名变体|文本变体/],
  ['官方 PDF / 原文', /官方\s*PDF|原文/],
  ['平台权重', /平台权重|sceneType/],
  ['English working note', /\b(?:third-party|platform order|is used here)\b/i],
]

/** Every string in `v` with its path, skipping the English names (never shown: nameEn). */
function strings(v: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof v === 'string') out.push([path, v])
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${path}[${i}]`, out))
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (k !== 'nameEn') strings(x, `${path}.${k}`, out)
  return out
}

function notesIn(v: unknown, root: string): string[] {
  const found: string[] = []
  for (const [path, s] of strings(v, root))
    for (const [name, re] of NOTE_MARKS) if (re.test(s)) found.push(`${path} (${name}): ${s}`)
  return found
}

describe('official texts carry no editorial notes', () => {
  it('the catalogues', () => {
    for (const p of CATALOGUES) expect(notesIn(p.catalogue, p.catalogue.id)).toEqual([])
  })
  it('the built-in rule profiles (titles and notes are printed in reports)', () => {
    for (const p of RULE_PROFILES) expect(notesIn(p, p.id)).toEqual([])
  })
  it('the scan finds the notes the first edition had', () => {
    for (const note of [
      'S7 第三方工具此项为“已经能够输出数字化转型成果或经验供同行借鉴”（7.5分）；官方PDF原文未核对',
      '示例配置：9 个约束性场景（不含仓储物流，来源 S9）',
      'S7 将三级/四级内容对调 (S7, third-party); S6 platform order is used here',
      '平台权重：13个环节各7%（0.7分），人力资源9%（0.9分），合计10分',
      '题名变体：企业在数字化人才建设方面采取的措施（S8 诊断平台题名）',
      '档位在 S6 与 S7 中均为 [0-10%] … (60%,100%]，待与官方 PDF 核对',
    ])
      expect(notesIn(note, 'x'), note).not.toEqual([])
  })
})
