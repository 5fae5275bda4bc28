export { formatYuan, formatBasisPoints, applyRateFloor, yuan } from '../money'
export {
  HEBI_2024,
  POLICY_PROFILES,
  getPolicyProfile,
  type PolicyProfile,
  type RetrofitRule,
  type DiagnosisRule,
  type BudgetLine,
} from './policy-profiles'
export {
  estimateSubsidy,
  type SubsidyInput,
  type SubsidyEstimate,
  type SubsidyStep,
} from './estimate-subsidy'
