/**
 * The expert panel of an acceptance review (验收评价, issue 6): who sits on it, what each expert
 * scored, where they diverge and how each item was settled. Pure data.
 */
import type {
  Answers,
  AssessmentResult,
  OverallLevel,
  SceneJudgements,
  SceneLevel,
} from '../scoring/types'

/** A panel member, identified by the id of the key that signs their bundle. */
export interface PanelMember {
  /** Key id of the member's signing key (unique within the panel). */
  keyId: string
  /** 姓名 */
  name: string
  /** 所属机构 */
  agency: string
}

/**
 * An acceptance review's panel. The lead (组长) settles what the rules cannot and signs the
 * consolidated result; the lead scores too only when also listed among `experts`.
 */
export interface PanelReview {
  lead: PanelMember
  /** The experts whose scorings are consolidated; at least one. */
  experts: PanelMember[]
}

/** One expert's independent scoring of the enterprise. */
export interface ExpertScoring {
  expertKeyId: string
  answers: Answers
  scenes: SceneJudgements
}

/** An item of the catalogue: a question (Q01…) or a scene (SC01…). */
export type ItemKind = 'question' | 'scene'

/** What one expert gave for an item; null = not answered / not judged. */
export type ItemValue = string | string[] | SceneLevel | null

export interface ExpertValue<V = ItemValue> {
  expertKeyId: string
  value: V
}

/**
 * How serious a divergence is:
 * - 'major': options differ, scene levels 2 or more apart, verdicts differ, or some experts left
 *   the item open while others did not — flagged for the panel (issue 6).
 * - 'minor': scene levels exactly 1 apart. Reported, so the 验收评价 can show it, but not
 *   flagged: a one-level difference is ordinary judgement spread and the median settles it.
 */
export type DivergenceSeverity = 'major' | 'minor'

export type Divergence =
  | {
      kind: 'question'
      itemId: string
      severity: 'major'
      values: ExpertValue<string | string[] | null>[]
      /** Chinese, one line, e.g. 「Q04 选项不一致：张三 B、C；李四 B」 */
      message: string
    }
  | {
      kind: 'scene'
      itemId: string
      severity: DivergenceSeverity
      values: ExpertValue<SceneLevel | null>[]
      /** max − min of the judged levels. */
      spread: number
      message: string
    }
  | {
      kind: 'level'
      itemId: 'level'
      severity: 'major'
      values: ExpertValue<OverallLevel>[]
      message: string
    }

/**
 * Consolidation rules (issue 6):
 * - 'majority' (questions): single choice — the value (an option, or unanswered) given by a strict
 *   majority of the panel; multi choice — each option is included when a strict majority of the
 *   panel chose it. No strict majority → the lead must decide.
 * - 'median' (scenes): the middle level; with an even panel the LOWER median (conservative: the
 *   panel never certifies more than half its experts saw).
 * - 'lead': the lead's decision, with a mandatory recorded reason.
 */
export type ConsolidationRule = 'majority' | 'median' | 'lead'

/** The lead's decision on one item. `value` null = leave unanswered / unjudged. */
export interface LeadDecision {
  itemId: string
  value: string | string[] | SceneLevel | null
  /** Mandatory, non-blank: why the lead decided so. */
  reason: string
}

export interface ConsolidatedItem {
  itemId: string
  kind: ItemKind
  rule: ConsolidationRule
  /** Every expert's value, in panel order. */
  values: ExpertValue[]
  /** The settled value; null = left open (all experts left it open) or unresolved. */
  consolidated: ItemValue
  /** Present for rule 'lead'. */
  reason?: string
  /** The divergence on this item, if any. */
  severity: DivergenceSeverity | null
  /** false when the rule found no answer and the lead has not decided. */
  resolved: boolean
  /** Chinese, how it was settled, e.g. 「3 位专家中 2 位选择 B，按多数确定」 */
  explanation: string
}

interface ConsolidationBase {
  /** Settled answers (only resolved, answered items). */
  answers: Answers
  /** Settled scene levels (only resolved, judged items). */
  scenes: SceneJudgements
  items: ConsolidatedItem[]
  divergences: Divergence[]
  /** Each expert's own result, in panel order, for the 验收评价's panel table. */
  expertResults: { expertKeyId: string; result: AssessmentResult }[]
}

/**
 * The consolidated result. When any item is unresolved the panel has no result yet
 * (`result` null) and `unresolved` lists the items the lead still has to decide.
 */
export type Consolidation =
  | (ConsolidationBase & { status: 'consolidated'; result: AssessmentResult; unresolved: [] })
  | (ConsolidationBase & { status: 'unresolved'; result: null; unresolved: string[] })
