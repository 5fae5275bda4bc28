/**
 * The overall level from the total and the scene counts, by a rule profile: rungs are checked
 * from 四级 down and the first one met wins; none met = 0 (无等级). Every rung is explained
 * (`checks`) and the gap to the next level up is given in numbers and words (`next`).
 */
import { formatMilli, fromMilli, toMilli } from '../scoring/points'
import type {
  LevelCheck,
  NextLevelGap,
  OverallLevel,
  RuleProfile,
  SceneCounts,
} from '../scoring/types'
import { levelName } from './rule-profiles'

export interface LevelDecision {
  level: OverallLevel
  checks: LevelCheck[]
  next: NextLevelGap | null
}

export function checkRung(
  rule: RuleProfile['rules'][number],
  totalMilli: number,
  counts: SceneCounts,
): LevelCheck {
  const needMilli = toMilli(rule.minScore)
  const scoreMet = totalMilli >= needMilli
  const scenesHave = counts.atLeast[rule.level]
  const constrainedHave = counts.constrainedAtLeast[rule.level]
  const scenesMet = scenesHave >= rule.minScenes
  const constrainedMet = constrainedHave >= rule.minConstrainedScenes
  return {
    level: rule.level,
    met: scoreMet && scenesMet && constrainedMet,
    score: { have: fromMilli(totalMilli), need: rule.minScore, met: scoreMet },
    scenes: { have: scenesHave, need: rule.minScenes, met: scenesMet },
    constrainedScenes: {
      have: constrainedHave,
      need: rule.minConstrainedScenes,
      met: constrainedMet,
    },
  }
}

/** 「距三级：总分还差 3.5 分；还需 2 个场景达到三级，其中 1 个约束性场景」: only what is missing. */
export function gapFor(check: LevelCheck, totalMilli: number): NextLevelGap {
  const name = levelName(check.level)
  const scoreGapMilli = Math.max(0, toMilli(check.score.need) - totalMilli)
  const sceneGap = Math.max(0, check.scenes.need - check.scenes.have)
  const constrainedNeeded = Math.max(0, check.constrainedScenes.need - check.constrainedScenes.have)
  // A 约束性 scene raised to the level also counts as a scene: the scenes still to raise are
  // at least the 约束性 ones.
  const scenesNeeded = Math.max(sceneGap, constrainedNeeded)
  const parts: string[] = []
  if (scoreGapMilli > 0) parts.push(`总分还差 ${formatMilli(scoreGapMilli)} 分`)
  if (scenesNeeded > 0) {
    let s = `还需 ${scenesNeeded} 个场景达到${name}`
    if (constrainedNeeded > 0) s += `，其中 ${constrainedNeeded} 个约束性场景`
    parts.push(s)
  }
  const text = parts.length ? `距${name}：${parts.join('；')}` : `已满足${name}的全部条件`
  return {
    level: check.level,
    scoreGap: fromMilli(scoreGapMilli),
    scenesNeeded,
    constrainedNeeded,
    text,
  }
}

export function determineLevel(
  profile: RuleProfile,
  totalMilli: number,
  counts: SceneCounts,
): LevelDecision {
  const rules = [...profile.rules].sort((a, b) => b.level - a.level)
  const checks = rules.map((r) => checkRung(r, totalMilli, counts))
  const met = checks.find((c) => c.met)
  const level: OverallLevel = met ? met.level : 0
  const above = checks.filter((c) => c.level > level).sort((a, b) => a.level - b.level)[0]
  return { level, checks, next: above ? gapFor(above, totalMilli) : null }
}
