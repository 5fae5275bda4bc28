/** Runs every integrity detector over the current records. Pure; never changes a record. */
import { duplicateEvidence } from './duplicate-evidence'
import { overlappingVisits } from './overlapping-visits'
import { photoOutsideVisit } from './photo-capture'
import { noSiteRecord, rapidJudging } from './process'
import { similarText } from './similar-text'
import { thresholdClustering } from './threshold-clustering'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

export function detectSignals(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  return [
    ...duplicateEvidence(records, t),
    ...similarText(records, t),
    ...rapidJudging(records, t),
    ...noSiteRecord(records),
    ...overlappingVisits(records, t),
    ...thresholdClustering(records, t),
    ...photoOutsideVisit(records, t),
  ]
}
