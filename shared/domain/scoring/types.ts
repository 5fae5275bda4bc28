/**
 * What an assessment holds for scoring, and what scoring returns. Pure data.
 */
import type { ScoredDimensionId } from '../catalogue/types'

/** A scene's judged level: 0 = not even 一级, 1–4 = 一级–四级. */
export type SceneLevel = 0 | 1 | 2 | 3 | 4
/** Overall level: 0 = 无等级, 1–4 = 一级–四级. */
export type OverallLevel = 0 | 1 | 2 | 3 | 4

/**
 * Answers by question id. A single choice is one option key ('D'); a multi choice is a list of
 * keys (['B','C']). A missing key means unanswered.
 */
export type Answers = Record<string, string | string[]>
/** Scene judgements by scene id. A missing key means not yet judged. */
export type SceneJudgements = Record<string, SceneLevel>

/** One rung of the level ladder in a rule profile. */
export interface LevelRule {
  level: 1 | 2 | 3 | 4
  /** Minimum total of the scored part (基础+管理+成效), inclusive, in points. */
  minScore: number
  /** Minimum number of scenes judged at >= `level`. */
  minScenes: number
  /** Of those, minimum number that are 约束性. */
  minConstrainedScenes: number
}

/**
 * A rule profile: level thresholds and the 约束性 set, versioned data (not code) because a pilot
 * city may set them per 细分行业. `MIIT-2024-default` is design.md §4.
 */
export interface RuleProfile {
  id: string
  catalogueId: string
  title: string
  version: string
  /** Ordered from 四级 down; the first rule met wins. */
  rules: LevelRule[]
  /** Scene ids counted as 约束性. */
  constrainedScenes: string[]
  note?: string
  /**
   * 复核 tolerance (issue 11 item 11): a recheck is 「一致」 only when the level is the same, no
   * 约束性 scene dropped, and the total moved by at most `maxTotalDeviation` points. Absent: 0.
   */
  recheckTolerance?: { maxTotalDeviation: number }
}

export interface QuestionScore {
  id: string
  answered: boolean
  /** Points, exact (derived from integer milli-points). */
  score: number
  max: number
  selected: string[]
}

export interface SubtotalScore {
  id: string
  name: string
  score: number
  max: number
}

export interface SceneCounts {
  /** Number of scenes judged exactly at 0..4 (index = level). */
  byLevel: [number, number, number, number, number]
  /** atLeast[n] = scenes judged at >= n, for n = 1..4 (index 0 unused, = judged count). */
  atLeast: [number, number, number, number, number]
  /** Same, counting only 约束性 scenes. */
  constrainedAtLeast: [number, number, number, number, number]
  judged: number
  total: number
  constrainedTotal: number
}

/** Why a level rung is or is not met: each condition with what is there and what is needed. */
export interface LevelCheck {
  level: 1 | 2 | 3 | 4
  met: boolean
  score: { have: number; need: number; met: boolean }
  scenes: { have: number; need: number; met: boolean }
  constrainedScenes: { have: number; need: number; met: boolean }
}

/** The gap from the current level to the next one up, in numbers and in words. */
export interface NextLevelGap {
  level: 1 | 2 | 3 | 4
  /** Points still missing (0 when the score condition is met). */
  scoreGap: number
  /** Scenes that still have to reach `level` (0 when met). */
  scenesNeeded: number
  /** Of those, how many must be 约束性 scenes (0 when met). */
  constrainedNeeded: number
  /** e.g. 「距三级：总分还差 3.5 分；还需 2 个场景达到三级，其中 1 个约束性场景」 */
  text: string
}

export interface AssessmentResult {
  catalogueId: string
  catalogueHash: string
  ruleProfileId: string
  /** 基础+管理+成效, 0..100, exact. */
  total: number
  dimensions: Record<ScoredDimensionId, SubtotalScore>
  secondaries: SubtotalScore[]
  questions: QuestionScore[]
  scenes: SceneCounts
  level: OverallLevel
  /** 一级 … 四级, or 无等级 */
  levelName: string
  checks: LevelCheck[]
  /** null at 四级 */
  next: NextLevelGap | null
  /** true while any question or scene is unanswered: the level may still change. */
  provisional: boolean
  unanswered: { questions: string[]; scenes: string[] }
}
