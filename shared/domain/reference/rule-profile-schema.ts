/**
 * A rule profile given as data from outside the build (published by the city's central service,
 * pulled by the client): its shape, its checks against the catalogue it names, and its content
 * hash. Every problem names the field, e.g. `rules.1.minScore: must not exceed the rule above (80)`.
 */
import { z } from 'zod'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import type { PinnedCatalogue } from '../catalogue/types'
import type { RuleProfile } from '../scoring/types'

/** Ids a city may give its profiles: ASCII, no spaces or path separators, at most 64 chars. */
export const RULE_PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const points = z
  .number()
  .min(0)
  .max(100)
  .refine(
    (n) =>
      Number.isInteger(Math.round(n * 1000)) && Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-9,
    {
      message: 'at most 3 decimals',
    },
  )

const ruleShape = z.strictObject({
  level: z.union([z.literal(4), z.literal(3), z.literal(2), z.literal(1)]),
  minScore: points,
  minScenes: z.number().int().min(0),
  minConstrainedScenes: z.number().int().min(0),
})

export const ruleProfileShape = z.strictObject({
  id: z.string().regex(RULE_PROFILE_ID, 'letters, digits, . _ - only, at most 64'),
  catalogueId: z.string().min(1),
  title: z.string().trim().min(1).max(200),
  version: z.string().trim().min(1).max(40),
  rules: z.array(ruleShape).length(4),
  constrainedScenes: z.array(z.string()),
  note: z.string().max(2000).optional(),
  recheckTolerance: z.strictObject({ maxTotalDeviation: points }).optional(),
})

export type RuleProfileCheck =
  { ok: true; profile: RuleProfile; hash: string } | { ok: false; field: string; message: string }

/** hex SHA-256 of the RFC 8785 canonical JSON of the profile. */
export function ruleProfileHash(p: RuleProfile): string {
  return sha256Hex(canonicalJson(p))
}

/**
 * Checks a profile from outside: shape (unknown keys refused), rules from 四级 down to 一级 with
 * thresholds that never rise going down, scene counts within the catalogue, a 约束性 set of
 * distinct scene ids of that catalogue, and minConstrainedScenes ≤ minScenes and ≤ the set size.
 */
export function checkRuleProfile(
  raw: unknown,
  catalogueOf: (id: string) => PinnedCatalogue | undefined,
): RuleProfileCheck {
  const bad = (field: string, message: string): RuleProfileCheck => ({ ok: false, field, message })
  const r = ruleProfileShape.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    const path = i?.path.map(String).join('.') ?? ''
    if (i?.code === 'unrecognized_keys') {
      const key = i.keys[0] ?? ''
      return bad(path ? `${path}.${key}` : key, 'unknown field')
    }
    return bad(path || 'profile', i?.message ?? 'invalid')
  }
  const p = r.data
  const pinned = catalogueOf(p.catalogueId)
  if (!pinned) return bad('catalogueId', `unknown catalogue '${p.catalogueId}'`)
  const sceneIds = new Set(pinned.catalogue.scenes.map((s) => s.id))
  const seen = new Set<string>()
  for (const [i, s] of p.constrainedScenes.entries()) {
    if (!sceneIds.has(s))
      return bad(`constrainedScenes.${i}`, `'${s}' is not a scene of ${p.catalogueId}`)
    if (seen.has(s)) return bad(`constrainedScenes.${i}`, `'${s}' is listed twice`)
    seen.add(s)
  }
  for (const [i, rule] of p.rules.entries()) {
    const f = `rules.${i}`
    if (rule.level !== 4 - i)
      return bad(`${f}.level`, `rules go from 四级 down: expected ${4 - i}, got ${rule.level}`)
    if (rule.minScenes > sceneIds.size)
      return bad(
        `${f}.minScenes`,
        `${rule.minScenes} exceeds the ${sceneIds.size} scenes of ${p.catalogueId}`,
      )
    if (rule.minConstrainedScenes > rule.minScenes)
      return bad(
        `${f}.minConstrainedScenes`,
        `${rule.minConstrainedScenes} exceeds minScenes (${rule.minScenes})`,
      )
    if (rule.minConstrainedScenes > p.constrainedScenes.length)
      return bad(
        `${f}.minConstrainedScenes`,
        `${rule.minConstrainedScenes} exceeds the ${p.constrainedScenes.length} 约束性 scenes`,
      )
    const above = p.rules[i - 1]
    if (above) {
      if (rule.minScore > above.minScore)
        return bad(`${f}.minScore`, `must not exceed the rule above (${above.minScore})`)
      if (rule.minScenes > above.minScenes)
        return bad(`${f}.minScenes`, `must not exceed the rule above (${above.minScenes})`)
      if (rule.minConstrainedScenes > above.minConstrainedScenes)
        return bad(
          `${f}.minConstrainedScenes`,
          `must not exceed the rule above (${above.minConstrainedScenes})`,
        )
    }
  }
  const profile: RuleProfile = {
    id: p.id,
    catalogueId: p.catalogueId,
    title: p.title,
    version: p.version,
    rules: p.rules.map((x) => ({ ...x })),
    constrainedScenes: [...p.constrainedScenes],
  }
  if (p.note !== undefined) profile.note = p.note
  return { ok: true, profile, hash: ruleProfileHash(profile) }
}
