export { BUILT_IN, withRuleProfiles, type ReferenceRegistry } from './registry'
export {
  RULE_PROFILE_ID,
  checkRuleProfile,
  ruleProfileHash,
  ruleProfileShape,
  type RuleProfileCheck,
} from './rule-profile-schema'
export {
  RULE_PROFILE_FORMAT_V1,
  checkSignedRuleProfile,
  ruleProfilesResponseSchema,
  signedRuleProfileSchema,
  type PublishedCheck,
  type PublishedRuleProfileBody,
  type SignedRuleProfile,
} from './published'
