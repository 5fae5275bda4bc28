export {
  MIIT_2024_DEFAULT,
  MIIT_2024_S9,
  RULE_PROFILES,
  DEFAULT_RULE_PROFILE_ID,
  getRuleProfile,
  levelName,
} from './rule-profiles'
export { determineLevel, checkRung, gapFor, type LevelDecision } from './determine-level'
