/** Strings of the 「从中心服务更新」 card (assignments, rule profiles), Chinese first. */
import { useLocale } from '../../i18n/locale.store'

const zh = {
  title: '任务分配与规则配置',
  pull: '从中心服务更新',
  pullHint:
    '从中心服务获取分配给本人的企业和中心发布的等级规则配置（规则配置经中心公钥验证后保存，离线可用）。',
  pulled: '已更新',
  assignmentsCount: '分配企业',
  profilesStored: '新规则配置',
  profilesPresent: '已有',
  refused: '未采用',
  assignments: '分配给本人的企业',
  updatedAt: '更新于',
  neverPulled: '尚未从中心服务更新',
  noAssignments: '没有分配的企业',
  enterprise: '企业',
  uscc: '统一社会信用代码',
  county: '县区',
  industry: '行业',
  batch: '批次',
  kind: '评测类型',
  ruleProfiles: '规则配置',
  importProfile: '从文件导入规则配置',
  importedProfile: '已导入规则配置',
  importPresent: '本机已有此规则配置（内容一致）',
  importFailed: '规则配置未导入',
  profile: '规则配置',
  source: '来源',
  builtIn: '内置',
  central: '中心服务',
  file: '文件导入',
  thresholds: '等级门槛（总分 / 场景数 / 约束性场景数）',
  publishedAt: '发布时间',
  hash: 'SHA-256',
} as const

export type ReferencesTextKey = keyof typeof zh

const en: Record<ReferencesTextKey, string> = {
  title: 'Assignments and rule profiles',
  pull: 'Update from central service',
  pullHint:
    'Fetches the enterprises assigned to you and the rule profiles the central service published (profiles are verified with the central key, then kept for offline use).',
  pulled: 'Updated',
  assignmentsCount: 'Assigned enterprises',
  profilesStored: 'New rule profiles',
  profilesPresent: 'Already here',
  refused: 'Refused',
  assignments: 'Enterprises assigned to me',
  updatedAt: 'Updated',
  neverPulled: 'Not yet updated from the central service',
  noAssignments: 'No assigned enterprises',
  enterprise: 'Enterprise',
  uscc: 'USCC',
  county: 'County',
  industry: 'Industry',
  batch: 'Batch',
  kind: 'Kind',
  ruleProfiles: 'Rule profiles',
  importProfile: 'Import rule profile from file',
  importedProfile: 'Rule profile imported',
  importPresent: 'This rule profile is already here (same content)',
  importFailed: 'Rule profile not imported',
  profile: 'Rule profile',
  source: 'Source',
  builtIn: 'Built-in',
  central: 'Central service',
  file: 'File',
  thresholds: 'Level thresholds (score / scenes / constrained scenes)',
  publishedAt: 'Published',
  hash: 'SHA-256',
}

export function useReferencesText(): (key: ReferencesTextKey) => string {
  const locale = useLocale((s) => s.locale)
  return (key) => (locale === 'en' ? en : zh)[key]
}
