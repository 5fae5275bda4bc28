/**
 * `npm run assess -- score FILE [--json] [--rule-profile FILE.json… [--server-key PEM]]`: scores
 * an `sme-dl-assessment/v1` file; a file under a rule profile published by the central service
 * needs that profile (as `export-rule-profile` writes it).
 * --json prints exactly one JSON object on stdout; without it, a Chinese summary.
 * Bad input is a CliError (one line, exit 2).
 */
import {
  ASSESSMENT_KIND_LABELS,
  parseAssessmentFile,
  resolveFile,
  type AssessmentFileV1,
} from '../../../shared/domain/assessment-file'
import { levelName } from '../../../shared/domain/levels/rule-profiles'
import { scoreAssessment } from '../../../shared/domain/scoring/score-assessment'
import { formatPoints } from '../../../shared/domain/scoring/points'
import type { AssessmentResult } from '../../../shared/domain/scoring/types'
import type { PinnedCatalogue } from '../../../shared/domain/catalogue/types'
import { BUILT_IN, type ReferenceRegistry } from '../../../shared/domain/reference'
import { CliError, type CliCommand } from './cli-error'
import { MAX_JSON_BYTES, readInputText } from './cli-files'
import { ruleProfilesOf } from './rule-profile-flags'

const USAGE =
  'usage: npm run assess -- score FILE [--json] [--rule-profile FILE.json… [--server-key PEM]]'

export async function readAssessmentFile(
  path: string,
  registry: ReferenceRegistry = BUILT_IN,
  flag = '',
): Promise<AssessmentFileV1> {
  const text = readInputText(flag, path, MAX_JSON_BYTES)
  const parsed = parseAssessmentFile(text, registry)
  if (!parsed.ok) throw new CliError(`${flag ? `${flag} ` : ''}${path}: ${parsed.error}`)
  return parsed.value
}

/** The --json object: the fields design.md §5 names first, then the rest of the explanation. */
export function scoreJson(file: AssessmentFileV1, r: AssessmentResult): Record<string, unknown> {
  return {
    total: r.total,
    dimensions: { D1: r.dimensions.D1.score, D3: r.dimensions.D3.score, D4: r.dimensions.D4.score },
    scenes: r.scenes,
    level: r.level,
    next: r.next,
    levelName: r.levelName,
    provisional: r.provisional,
    unanswered: r.unanswered,
    secondaries: Object.fromEntries(r.secondaries.map((s) => [s.id, s.score])),
    questions: Object.fromEntries(r.questions.map((q) => [q.id, q.score])),
    checks: r.checks,
    catalogue: r.catalogueId,
    catalogueHash: r.catalogueHash,
    ruleProfile: r.ruleProfileId,
    kind: file.kind,
    enterprise: file.enterprise.name,
  }
}

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0
  for (const ch of s)
    w +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
        ch,
      )
        ? 2
        : 1
  return w
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)))
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s

