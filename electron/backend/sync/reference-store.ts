/**
 * Rule profiles published by the city's central service, kept on this device (issue 5:
 * "pull of … rule-profile updates"): each signed profile is checked against the server key
 * pinned at set-up (sync.json) before it is stored, and the stored ones make up the registry
 * that every parser and scorer of this backend uses (ctx.registry()).
 *
 * Published profiles are immutable: the same id with the same hash again is a no-op, the same
 * id with another content is refused (a changed rule must be published under a new id).
 */
import type { Kysely } from 'kysely'
import { fromBase64 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import {
  BUILT_IN,
  checkRuleProfile,
  checkSignedRuleProfile,
  withRuleProfiles,
  type ReferenceRegistry,
  type SignedRuleProfile,
} from '../../../shared/domain/reference'
import { verifySignature } from '../crypto/node-crypto'
import type { DB } from '../db/schema'
import type { ReferenceRuleProfileRow } from '../db/tables/references'
import type { Executor } from '../db/tx'

/** Why one profile was not taken: the field named as in checkSignedRuleProfile. */
export interface Refusal {
  /** The profile id when it could be read, else `published.<index>` / the file name */
  id: string
  field: string
  message: string
}

export type StoreOutcome =
  | { status: 'stored' | 'present'; id: string; profileSha256: string }
  | ({ status: 'refused' } & Refusal)

/**
 * Checks one signed profile from anywhere: shape, the pinned server key, the signature over
 * the canonical body bytes, the profile against its catalogue, its hash, and that its id is not
 * one of this build's built-in profiles.
 */
export function verifySignedProfile(
  raw: unknown,
  serverKey: PublicKeyInfo,
  base: ReferenceRegistry = BUILT_IN,
): { ok: true; value: SignedRuleProfile } | { ok: false; field: string; message: string } {
  const c = checkSignedRuleProfile(raw, {
    serverKeyId: serverKey.keyId,
    verify: (body, signature) => {
      if (signature.algorithm !== serverKey.algorithm) return false
      const sig = fromBase64(signature.signature)
      return !!sig && verifySignature(serverKey, canonicalBytes(body), sig)
    },
    catalogueOf: base.catalogue,
  })
  if (!c.ok) return c
  if (BUILT_IN.ruleProfile(c.value.body.profile.id))
    return {
      ok: false,
      field: 'body.profile.id',
      message: `'${c.value.body.profile.id}' is a built-in rule profile of this app`,
    }
  return c
}

/** The id a refusal names: the profile's id when it can be read. */
export function idOf(raw: unknown, fallback: string): string {
  const id = (raw as { body?: { profile?: { id?: unknown } } } | null)?.body?.profile?.id
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : fallback
}

/**
 * Stores a verified profile (inside the caller's transaction): 'stored' when new, 'present'
 * when exactly this content is already stored, 'refused' when the id is taken by other content.
 */
export async function storeVerified(
  db: Executor,
  p: SignedRuleProfile,
  source: 'central' | 'file',
  receivedAt: string,
): Promise<StoreOutcome> {
  const { profile, profileSha256, publishedAt } = p.body
  const have = await db
    .selectFrom('referenceRuleProfiles')
    .select(['profileSha256', 'publishedAt'])
    .where('id', '=', profile.id)
    .executeTakeFirst()
  if (have) {
    if (have.profileSha256 === profileSha256)
      return { status: 'present', id: profile.id, profileSha256 }
    return {
      status: 'refused',
      id: profile.id,
      field: 'body.profile.id',
      message: `'${profile.id}' is already stored with other content (${have.profileSha256.slice(0, 12)}…, published ${have.publishedAt}); published rule profiles are immutable, a changed rule needs a new id`,
    }
  }
  await db
    .insertInto('referenceRuleProfiles')
    .values({
      id: profile.id,
      catalogueId: profile.catalogueId,
      profileSha256,
      publishedAt,
      bodyJson: JSON.stringify(p.body),
      signatureJson: JSON.stringify(p.signature),
      receivedAt,
      source,
    })
    .execute()
  return { status: 'stored', id: profile.id, profileSha256 }
}

export async function storedProfiles(db: Executor): Promise<ReferenceRuleProfileRow[]> {
  return db.selectFrom('referenceRuleProfiles').selectAll().orderBy('id').execute()
}

/**
 * The registry of this device: the built-ins plus every stored profile. A stored profile that no
 * longer fits this build (its id became a built-in, its catalogue is gone) is left out and
 * reported through `log`; it stays stored.
 */
export async function loadRegistry(
  db: Kysely<DB>,
  log: (message: string, error: unknown) => void = () => undefined,
): Promise<ReferenceRegistry> {
  let reg = BUILT_IN
  for (const r of await storedProfiles(db)) {
    try {
      const body = JSON.parse(r.bodyJson) as { profile?: unknown }
      reg = withRuleProfiles([body.profile], reg)
    } catch (e) {
      log(`[references] stored rule profile '${r.id}' is not usable with this app:`, e)
    }
  }
  return reg
}

/**
 * Outside this app's database (the `verify` CLI): the built-ins plus rule profiles given as
 * files exported by the central service (`export-rule-profile`). With `serverKey` each file's
 * signature is checked like a pulled one; without it only the profile itself (shape, catalogue,
 * hash as signed). Throws naming the file and the field.
 */
export function registryFromSignedFiles(
  files: readonly { name: string; text: string }[],
  serverKey?: PublicKeyInfo,
): ReferenceRegistry {
  let reg = BUILT_IN
  for (const f of files) {
    let raw: unknown
    try {
      raw = JSON.parse(f.text.replace(/^\uFEFF/, ''))
    } catch {
      throw new Error(`${f.name}: not valid JSON`)
    }
    let profile: unknown
    if (serverKey) {
      const c = verifySignedProfile(raw, serverKey)
      if (!c.ok) throw new Error(`${f.name}: ${c.field}: ${c.message}`)
      profile = c.value.body.profile
    } else {
      const body = (raw as { body?: { profile?: unknown; profileSha256?: unknown } } | null)?.body
      if (!body) throw new Error(`${f.name}: body: missing (not a signed rule profile file)`)
      const c = checkRuleProfile(body.profile, BUILT_IN.catalogue)
      if (!c.ok) throw new Error(`${f.name}: body.profile.${c.field}: ${c.message}`)
      if (c.hash !== body.profileSha256)
        throw new Error(`${f.name}: body.profileSha256: does not match the profile`)
      profile = c.profile
    }
    try {
      reg = withRuleProfiles([profile], reg)
    } catch (e) {
      throw new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return reg
}
