/**
 * The Hebi 2024 acceptance dossier template (一企一档). Hebi's own list of acceptance materials is
 * not in the pilot plan; this template is reconstructed from the city practice collected in
 * reference/indicators-2024.md §6.2 (昆明 application materials S15, 厦门 checks S14, the pilot
 * 一体化平台 S11) and the plan's own requirements (§8 diagnosis report, §14 authenticity, §15
 * acceptance by the 2024 indicators, §17 eligible spending). A city that differs issues a new
 * version of the template; it is data, not code.
 */
import type { DossierTemplate } from './types'

export const HEBI_2024_DOSSIER_TEMPLATE: DossierTemplate = {
  id: 'Hebi-2024-dossier',
  version: '1.0.0',
  title: '鹤壁市中小企业数字化转型试点企业验收档案（一企一档）',
  policyId: 'Hebi-2024',
  passLevel: 2,
  items: [
    {
      id: 'retrofit_contract',
      title: '企业数字化改造合同',
      mandatory: true,
      description:
        '企业与服务商签订的数字化改造合同，载明改造内容、金额与期限；验收时核查其真实性与合理性。',
      source: '参考资料 §6.2：昆明验收材料第4项；厦门验收核查第3项；试点一体化平台“项目备案”',
    },
    {
      id: 'invoices_payments',
      title: '改造发票及付款证明',
      mandatory: true,
      description: '投入清单中每张发票及其付款凭证（银行回单等），与投入清单逐行对应。',
      source: '参考资料 §6.2：昆明验收材料第5项；试点一体化平台“发票与付款凭证”',
    },
    {
      id: 'investment_list',
      title: '投入清单明细表',
      mandatory: true,
      description:
        '逐张发票列明开票日期、供应商、金额与支出类别，区分可补助与不可补助支出（实施方案第17条）。',
      source: '参考资料 §6.2：试点一体化平台“申请验收：投入清单明细表”；实施方案第17、19条',
    },
    {
      id: 'project_summary',
      title: '数字化改造项目总结报告',
      mandatory: true,
      description: '企业与服务商编写的改造项目总结：改造内容、实施过程、投入与成效。',
      source: '参考资料 §6.2：昆明验收材料第6项；厦门验收核查第1项',
    },
    {
      id: 'pre_assessment',
      title: '改造前评测（数字化诊断报告）',
      mandatory: true,
      description: '服务商出具的数字化转型诊断报告，评定改造前数字化水平等级。',
      source: '实施方案第8条；参考资料 §6.2：试点一体化平台“改造前自评测报告”',
    },
    {
      id: 'post_assessment',
      title: '改造后评测（验收评测）',
      mandatory: true,
      description: '改造完成后按《评测指标（2024年版）》现场评定的数字化水平及佐证材料。',
      source: '实施方案第15条；参考资料 §6.2：昆明验收材料第8项、试点一体化平台“改造后自评测报告”',
    },
    {
      id: 'provider_rating',
      title: '企业对服务商的评价',
      mandatory: true,
      description: '企业对服务商改造服务的满意度评价。',
      source: '参考资料 §5.1、§6.2：厦门验收核查第1项（企业对服务商的满意度评价）',
    },
    {
      id: 'authenticity_declaration',
      title: '申报资料真实性声明',
      mandatory: true,
      description: '企业对申报资料真实性的书面声明；弄虚作假的取消资格并追回奖补资金。',
      source: '实施方案第14条；参考资料 §6.2：试点一体化平台“申报资料真实性声明”',
    },
    {
      id: 'acceptance_application',
      title: '项目验收申请表',
      mandatory: false,
      description: '企业提交的验收申请（申请书/申请表）。',
      source: '参考资料 §6.2：昆明验收材料第2项；柳州《验收申请书》',
    },
    {
      id: 'financial_check',
      title: '项目验收财务核查表',
      mandatory: false,
      description: '对改造投入的财务核查记录。',
      source: '参考资料 §6.2：昆明验收材料第3项',
    },
    {
      id: 'outcome_evidence',
      title: '企业改造成效佐证材料',
      mandatory: false,
      description: '改造前后成效对比的佐证（能耗、质量、效率等数据与截图）。',
      source: '参考资料 §6.2：昆明验收材料第7项；试点一体化平台“改造前成效”',
    },
    {
      id: 'project_filing',
      title: '试点项目备案表',
      mandatory: false,
      description: '在城市平台立项或备案的记录（数字化改造备案表）。',
      source:
        '参考资料 §6.2：柳州《试点项目备案表》；试点一体化平台“数字化改造备案表”；西安项目合同备案',
    },
  ],
  ledgerCategories: [
    {
      id: 'software',
      label: '软件',
      eligible: true,
      basis: '实施方案第17条：保障与数字化改造相关的软件支出',
    },
    {
      id: 'cloud',
      label: '云服务',
      eligible: true,
      basis: '实施方案第17条：保障与数字化改造相关的云服务支出',
    },
    {
      id: 'data_equipment',
      label: '数据采集传输设备（网关、路由等）',
      eligible: true,
      basis: '实施方案第17条：网关、路由等必要的数据采集传输设备支出',
    },
    {
      id: 'consulting',
      label: '咨询诊断等服务',
      eligible: true,
      basis: '实施方案第17条：咨询诊断等服务支出',
    },
    {
      id: 'other',
      label: '其他',
      eligible: false,
      basis: '不属于实施方案第17条所列支出范围，不计入实际投入',
    },
  ],
  note: '依据参考资料 §6.2 所列城市验收实践与鹤壁实施方案整理；鹤壁市正式验收材料清单发布后应以新版本模板替换。',
}

export const DOSSIER_TEMPLATES: readonly DossierTemplate[] = [HEBI_2024_DOSSIER_TEMPLATE]

export function getDossierTemplate(id: string, version?: string): DossierTemplate | undefined {
  return DOSSIER_TEMPLATES.find(
    (t) => t.id === id && (version === undefined || t.version === version),
  )
}
