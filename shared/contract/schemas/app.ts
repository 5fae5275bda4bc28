import { z } from 'zod'
import type { Catalogue } from '../../domain/catalogue/types'
import type { RuleProfile } from '../../domain/scoring/types'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  /** Applied migrations, newest last */
  schemaVersion: z.string(),
  catalogueId: z.string(),
  catalogueHash: z.string(),
  evidenceMaxBytes: z.int(),
  /** Database + evidence encrypted at rest (false only in the explicit test mode). */
  encrypted: z.boolean(),
  /** Where the key comes from: 'os-keystore' | 'passphrase' | 'raw' | 'none' */
  keySource: z.string(),
})

export const CatalogueData = z.custom<Catalogue>(
  (v) => isObject(v) && typeof v.id === 'string' && Array.isArray(v.questions),
  '指标目录格式不正确',
)
export const RuleProfileData = z.custom<RuleProfile>(
  (v) => isObject(v) && typeof v.id === 'string' && Array.isArray(v.rules),
  '规则配置格式不正确',
)
export const CatalogueInfo = z.object({
  catalogue: CatalogueData,
  hash: z.string(),
  ruleProfiles: z.array(RuleProfileData),
  defaultRuleProfileId: z.string(),
})
