/**
 * When a diagnosis may be formal (issue 13 item 6): the assessor's findings (现状, 痛点问题 and
 * 需求, all three) are recorded for every scene below the target level. Without them the
 * 诊断报告 is a draft. Pure.
 */
import type { Catalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import type { SceneJudgements } from '../scoring/types'
import type { SceneFinding } from './types'

/** 二级: the pilot's acceptance level, the target when no plan has been accepted. */
export const DEFAULT_TARGET = 2 as const

export function findingComplete(f: SceneFinding | undefined): boolean {
  return Boolean(f && f.statusQuo.trim() && f.painPoints.trim() && f.needs.trim())
}

/** Scenes below `target` (unjudged count as below) without complete findings, in catalogue order. */
export function scenesMissingFindings(
  catalogue: Catalogue,
  scenes: SceneJudgements,
  findings: readonly SceneFinding[],
  target: 1 | 2 | 3 | 4,
): string[] {
  const byId = new Map(findings.map((f) => [f.sceneId, f]))
  return catalogue.scenes
    .filter((s) => (scenes[s.id] ?? 0) < target && !findingComplete(byId.get(s.id)))
    .map((s) => s.id)
}

/** Why the diagnosis is not formal yet, in words (empty = findings complete). */
export function findingsDraftReasons(
  catalogue: Catalogue,
  scenes: SceneJudgements,
  findings: readonly SceneFinding[],
  target: 1 | 2 | 3 | 4,
): string[] {
  const missing = scenesMissingFindings(catalogue, scenes, findings, target)
  if (!missing.length) return []
  return [
    `尚有 ${missing.length} 个低于${levelName(target)}的场景未填写诊断发现（现状、痛点问题、需求）：${missing.join('、')}`,
  ]
}
