/** The 验收评价 chapters. */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import type { AcceptanceReportModel } from '../../../../shared/domain/report/types'
import { conditionsTable, evidenceSection, levelBox, radarBlock, sceneTable } from './blocks'
import { base } from './chrome'
import { cover } from './cover'
import { coverSignatureBox, signatureSection } from './signature-block'
import { COLORS, type DocAssets, h1, h2, keyValueTable, table, td } from './theme'
import { dossierSection, panelSection } from './acceptance-sections'
import { authorOf } from './metadata'

export function acceptanceDocDefinition(
  model: AcceptanceReportModel,
  assets: DocAssets,
): TDocumentDefinitions {
  const h = model.header
  const content: Content[] = [
    ...cover(
      h,
      [
        { label: '企业名称', value: h.enterpriseName },
        ...model.enterprise.filter((r) => ['试点行业', '所在县区', '试点批次'].includes(r.label)),
        { label: '改造前诊断', value: diagnosisCitation(model) },
        { label: '验收评测', value: model.after.assessedOn },
        { label: '出具日期', value: h.issuedOn },
      ],
      [
        { label: '验收总分', value: `${model.after.level.total} / 100` },
        { label: '验收等级', value: model.after.level.name },
        verdictHeadline(model),
      ],
      coverSignatureBox(h, model.signatories, assets.signature ?? null),
    ),
    h1('一、企业基本情况'),
    keyValueTable(model.enterprise),
    h1('二、验收结论'),
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                {
                  text: [
                    { text: '验收结论：', fontSize: 11 },
                    {
                      text: verdictHeadline(model).value,
                      fontSize: 18,
                      bold: true,
                      color: verdictHeadline(model).color,
                    },
                    {
                      text: `\u3000（目标：${model.verdict.target}）`,
                      fontSize: 10,
                      color: COLORS.muted,
                    },
                  ],
                },
                { text: model.verdict.text, fontSize: 10.5, margin: [0, 6, 0, 0] },
              ],
            },
          ],
        ],
      },
      layout: 'dlBox',
    } as Content,
    h2('改造前诊断（已签名）'),
    keyValueTable([
      { label: '诊断报告编号', value: model.diagnosis?.reportNumber ?? '（签名包未载报告编号）' },
      { label: '诊断评测日期', value: model.before.assessedOn },
      {
        label: '签名包摘要',
        value: model.diagnosis ? model.diagnosis.manifestSha256 : '（未引用已签名的诊断）',
      },
      {
        label: '签名',
        value: model.diagnosis
          ? `${model.diagnosis.signedOn}（密钥 ${model.diagnosis.signerKeyShort}）`
          : '—',
      },
    ]),
    h1('三、改造前后对比'),
    radarBlock(
      assets.radarSvg,
      model.after.dimensions.map((d, i) => ({
        name: d.name,
        cells: [`${model.before.dimensions[i]?.percent ?? 0}%`, `${d.percent}%`],
      })),
      ['维度', '改造前', '验收'],
    ),
    h2('（一）得分与等级'),
    table(
      ['*', 80, 80, 70],
      ['项目', model.before.reportLabel, model.after.reportLabel, '变化'],
      model.comparison.map((c) => [
        td(c.label),
        td(c.before, { alignment: 'center' }),
        td(c.after, { alignment: 'center', bold: true }),
        td(c.delta, {
          alignment: 'center',
          color: c.improved === null ? COLORS.ink : c.improved ? COLORS.good : COLORS.bad,
        }),
      ]),
    ),
    h2('（二）等级变化的场景'),
    model.sceneMoves.length === 0
      ? { text: '各场景等级均无变化。', style: 'td' }
      : table(
          [34, '*', 60, 60, 50],
          ['编号', '场景', '改造前', '验收', '变化'],
          model.sceneMoves.map((m) => [
            td(m.sceneId),
            td(m.constrained ? { text: [m.name, { text: ' ●', color: COLORS.accent }] } : m.name),
            td(m.beforeName, { alignment: 'center' }),
            td(m.afterName, { alignment: 'center', bold: true }),
            td(m.delta > 0 ? `+${m.delta} 级` : `${m.delta} 级`, {
              alignment: 'center',
              color: m.delta > 0 ? COLORS.good : COLORS.bad,
            }),
          ]),
        ),
    h2('（三）验收时各场景等级'),
    sceneTable(model.scenes),
    { text: '● 为约束性场景。', style: 'note' },
    h2('（四）验收等级与差距'),
    levelBox(model.after.level, '验收数字化水平'),
    conditionsTable(model.after.level),
    ...(model.panel ? panelSection(model.panel) : []),
    h1('四、奖补资金测算'),
    keyValueTable([
      { label: '政策依据', value: model.subsidy.policy },
      { label: '试点批次', value: model.subsidy.batch },
      { label: '实际投入', value: model.subsidy.investment },
      { label: '测算合计', value: model.subsidy.total },
    ]),
    { text: '', margin: [0, 4, 0, 0] },
    table(
      [110, 90, '*'],
      ['项目', '测算金额', '说明'],
      [
        ...model.subsidy.lines.map((l) => [
          td(l.label),
          td(l.amount, { alignment: 'right', bold: true }),
          td(l.note),
        ]),
        [
          td('合计', { bold: true }),
          td(model.subsidy.total, { alignment: 'right', bold: true, color: COLORS.navy }),
          td(''),
        ],
      ],
    ),
    h2('测算过程（逐条规则，★ 为封顶生效）'),
    table(
      [22, '*', 80],
      ['序', '规则与计算', '金额'],
      model.subsidy.rules.map((r, i) => [
        td(String(i + 1), { alignment: 'center' }),
        td(
          r.capHit
            ? { text: [r.text, { text: ' ★ 封顶', bold: true, color: COLORS.bad }] }
            : r.text,
        ),
        td(r.amount, {
          alignment: 'right',
          bold: r.capHit,
          color: r.capHit ? COLORS.bad : COLORS.ink,
        }),
      ]),
    ),
    ...(model.subsidy.steps.length
      ? [
          {
            ul: model.subsidy.steps.map((s) => ({ text: s, style: 'td' })),
            margin: [0, 6, 0, 0],
          } as Content,
        ]
      : []),
    { text: model.subsidy.note, style: 'note' },
    ...(model.dossier ? dossierSection(model.dossier) : []),
    h1(model.dossier ? '六、佐证材料清单' : '五、佐证材料清单'),
    ...evidenceSection(model.evidence),
    h1(model.dossier ? '七、签章' : '六、签章'),
    ...signatureSection(h, model.signatories, assets.signature ?? null),
  ]
  return base(h, '数字化改造验收评价', content, assets.files ?? [], authorOf(model.signatories))
}

/** 「改造前诊断」 on the cover: report number and manifest SHA-256 (first 16 hex). */
function diagnosisCitation(model: AcceptanceReportModel): string {
  const d = model.diagnosis
  if (!d) return `${model.before.assessedOn}（未引用已签名的诊断）`
  return `${d.reportNumber ?? '—'}（${model.before.assessedOn}，签名包 ${d.manifestSha256.slice(0, 16)}…）`
}

function verdictHeadline(model: AcceptanceReportModel): {
  label: string
  value: string
  color: string
} {
  if (!model.header.formal) return { label: '验收结论', value: '草稿', color: COLORS.muted }
  return model.verdict.passed
    ? { label: '验收结论', value: '达标', color: COLORS.good }
    : { label: '验收结论', value: '未达标', color: COLORS.bad }
}
