/**
 * Contract schemas for reference data pulled from the city's central service (issue 5): the
 * assessor's assignments and the rule profiles the central service publishes ('sync.pull',
 * 'sync.assignments', 'references.*'). See shared/domain/reference for the signed profile format.
 */
import { z } from 'zod'
import { Base64 } from './common'

export const StoredAssignment = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string().nullable(),
  county: z.string().nullable(),
  industry: z.string().nullable(),
  batch: z.int().nullable(),
  kind: z.string().nullable(),
  /** When this list was pulled from the central service (ISO-8601 UTC). */
  fetchedAt: z.string(),
})
/** The assignments as last pulled (stored on this device; no network). */
export const StoredAssignmentList = z.object({
  /** null = never pulled */
  fetchedAt: z.string().nullable(),
  items: z.array(StoredAssignment),
})

/** A signed rule profile that was not taken, and why (the field is named). */
export const RuleProfileRefusal = z.object({
  /** The profile id when readable, otherwise its position (`published.3`) or the file name */
  id: z.string(),
  field: z.string(),
  message: z.string(),
})

/** What a pull did with the signed documents of one kind. */
export const PulledDocuments = z.object({
  /** newly stored */
  stored: z.array(z.string()),
  /** already stored with the same content */
  present: z.array(z.string()),
  refused: z.array(RuleProfileRefusal),
})

export const SyncPullResult = z.object({
  fetchedAt: z.string(),
  assignments: z.int(),
  ruleProfiles: PulledDocuments,
  /** Measures libraries (措施库) published by the city (issue 13). */
  measures: PulledDocuments,
  /** 小快轻准 product catalogues published by the city (issue 13). */
  products: PulledDocuments,
})

export const RuleProfileSource = z.enum(['built-in', 'central', 'file'])
export const RuleProfileEntry = z.object({
  id: z.string(),
  catalogueId: z.string(),
  title: z.string(),
  version: z.string(),
  source: RuleProfileSource,
  /** ruleProfileHash(profile) */
  profileSha256: z.string(),
  /** Published profiles: when the central service published it; null for built-ins */
  publishedAt: z.string().nullable(),
  /** Published profiles: when this device received it; null for built-ins */
  receivedAt: z.string().nullable(),
  /** Levels 4..1 with their thresholds, for display */
  rules: z.array(
    z.object({
      level: z.int(),
      minScore: z.number(),
      minScenes: z.int(),
      minConstrainedScenes: z.int(),
    }),
  ),
})
export type RuleProfileEntry = z.infer<typeof RuleProfileEntry>
export const RuleProfileEntryList = z.object({ items: z.array(RuleProfileEntry) })

export const ImportRuleProfileInput = z.object({
  fileName: z.string().min(1, '文件名不能为空'),
  contentBase64: Base64,
})
export const ImportRuleProfileResult = z.object({
  /** 'present': exactly this profile was already stored (nothing changed) */
  status: z.enum(['stored', 'present']),
  profile: RuleProfileEntry,
})
