/**
 * A rule profile published by the city's central service (issue 5 §3: "pull of … catalogue and
 * rule-profile updates"). The administrator publishes it with the central CLI; the server signs
 * the body with its receipt key; clients pin that key at set-up (sync.json), so a profile that
 * reaches an assessor — over the network or on a USB stick — is checked before it can decide a
 * level:
 *
 *   { body: { format: 'sme-dl-rule-profile/v1', profile, profileSha256, publishedAt,
 *             serverKeyId },
 *     signature: SignatureEnvelope over canonicalBytes(body) }
 *
 * Published profiles are immutable: a changed rule is a new id (e.g. Hebi-2024-xcl-v2), so an
 * assessment that names a profile always means the same thresholds. GET /v1/rule-profiles
 * answers `{ protocolVersion, builtIn: [{ id, hash }], published: SignedRuleProfile[] }`.
 */
import { z } from 'zod'
import { signatureEnvelopeSchema, sha256HexSchema } from '../bundle/schema'
import type { SignatureEnvelope } from '../bundle/types'
import type { PinnedCatalogue } from '../catalogue/types'
import type { RuleProfile } from '../scoring/types'
import { checkRuleProfile } from './rule-profile-schema'

export const RULE_PROFILE_FORMAT_V1 = 'sme-dl-rule-profile/v1'

export interface PublishedRuleProfileBody {
  format: typeof RULE_PROFILE_FORMAT_V1
  profile: RuleProfile
  /** ruleProfileHash(profile) */
  profileSha256: string
  publishedAt: string
  serverKeyId: string
}

export interface SignedRuleProfile {
  body: PublishedRuleProfileBody
  signature: SignatureEnvelope
}

export const signedRuleProfileSchema = z.strictObject({
  body: z.strictObject({
    format: z.literal(RULE_PROFILE_FORMAT_V1),
    profile: z.unknown(),
    profileSha256: sha256HexSchema,
    publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/),
    serverKeyId: sha256HexSchema,
  }),
  signature: signatureEnvelopeSchema,
})

export const ruleProfilesResponseSchema = z.object({
  protocolVersion: z.number().int(),
  builtIn: z.array(z.object({ id: z.string(), hash: sha256HexSchema })),
  published: z.array(z.unknown()),
})

export type PublishedCheck =
  { ok: true; value: SignedRuleProfile } | { ok: false; field: string; message: string }

/**
 * Checks a signed profile received from anywhere: shape, the pinned server key, the signature
 * (`verify` is the caller's crypto: Ed25519/SM2 over the canonical body bytes), the profile
 * itself against its catalogue, and that its hash is the one signed.
 */
export function checkSignedRuleProfile(
  raw: unknown,
  opts: {
    serverKeyId: string
    verify: (body: PublishedRuleProfileBody, signature: SignatureEnvelope) => boolean
    catalogueOf: (id: string) => PinnedCatalogue | undefined
  },
): PublishedCheck {
  const bad = (field: string, message: string): PublishedCheck => ({ ok: false, field, message })
  const s = signedRuleProfileSchema.safeParse(raw)
  if (!s.success) {
    const i = s.error.issues[0]
    return bad(i?.path.map(String).join('.') || 'ruleProfile', i?.message ?? 'invalid')
  }
  const { body, signature } = s.data
  if (signature.keyId !== opts.serverKeyId || body.serverKeyId !== opts.serverKeyId)
    return bad('signature.keyId', 'not signed by the pinned server key')
  const p = checkRuleProfile(body.profile, opts.catalogueOf)
  if (!p.ok) return bad(`body.profile.${p.field}`, p.message)
  const typed: PublishedRuleProfileBody = { ...body, profile: body.profile as RuleProfile }
  if (!opts.verify(typed, signature)) return bad('signature', 'server signature does not verify')
  if (p.hash !== body.profileSha256)
    return bad('body.profileSha256', 'does not match the profile (changed after signing?)')
  return { ok: true, value: { body: { ...typed, profile: p.profile }, signature } }
}
