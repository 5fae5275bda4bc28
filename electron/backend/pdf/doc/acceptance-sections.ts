/** 验收评价 sections that appear only sometimes: the dossier (一企一档) and the expert panel. */
import type { Content } from 'pdfmake/interfaces'
import type { ReportDossier, ReportPanel } from '../../../../shared/domain/report/types'
import { COLORS, h1, h2, keyValueTable, table, td } from './theme'

export function dossierSection(d: ReportDossier): Content[] {
  return [
    h1('五、验收档案（一企一档）'),
    { text: `依据：${d.template}`, style: 'note' },
    h2('（一）验收材料清单'),
    table(
      ['*', 34, 52, 80, '*'],
      ['材料', '要求', '状态', '附件', '说明'],
      d.checklist.map((c) => {
        const bad = c.mandatory && c.state !== '已提交'
        return [
          td(c.title),
          td(c.mandatory ? '必备' : '可选', { alignment: 'center' }),
          td(c.state, {
            alignment: 'center',
            bold: bad,
            color: bad ? COLORS.bad : c.state === '已提交' ? COLORS.good : COLORS.ink,
          }),
          td(c.files),
          td(c.reason),
        ]
      }),
    ),
    d.complete
      ? { text: '必备材料齐全。', style: 'td', color: COLORS.good, margin: [0, 4, 0, 0] }
      : {
          ul: d.missing.map((m) => ({ text: m, style: 'td', color: COLORS.bad })),
          margin: [0, 4, 0, 0],
        },
    h2('（二）投入清单汇总'),
    keyValueTable([
      { label: '发票张数', value: `${d.ledger.rowCount} 张` },
      { label: '计入实际投入', value: d.ledger.eligible },
      { label: '不计入', value: d.ledger.ineligible },
      { label: '合计', value: d.ledger.total },
    ]),
    ...(d.ledger.summary.length
      ? [
          {
            ul: d.ledger.summary.map((t) => ({ text: t, style: 'td' })),
            margin: [0, 4, 0, 0],
          } as Content,
        ]
      : []),
    ...d.warnings.map((w) => ({ text: `注意：${w}`, style: 'note', color: COLORS.bad }) as Content),
  ]
}

export function panelSection(p: ReportPanel): Content[] {
  return [
    h2('（五）专家组评分与分歧'),
    {
      text: `专家组组长：${p.lead}；专家 ${p.experts.length} 位，总分极差 ${p.totalSpread} 分。${p.status === 'unresolved' ? `尚未裁定：${p.unresolved.join('、')}。` : ''}`,
      style: 'td',
      margin: [0, 0, 0, 6],
    } as Content,
    table(
      [90, '*', 60, 60],
      ['专家', '所属机构', '总分', '等级'],
      p.experts.map((e) => [
        td(e.name),
        td(e.agency),
        td(e.total, { alignment: 'right' }),
        td(e.level, { alignment: 'center' }),
      ]),
    ),
    { text: '', margin: [0, 4, 0, 0] },
    p.divergences.length === 0
      ? { text: '各位专家的评分一致，无分歧。', style: 'td' }
      : table(
          [40, 34, '*'],
          ['条目', '程度', '分歧'],
          p.divergences.map((d) => [
            td(d.itemId),
            td(d.severity, {
              color: d.severity === '重大' ? COLORS.bad : COLORS.muted,
              bold: d.severity === '重大',
            }),
            td(d.message),
          ]),
        ),
    ...(p.settled.length
      ? [
          { text: '', margin: [0, 4, 0, 0] } as Content,
          table(
            [40, 56, '*'],
            ['条目', '确定方式', '说明'],
            p.settled.map((x) => [td(x.itemId), td(x.rule), td(x.explanation)]),
          ),
        ]
      : []),
  ]
}
