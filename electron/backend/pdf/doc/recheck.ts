/** The 复核报告 chapters. */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import type { RecheckReportModel } from '../../../../shared/domain/report/types'
import { conditionsTable, evidenceSection, levelBox, radarBlock } from './blocks'
import { base } from './chrome'
import { cover } from './cover'
import { coverSignatureBox, signatureSection } from './signature-block'
import { COLORS, type DocAssets, h1, h2, keyValueTable, table, td } from './theme'
import { authorOf } from './metadata'

export function recheckDocDefinition(
  model: RecheckReportModel,
  assets: DocAssets,
): TDocumentDefinitions {
  const h = model.header
  const o = model.original
  const r = model.recheck
  const deltaColor = (improved: boolean | null): string =>
    improved === null ? COLORS.ink : improved ? COLORS.good : COLORS.bad
  const content: Content[] = [
    ...cover(
      h,
      [
        { label: '企业名称', value: h.enterpriseName },
        ...model.enterprise.filter((x) => ['试点行业', '所在县区', '试点批次'].includes(x.label)),
        {
          label: '原评测签名',
          value: `${model.signed.signedOn}（密钥 ${model.signed.signerKeyShort}）`,
        },
        { label: '复核日期', value: r.assessedOn },
        { label: '出具日期', value: h.issuedOn },
      ],
      [
        { label: '复核总分', value: `${r.level.total} / 100` },
        { label: '复核等级', value: r.level.name },
        {
          label: '复核结论',
          value: !h.formal ? '草稿' : model.consistent ? '一致' : '不一致',
          color: !h.formal ? COLORS.muted : model.consistent ? COLORS.good : COLORS.bad,
        },
      ],
      coverSignatureBox(h, model.signatories, assets.signature ?? null),
    ),
    h1('一、企业基本情况'),
    keyValueTable(model.enterprise),
    h1('二、复核结论'),
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                {
                  text: [
                    { text: '复核结论：', fontSize: 11 },
                    {
                      text: model.consistent ? '复核一致' : '复核不一致',
                      fontSize: 18,
                      bold: true,
                      color: model.consistent ? COLORS.good : COLORS.bad,
                    },
                    {
                      text: `\u3000（原评测 ${o.level.name} → 复核 ${r.level.name}）`,
                      fontSize: 10,
                      color: COLORS.muted,
                    },
                  ],
                },
                { text: model.conclusion, fontSize: 10.5, margin: [0, 6, 0, 0] },
                ...(model.deviations.length
                  ? [
                      {
                        ul: model.deviations.map((x) => ({ text: x, color: COLORS.bad })),
                        fontSize: 10,
                        margin: [0, 4, 0, 0],
                      },
                    ]
                  : []),
                { text: `判定标准：${model.tolerance}。`, style: 'note' },
              ],
            },
          ],
        ],
      },
      layout: 'dlBox',
    } as Content,
    h1('三、原评测与复核'),
    keyValueTable([
      { label: '原评测签名包', value: model.signed.bundleId },
      { label: '签名密钥', value: model.signed.signerKeyShort },
      { label: '签名日期', value: model.signed.signedOn },
      { label: '原评测日期', value: o.assessedOn },
      { label: '原评测人员', value: o.assessor },
      { label: '原评测等级', value: `${o.level.name}（总分 ${o.level.total}）` },
      { label: '复核人员', value: r.assessor },
      { label: '复核日期', value: r.assessedOn },
      { label: '复核等级', value: `${r.level.name}（总分 ${r.level.total}）` },
      { label: '签名包摘要', value: `${model.signed.manifestSha256.slice(0, 16)}…` },
    ]),
    { text: '', margin: [0, 6, 0, 0] },
    radarBlock(
      assets.radarSvg,
      r.dimensions.map((d, i) => ({
        name: d.name,
        cells: [`${o.dimensions[i]?.percent ?? 0}%`, `${d.percent}%`],
      })),
      ['维度', '原评测', '复核'],
    ),
    h2('（一）得分与等级'),
    table(
      ['*', 80, 80, 70],
      ['项目', '原评测', '复核', '变化'],
      model.comparison.map((c) => [
        td(c.label),
        td(c.before, { alignment: 'center' }),
        td(c.after, { alignment: 'center', bold: true }),
        td(c.delta, { alignment: 'center', color: deltaColor(c.improved) }),
      ]),
    ),
    h2('（二）复核调整的指标'),
    model.questionChanges.length === 0
      ? { text: '复核未调整任何指标的选项。', style: 'td' }
      : table(
          [34, 60, '*', '*', 44],
          ['编号', '指标', '原评测选项', '复核选项', '得分变化'],
          model.questionChanges.map((q) => [
            td(q.id),
            td(q.name),
            td(q.before.join('\n')),
            td(q.after.join('\n'), { bold: true }),
            td(q.scoreDelta, {
              alignment: 'center',
              color: deltaColor(q.delta === 0 ? null : q.delta > 0),
            }),
          ]),
        ),
    h2('（三）复核调整的场景'),
    model.sceneChanges.length === 0
      ? { text: '复核未调整任何场景的等级。', style: 'td' }
      : table(
          [34, '*', 60, 60, 50],
          ['编号', '场景', '原评测', '复核', '变化'],
          model.sceneChanges.map((m) => [
            td(m.sceneId),
            td(m.constrained ? { text: [m.name, { text: ' ●', color: COLORS.accent }] } : m.name),
            td(m.beforeName, { alignment: 'center' }),
            td(m.afterName, { alignment: 'center', bold: true }),
            td(m.delta > 0 ? `+${m.delta} 级` : m.delta === 0 ? '—' : `${m.delta} 级`, {
              alignment: 'center',
              color: deltaColor(m.delta === 0 ? null : m.delta > 0),
            }),
          ]),
        ),
    ...(model.sceneChanges.some((m) => m.constrained)
      ? [{ text: '● 为约束性场景。', style: 'note' } as Content]
      : []),
    h2('（四）复核等级与差距'),
    levelBox(r.level, '复核数字化水平'),
    conditionsTable(r.level),
    h1('四、佐证材料清单'),
    ...evidenceSection(model.evidence),
    h1('五、签章'),
    ...signatureSection(h, model.signatories, assets.signature ?? null),
  ]
  return base(h, '数字化水平复核', content, assets.files ?? [], authorOf(model.signatories))
}
