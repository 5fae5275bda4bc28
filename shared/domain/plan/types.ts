/**
 * 一企一策 (issue 13): the measures library (措施库) and the improvement plan, as pure data.
 *
 * A measures library holds, for every question option above the lowest one and for every scene
 * level step (0→1, 1→2, 2→3, 3→4), what an enterprise typically builds or changes to get there,
 * with indicative (参考) cost and duration and an effort weight. The planner (planner.ts) finds
 * the item changes with the least total effort that reach a target level.
 */
import type { SceneLevel } from '../scoring/types'

/** An inclusive range of whole numbers (元, weeks). */
export interface IntRange {
  min: number
  max: number
}

/** One library entry: what it takes to reach one question option or one scene level. */
export interface MeasureEntry {
  /** 'Q01' … 'Q15' or 'SC01' … 'SC16' */
  item: string
  /**
   * Questions: the option this entry reaches. Single choice: the step from the option just below
   * it (catalogue order); multi choice: having this option.
   */
  option?: string
  /** Scenes: the level this entry reaches (the step is level − 1 → level). */
  level?: 1 | 2 | 3 | 4
  /** Short name of the measure, e.g. 「车间工控网络建设」 */
  title: string
  /** What to build or change, concretely. */
  actions: string[]
  /** Typical system or product categories. */
  systems: string[]
  /** Data to collect (and keep as evidence). */
  data: string[]
  /** Indicative cost in 元 (参考值). */
  costYuan: IntRange
  /** Indicative duration in weeks (参考值). */
  weeks: IntRange
  /** Relative effort, a positive whole number; the planner minimises the sum. */
  effort: number
}

export interface MeasuresLibrary {
  /** e.g. 'MIIT-2024-measures-v1'; a city's own library gets its own id */
  id: string
  catalogueId: string
  title: string
  version: string
  /** Figures are indicative (参考值), never quotes; always true. */
  indicative: true
  /** Shown with every figure: where the figures come from and how to read them. */
  note: string
  entries: MeasureEntry[]
}

/** A library with its content hash (hex SHA-256 of its RFC 8785 canonical JSON). */
export interface PinnedMeasures {
  library: MeasuresLibrary
  hash: string
}

export type TargetLevel = 1 | 2 | 3 | 4

/** One change of one item: its complete value after the change. */
export interface PlanStep {
  item: string
  kind: 'question' | 'scene'
  /** Questions: the complete answer after the change. */
  answer?: string | string[]
  /** Scenes: the level after the change. */
  level?: SceneLevel
  /** The value before (null = unanswered / not judged). */
  before: string | string[] | SceneLevel | null
  /**
   * Questions: the options this step adds (multi) or passes through, in order, ending with the
   * answer (single). Scenes: absent.
   */
  options?: string[]
  /** Points the step adds (questions; 0 for scenes), exact. */
  gain: number
  /** Scenes: 约束性 under the rule profile. */
  constrained?: boolean
  /** Sum of the efforts of `measures`. */
  effort: number
  /** Sum of the indicative costs of `measures` (参考). */
  costYuan: IntRange
  /** Sum of the indicative durations of `measures` (参考; done one after another). */
  weeks: IntRange
  /** The library entries this step takes, in order (one per option or level step). */
  measures: MeasureEntry[]
}

/** A rule condition the plan cannot meet, and why. */
export interface PlanObstacle {
  condition: 'score' | 'scenes' | 'constrainedScenes'
  /** The most the plan can reach for this condition (points / scenes). */
  reachable: number
  need: number
  /** Chinese, one line: 「总分最多可达 38.5 分，二级需 40 分」 */
  text: string
}

export interface PlanScore {
  total: number
  level: 0 | 1 | 2 | 3 | 4
}

export interface ImprovementPlan {
  target: TargetLevel
  reachable: boolean
  /** The assessment as it is. */
  before: PlanScore
  /** Re-scored with every step applied (= before when unreachable or nothing to do). */
  after: PlanScore
  /** Questions first, then scenes, each in catalogue order. Empty when unreachable. */
  steps: PlanStep[]
  effort: number
  costYuan: IntRange
  /** Why the target cannot be reached (empty when reachable). */
  obstacles: PlanObstacle[]
  /** Items the plan was told to leave as they are. */
  excluded: string[]
  /** The assessment has unanswered questions or unjudged scenes (planned from 0). */
  provisional: boolean
  ruleProfileId: string
  measures: { id: string; version: string; hash: string }
}
