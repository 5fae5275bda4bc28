export { BUILT_IN, withRuleProfiles, type ReferenceRegistry } from './registry'
export {
  RULE_PROFILE_ID,
  checkRuleProfile,
  ruleProfileHash,
  ruleProfileShape,
  type RuleProfileCheck,
} from './rule-profile-schema'
