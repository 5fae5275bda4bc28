/**
 * A failed bundle verification said for the user (issue 14): what is wrong in plain Chinese,
 * what to do, and the verifier's exact findings after 「详情：」 for whoever supports them.
 * The findings themselves (shared/domain/bundle/verify.ts) stay as they are: the CLI and the
 * tests read them.
 */

const RULES: readonly [RegExp, string][] = [
  [
    /not a readable zip|missing from the bundle|not valid JSON/,
    '文件不是完整的签名包（.dlbundle）',
  ],
  [
    /changed after signing|not the RFC 8785 canonical form|container bytes differ/,
    '签名包在签名后被改动过',
  ],
  [/signature does not verify|signature: not base64|differs from manifest assessorKey/, '签名无效'],
  [/not with the trusted key|not signed by the pinned/, '不是用预期的签名密钥签名的'],
  [/SHA-256 mismatch|size mismatch/, '其中的佐证文件在签名后被改动过'],
  [/: missing \(listed in manifest/, '缺少佐证文件'],
  [/extra file not listed/, '多了未登记的文件'],
  [
    /unknown catalogue|does not match the known/,
    '所用的评测指标版本本程序不认识，请先把本程序升级到最新版本',
  ],
  [/dossier/, '其中的一企一档清单与材料不符'],
  [/manifest\.json assessment/, '其中的评测内容不完整或无效'],
  [/already stored/, '本机已有同一编号但内容不同的签名包（签名包一经签名不可更改）'],
]

/** The distinct plain-Chinese findings, in the order of RULES. */
export function bundleProblemKinds(problems: readonly string[]): string[] {
  const kinds = RULES.filter(([re]) => problems.some((p) => re.test(p))).map(([, t]) => t)
  return kinds.length ? kinds : ['签名包内容与签名不符']
}

/** 「x.dlbundle」验证未通过：签名包在签名后被改动过。请…（详情：…） */
export function bundleProblemText(fileName: string, problems: readonly string[]): string {
  const name = fileName.replace(/\p{Cc}/gu, '_')
  return (
    `「${name}」验证未通过：${bundleProblemKinds(problems).join('；')}。` +
    '请向发送方重新索取原始的签名包文件（不要使用打开或修改过的副本）后再导入' +
    `（详情：${problems.join('；')}）`
  )
}
