/**
 * Where catalogues and rule profiles are looked up: the built-in ones of this build, plus rule
 * profiles published by the city's central service (pulled by the client, or stored by the
 * central service itself). Built-ins always win: a published profile can never redefine an id
 * this build knows. Every parser and scorer takes a registry; `BUILT_IN` is the default.
 */
import { CATALOGUES, getCatalogue } from '../catalogue'
import type { PinnedCatalogue } from '../catalogue/types'
import { RULE_PROFILES } from '../levels/rule-profiles'
import type { RuleProfile } from '../scoring/types'
import { checkRuleProfile } from './rule-profile-schema'

export interface ReferenceRegistry {
  catalogues(): readonly PinnedCatalogue[]
  catalogue(id: string): PinnedCatalogue | undefined
  ruleProfiles(): readonly RuleProfile[]
  ruleProfile(id: string): RuleProfile | undefined
}

export const BUILT_IN: ReferenceRegistry = {
  catalogues: () => CATALOGUES,
  catalogue: getCatalogue,
  ruleProfiles: () => RULE_PROFILES,
  ruleProfile: (id) => RULE_PROFILES.find((p) => p.id === id),
}

/**
 * The built-ins plus `extra` rule profiles. Each extra is checked again (checkRuleProfile);
 * one that fails, or whose id is already taken, throws naming it — a registry never holds a
 * profile that could not have been published.
 */
export function withRuleProfiles(
  extra: readonly unknown[],
  base: ReferenceRegistry = BUILT_IN,
): ReferenceRegistry {
  const added: RuleProfile[] = []
  for (const [i, raw] of extra.entries()) {
    const c = checkRuleProfile(raw, base.catalogue)
    if (!c.ok) throw new Error(`ruleProfiles.${i}.${c.field}: ${c.message}`)
    if (base.ruleProfile(c.profile.id) || added.some((p) => p.id === c.profile.id))
      throw new Error(`ruleProfiles.${i}.id: '${c.profile.id}' is already defined`)
    added.push(c.profile)
  }
  const all = [...base.ruleProfiles(), ...added]
  return {
    catalogues: base.catalogues,
    catalogue: base.catalogue,
    ruleProfiles: () => all,
    ruleProfile: (id) => all.find((p) => p.id === id),
  }
}
