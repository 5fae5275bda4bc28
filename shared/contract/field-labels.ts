/**
 * Chinese names of the contract's input fields, so a VALIDATION error reads 「组长 · 姓名不能为空」
 * instead of 「字段 lead.name：…」. Every field name of every input schema has a label here
 * (field-labels.test.ts walks the schemas); containers that add nothing (patch) are ''.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  address: '地址',
  agency: '所属机构',
  algorithm: '签名算法',
  amountFen: '金额',
  assessedOn: '评测日期',
  assessmentId: '评测',
  assessmentStatus: '评测状态',
  assessorAgency: '评测机构',
  assessorName: '评测人员姓名',
  batch: '试点批次',
  beforeAssessmentId: '改造前的诊断评测',
  beforeBundleId: '改造前的已签名诊断（签名包）',
  beforeId: '分页位置',
  bundleId: '签名包',
  category: '费用类别',
  certificate: '默认证书',
  code: '产品编号',
  contact: '联系人',
  contentBase64: '文件内容',
  county: '县区',
  currentPassphrase: '当前口令',
  date: '日期',
  diagnosisCostFen: '诊断费用',
  enqueue: '加入发送队列',
  enterpriseId: '企业',
  entity: '记录类型',
  entityId: '记录',
  exclude: '不考虑的项目',
  experts: '专家',
  fields: '填报项',
  fileIds: '材料文件',
  fileName: '文件名',
  force: '立即发送',
  id: '记录',
  includeSuperseded: '含已更正的版本',
  industry: '试点行业',
  investmentFen: '实际投入资金',
  invoiceFileId: '发票文件',
  invoiceNo: '发票号码',
  issuedOn: '报告日期',
  item: '改造项目',
  itemId: '评测项目',
  keyId: '签名密钥',
  kind: '类型',
  lead: '组长',
  level: '等级',
  limit: '每页条数',
  max: '上限',
  measureId: '改造措施',
  measuresId: '改造措施库',
  min: '下限',
  name: '姓名或名称',
  needs: '需求',
  newPassphrase: '新口令',
  note: '备注',
  observations: '现场观察',
  offset: '分页位置',
  order: '顺序',
  p12Base64: '证书文件',
  painPoints: '痛点问题',
  panelId: '专家组评审',
  passphrase: '口令',
  password: '证书密码',
  patch: '',
  path: '文件位置',
  paymentFileId: '付款凭证',
  pdf: '生成 PDF',
  people: '调研人员',
  phone: '电话',
  priceYuan: '参考价格',
  products: '产品',
  protection: '私钥保护方式',
  provider: '服务商',
  questionId: '题目',
  reason: '原因',
  recheckAssessmentId: '复核评测',
  reportNumber: '报告编号',
  role: '职务',
  ruleProfileId: '等级规则配置',
  sceneId: '场景',
  search: '搜索内容',
  selected: '所选选项',
  serverUrl: '中心服务地址',
  sha256: '文件校验值',
  sign: '签名证书',
  size: '企业规模',
  skipInvalid: '跳过有错误的行',
  sort: '排序',
  source: '来源',
  state: '状态',
  status: '状态',
  statusQuo: '现状',
  subIndustry: '细分行业',
  supplier: '供应商',
  survey: '现场调研记录',
  target: '目标等级',
  text: '措施内容',
  title: '措施名称',
  to: '改为',
  updatedAt: '修改时间',
  updates: '确认更新的企业',
  uscc: '统一社会信用代码',
  value: '取值',
  weeks: '工期（周）',
  zjtx: '专精特新',
}

/** Field names whose label is more exact under a given parent. */
const UNDER: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  lead: { name: '姓名', agency: '所属机构' },
  experts: { name: '姓名', agency: '所属机构' },
  people: { name: '姓名', agency: '单位' },
}
/** Containers whose items are counted (第 2 位专家). */
const COUNTED: Readonly<Record<string, string>> = {
  experts: '位专家',
  people: '位调研人员',
  updates: '家确认更新的企业',
  rows: '行',
}

/** The labels along a field path, e.g. ['experts', 0, 'keyId'] → ['第 1 位专家', '签名密钥']. */
export function fieldLabels(path: readonly PropertyKey[]): string[] {
  const out: string[] = []
  let parent = ''
  for (const [i, seg] of path.entries()) {
    if (typeof seg === 'number') {
      const counted = COUNTED[parent]
      if (counted) out[out.length - 1] = `第 ${seg + 1} ${counted}`
      else out.push(`第 ${seg + 1} 项`)
      continue
    }
    const key = String(seg)
    const label = UNDER[parent]?.[key] ?? FIELD_LABELS[key]
    if (label === undefined) out.push(i === 0 ? '输入' : key)
    else if (label !== '') out.push(label)
    parent = key
  }
  return out
}

/**
 * One line for a field's problem: the labels of the path, the last one left out when the
 * message already names it (「电话「abc」格式不正确」, not 「电话：电话…」).
 */
export function fieldMessage(path: readonly PropertyKey[], message: string): string {
  const labels = fieldLabels(path)
  const last = labels[labels.length - 1]
  const shown = last !== undefined && message.includes(last) ? labels.slice(0, -1) : labels
  return shown.length ? `${shown.join(' · ')}：${message}` : message
}
