/**
 * Thresholds of the integrity signals as versioned data (issue 16 §2). A city changes them by
 * issuing a new version; every signal records the thresholds it was computed with.
 */
export interface IntegrityThresholds {
  id: string
  version: string
  duplicateEvidence: {
    /** Evidence files smaller than this are ignored (icons, blank pages). */
    minBytes: number
  }
  similarText: {
    /** Texts shorter than this (normalised characters) are not compared. */
    minChars: number
    /** Trigram Jaccard similarity at or above which two enterprises' texts count as the same. */
    minSimilarity: number
  }
  rapidJudging: {
    /** This many distinct items (questions and scenes) judged … */
    minItems: number
    /** … within this many seconds. */
    windowSeconds: number
  }
  overlappingVisits: {
    /** Recording pauses longer than this end a visit session. */
    sessionGapMinutes: number
    /** Sessions at two enterprises must overlap at least this long. */
    minOverlapMinutes: number
  }
  thresholdClustering: {
    /** A total counts as "just above" a level threshold when it is at most this many points above. */
    marginPoints: number
    /** Only assessors with at least this many assessments are compared. */
    minAssessments: number
    /** The assessor's share of just-above totals must be at least this … */
    minShare: number
    /** … and at least this many times the share among all other assessors. */
    minRatioToOthers: number
  }
  photoOutsideVisit: {
    /** Days before/after the survey date a photo may have been taken. */
    toleranceDays: number
  }
}

export const HEBI_2024_INTEGRITY: IntegrityThresholds = {
  id: 'Hebi-2024-integrity',
  version: '1',
  duplicateEvidence: { minBytes: 1024 },
  similarText: { minChars: 40, minSimilarity: 0.8 },
  rapidJudging: { minItems: 20, windowSeconds: 60 },
  overlappingVisits: { sessionGapMinutes: 30, minOverlapMinutes: 5 },
  thresholdClustering: { marginPoints: 2, minAssessments: 8, minShare: 0.5, minRatioToOthers: 2 },
  photoOutsideVisit: { toleranceDays: 0 },
}
