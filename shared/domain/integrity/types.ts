/**
 * Integrity signals (issue 16 §2): hints for the pilot office's reviewers that a signed result
 * may not reflect a real site visit. A signal explains itself (a Chinese summary and the facts it
 * rests on) and names the records it is about; it never changes a result, and only a reviewer
 * clears it, with a reason.
 */
import type { TimelineEvent } from '../bundle/types'

export const SIGNAL_TYPES = [
  'duplicate-evidence',
  'similar-text',
  'rapid-judging',
  'no-site-record',
  'overlapping-visits',
  'threshold-clustering',
  'photo-outside-visit',
] as const
export type SignalType = (typeof SIGNAL_TYPES)[number]

export const SIGNAL_LABELS: Record<SignalType, string> = {
  'duplicate-evidence': '同一佐证文件出现在多家企业',
  'similar-text': '诊断文字在多家企业间高度雷同',
  'rapid-judging': '评测过程异常：短时间内判定大量条目',
  'no-site-record': '评测过程异常：无佐证材料或现场调研记录',
  'overlapping-visits': '同一评测人员同时段在两家企业记录',
  'threshold-clustering': '评测人员总分集中于等级门槛之上',
  'photo-outside-visit': '照片拍摄时间不在现场调研日期内',
}

/** One current signed record (the head version of a record), as the detectors see it. */
export interface SignalRecord {
  bundleId: string
  recordId: string
  version: number
  /** The enterprise: its 统一社会信用代码, or `name:<name>` without one. */
  enterpriseKey: string
  enterpriseName: string
  kind: 'diagnosis' | 'acceptance' | 'recheck'
  /** Signing key. */
  assessorKeyId: string
  /** Who the assessor is across devices: registered name + agency (see the loader). */
  assessorIdentity: string
  /** For display: 王敏（某服务商）. */
  assessorLabel: string
  /** Total score in milli-points and the level reached. */
  totalMilli: number
  level: number
  /** The score thresholds (milli-points) of levels 1…4 under the record's rule profile. */
  levelThresholdsMilli: number[]
  assessedOn: string | null
  /** 现场调研记录; null when the assessment has none. */
  survey: { date: string; people: number; observations: string } | null
  /** Per-item notes (item id → text). */
  notes: Record<string, string>
  /**
   * The 诊断建议 findings and plan text (manifest.advice, issue 13; shared/domain/advice
   * adviceText), '' or absent for bundles without one.
   */
  adviceText?: string
  evidence: { sha256: string; size: number; itemId: string | null; name: string; mime: string }[]
  /** manifest.timeline; null for bundles signed without one. */
  timeline: TimelineEvent[] | null
  /** Capture times (EXIF DateTimeOriginal, camera wall clock 'YYYY-MM-DD HH:MM:SS') by SHA-256. */
  photoCaptures: Record<string, string>
}

/** A record a signal is about, for the console's links. */
export interface SignalRef {
  bundleId: string
  enterpriseKey: string
  enterpriseName: string
}

export interface IntegritySignal {
  type: SignalType
  /**
   * Stable fingerprint of what was found (type + records + the evidence of it): the same finding
   * gets the same key in every run, on every instance; a changed finding is a new key.
   */
  key: string
  /** Chinese, one or two sentences, naming what was seen and where. */
  summary: string
  refs: SignalRef[]
  /** The facts it rests on (hashes, similarity, times, counts, thresholds used). */
  facts: Record<string, unknown>
}