export function scoreSummary(
  file: AssessmentFileV1,
  pinned: PinnedCatalogue,
  r: AssessmentResult,
): string {
  const c = pinned.catalogue
  const lines: string[] = []
  const meta = [ASSESSMENT_KIND_LABELS[file.kind], file.assessedOn].filter(Boolean).join('，')
  lines.push(`${file.enterprise.name}（${meta}）`)
  const where = [file.enterprise.county, file.enterprise.industry, file.enterprise.subIndustry]
    .filter(Boolean)
    .join(' · ')
  if (where) lines.push(where)
  lines.push(
    `评测指标：${c.title}（${c.id}，${r.catalogueHash.slice(0, 12)}…）；等级规则：${r.ruleProfileId}`,
  )
  lines.push('')
  lines.push(`${pad('维度 / 二级指标', 24)}${padStart('得分', 8)}${padStart('满分', 8)}`)
  for (const d of c.dimensions) {
    if (d.mode !== 'scored') continue
    const ds = r.dimensions[d.id as 'D1' | 'D3' | 'D4']
    lines.push(
      `${pad(`${d.id} ${d.name}`, 24)}${padStart(formatPoints(ds.score), 8)}${padStart(formatPoints(ds.max), 8)}`,
    )
    for (const s of d.secondaries) {
      const ss = r.secondaries.find((x) => x.id === s.id)
      lines.push(
        `${pad(`  ${s.id} ${s.name}`, 24)}${padStart(formatPoints(ss?.score ?? 0), 8)}${padStart(formatPoints(s.maxScore), 8)}`,
      )
    }
  }
  lines.push(`${pad('合计', 24)}${padStart(formatPoints(r.total), 8)}${padStart('100', 8)}`)
  lines.push('')
  const sc = r.scenes
  lines.push(
    `场景（D2 数字化经营）：共 ${sc.total} 个，已判定 ${sc.judged} 个；约束性场景 ${sc.constrainedTotal} 个`,
  )
  lines.push(
    `${pad('', 16)}${['未达一级', '一级', '二级', '三级', '四级'].map((h) => padStart(h, 10)).join('')}`,
  )
  lines.push(`${pad('判定为该级', 16)}${sc.byLevel.map((n) => padStart(String(n), 10)).join('')}`)
  lines.push(
    `${pad('达到该级及以上', 16)}${padStart('—', 10)}${[1, 2, 3, 4].map((n) => padStart(String(sc.atLeast[n]), 10)).join('')}`,
  )
  lines.push(
    `${pad('  其中约束性', 16)}${padStart('—', 10)}${[1, 2, 3, 4].map((n) => padStart(String(sc.constrainedAtLeast[n]), 10)).join('')}`,
  )
  lines.push('')
  lines.push(
    `数字化水平等级：${r.levelName}${r.provisional ? '（暂定：尚有未完成的题目或场景）' : ''}`,
  )
  for (const ch of r.checks) {
    const mark = (ok: boolean) => (ok ? '✓' : '✗')
    lines.push(
      `  ${levelName(ch.level)}：总分 ${formatPoints(ch.score.have)}/${formatPoints(ch.score.need)} ${mark(ch.score.met)}；` +
        `场景 ${ch.scenes.have}/${ch.scenes.need} ${mark(ch.scenes.met)}；` +
        `约束性 ${ch.constrainedScenes.have}/${ch.constrainedScenes.need} ${mark(ch.constrainedScenes.met)}` +
        (ch.met ? '  → 满足' : ''),
    )
  }
  lines.push(r.next ? r.next.text : '已达最高等级（四级）')
  if (r.unanswered.questions.length) lines.push(`未作答题目：${r.unanswered.questions.join('、')}`)
  if (r.unanswered.scenes.length) lines.push(`未判定场景：${r.unanswered.scenes.join('、')}`)
  return lines.join('\n') + '\n'
}

export const scoreCommand: CliCommand = {
  usage: USAGE,
  summary: '评分：score FILE [--json]  对 sme-dl-assessment/v1 文件计算得分、场景统计、等级与差距',
  async run(args, io) {
    let json = false
    const files: string[] = []
    const profiles: string[] = []
    let serverKey: string | undefined
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!
      if (a === '--rule-profile' || a === '--server-key') {
        const v = args[++i]
        if (v === undefined || v.startsWith('-')) throw new CliError(`${a}: needs a file; ${USAGE}`)
        if (a === '--rule-profile') profiles.push(v)
        else serverKey = v
      } else if (a === '--json') json = true
      else if (a.startsWith('-')) throw new CliError(`score: unknown option '${a}'; ${USAGE}`)
      else files.push(a)
    }
    if (files.length !== 1)
      throw new CliError(
        files.length === 0
          ? `score: no file given; ${USAGE}`
          : `score: one file at a time; ${USAGE}`,
      )
    const path = files[0] ?? ''
    const registry = ruleProfilesOf(profiles, serverKey, USAGE)
    const file = await readAssessmentFile(path, registry)
    const { pinned, profile } = resolveFile(file, registry)
    const result = scoreAssessment(pinned, profile, file.answers, file.scenes)
    io.stdout.write(
      json ? JSON.stringify(scoreJson(file, result)) + '\n' : scoreSummary(file, pinned, result),
    )
    return 0
  },
}
