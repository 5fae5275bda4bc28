/**
 * The indicator catalogue as data (design.md §4). A catalogue is versioned and identified by a
 * content hash (SHA-256 of its canonical JSON); every assessment pins `id` + `hash`.
 * Scores are given in points as decimals in the data (e.g. 1.875); scoring converts them to
 * integer milli-points so that arithmetic is exact.
 */

/** Ids of the scored dimensions. D2 (数字化经营) is judged by scene level, not scored. */
export type ScoredDimensionId = 'D1' | 'D3' | 'D4'
export type DimensionId = ScoredDimensionId | 'D2'

export type QuestionType = 'single' | 'multi'

export interface CatalogueOption {
  /** Option key exactly as in the reference: 'A', 'B', … */
  key: string
  /** Verbatim option text. */
  text: string
  /** Points, a decimal that is exact in thousandths. */
  score: number
  /** 「无」: selecting it excludes every other option. */
  exclusive?: boolean
}

/** A data-entry field shown with a question (e.g. 其中生产设备数量为（台）). */
export interface CatalogueFormField {
  /** Stable id within the question: 'f1', 'f2', … */
  id: string
  /** Verbatim label. */
  label: string
  kind: 'number' | 'text'
  unit?: string
}

export interface CatalogueQuestion {
  /** 'Q01' … 'Q15' */
  id: string
  dimension: ScoredDimensionId
  /** Secondary indicator id, e.g. 'D1.1' */
  secondary: string
  /** Tertiary indicator, e.g. { id: 'D1.1.1', name: '网络建设' } */
  tertiary: { id: string; name: string }
  /** Verbatim question text (评测内容). */
  text: string
  type: QuestionType
  /** Maximum points of the item. */
  maxScore: number
  /** Verbatim definition shown with the question, when the source has one. */
  definition?: string
  options: CatalogueOption[]
  formFields: CatalogueFormField[]
  /** Suggested evidence (佐证材料), third-party and not official. */
  evidenceSuggestions: string[]
}

export interface CatalogueSecondary {
  /** 'D1.1' */
  id: string
  name: string
  nameEn: string
  maxScore: number
}

export interface CatalogueDimension {
  id: DimensionId
  name: string
  nameEn: string
  mode: 'scored' | 'scene_level'
  /** null for D2 */
  maxScore: number | null
  secondaries: CatalogueSecondary[]
}

export interface CatalogueSceneGroup {
  /** 'D2.1' … 'D2.4' */
  id: string
  name: string
  nameEn: string
}

export interface CatalogueScene {
  /** 'SC01' … 'SC16' */
  id: string
  /** 产品设计 … */
  name: string
  nameEn: string
  group: string
  /** Verbatim level descriptions for 一级, 二级, 三级, 四级 (index 0 = 一级). */
  levels: [string, string, string, string]
  /** The platform's 约束性 flag (sceneType=1). The rule profile decides what counts. */
  platformConstrained: boolean
}

export interface Catalogue {
  /** 'MIIT-2024' */
  id: string
  title: string
  issuedWith: string
  version: string
  dimensions: CatalogueDimension[]
  sceneGroups: CatalogueSceneGroup[]
  questions: CatalogueQuestion[]
  scenes: CatalogueScene[]
}

/** A catalogue with its content hash (hex SHA-256 of the canonical JSON of `Catalogue`). */
export interface PinnedCatalogue {
  catalogue: Catalogue
  hash: string
  /**
   * Hashes of earlier editions of the same catalogue whose every scored and displayed text,
   * option, score, level and flag is identical to this one (they differed only in data that
   * was never part of the assessment, e.g. editorial notes). Assessments, files and bundles that
   * pinned one of them stay valid (isCatalogueHash).
   */
  formerHashes?: readonly string[]
}
