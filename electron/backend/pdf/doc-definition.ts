/**
 * ReportModel → pdfmake document definition. Pure data in, pure data out (the radar SVG is
 * passed in as a string; header/footer are the only functions, as pdfmake requires for page
 * numbers). Table styling is referenced by layout name; the printer registers TABLE_LAYOUTS.
 *
 * Typography: A4, Noto Sans SC, body 10pt with 1.4 line height, headings in navy, tables 8.5pt
 * with a shaded header row and light rules; the cover carries the QR code of the report hash.
 */
import type {
  Content,
  ContextPageSize,
  CustomTableLayout,
  TDocumentDefinitions,
  TableCell,
} from 'pdfmake/interfaces'
import type {
  AcceptanceReportModel,
  DiagnosisReportModel,
  RecheckReportModel,
  LabelValue,
  ReportEvidence,
  ReportHeader,
  ReportLevel,
  ReportModel,
  ReportDossier,
  ReportPanel,
  ReportSceneRow,
  ReportSignatory,
} from '../../../shared/domain/report/types'
import { adviceChapters } from './advice-chapters'

export const COLORS = {
  navy: '#0b3d91',
  ink: '#1f2d3d',
  muted: '#5b6b7f',
  rule: '#c9d4e3',
  headFill: '#e6edf7',
  zebra: '#f7f9fc',
  accent: '#d4380d',
  good: '#237804',
  bad: '#a8071a',
  constrained: '#fff1e6',
}

/** Named table layouts (registered with pdfmake by printer.ts). */
export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  dlTable: {
    fillColor: (row: number) => (row === 0 ? COLORS.headFill : row % 2 === 0 ? COLORS.zebra : null),
    hLineWidth: (i: number, node) =>
      i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.4,
    vLineWidth: () => 0,
    hLineColor: (i: number) => (i <= 1 ? '#8fa3bf' : COLORS.rule),
    paddingLeft: () => 5,
    paddingRight: () => 5,
    paddingTop: () => 3.5,
    paddingBottom: () => 3.5,
  },
  dlKeyValue: {
    fillColor: (_row: number, _node, col: number) => (col % 2 === 0 ? COLORS.headFill : null),
    hLineWidth: () => 0.4,
    vLineWidth: () => 0.4,
    hLineColor: () => COLORS.rule,
    vLineColor: () => COLORS.rule,
    paddingLeft: () => 6,
    paddingRight: () => 6,
    paddingTop: () => 4,
    paddingBottom: () => 4,
  },
  dlBox: {
    hLineWidth: () => 1,
    vLineWidth: () => 1,
    hLineColor: () => COLORS.navy,
    vLineColor: () => COLORS.navy,
    fillColor: () => '#f3f6fb',
    paddingLeft: () => 10,
    paddingRight: () => 10,
    paddingTop: () => 8,
    paddingBottom: () => 8,
  },
}

export interface DocAssets {
  /** Radar chart SVG (radar-chart.ts). */
  radarSvg: string
}

const STYLES: TDocumentDefinitions['styles'] = {
  h1: { fontSize: 15, bold: true, color: COLORS.navy, margin: [0, 16, 0, 8] },
  h2: { fontSize: 11.5, bold: true, color: COLORS.ink, margin: [0, 10, 0, 5] },
  th: { bold: true, fontSize: 8.5, color: COLORS.ink },
  td: { fontSize: 8.5, color: COLORS.ink, lineHeight: 1.3 },
  small: { fontSize: 8, color: COLORS.muted },
  mono: { fontSize: 7.5, color: COLORS.ink },
  note: { fontSize: 8.5, color: COLORS.muted, italics: false, margin: [0, 4, 0, 0] },
}

const th = (text: string): TableCell => ({ text, style: 'th' })
export const td = (text: string | Content, extra: Record<string, unknown> = {}): TableCell =>
  (typeof text === 'string'
    ? { text, style: 'td', ...extra }
    : { stack: [text], style: 'td', ...extra }) as TableCell

export function table(
  widths: (string | number)[],
  header: string[],
  rows: TableCell[][],
  layout = 'dlTable',
): Content {
  return {
    table: { headerRows: 1, dontBreakRows: true, widths, body: [header.map(th), ...rows] },
    layout,
  } as Content
}

function keyValueTable(rows: LabelValue[]): Content {
  const body: TableCell[][] = []
  for (let i = 0; i < rows.length; i += 2) {
    const a = rows[i]!
    const b = rows[i + 1]
    body.push([
      { text: a.label, style: 'th' },
      { text: a.value, style: 'td' },
      { text: b?.label ?? '', style: 'th' },
      { text: b?.value ?? '', style: 'td' },
    ])
  }
  return { table: { widths: [70, '*', 70, '*'], body }, layout: 'dlKeyValue' } as Content
}

export function h1(text: string): Content {
  return { text, style: 'h1', headlineLevel: 1 }
}
export function h2(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2 }
}

/**
 * Keeps headings with what follows: a section heading that would start in the bottom 18 % of a
 * page (a sub-heading: 12 %) moves to the next page instead of standing alone.
 */
export function keepHeadingsWithContent(node: {
  headlineLevel?: number
  startPosition: { verticalRatio?: number }
}): boolean {
  const ratio = node.startPosition.verticalRatio ?? 0
  return (node.headlineLevel === 1 && ratio > 0.82) || (node.headlineLevel === 2 && ratio > 0.88)
}

function pageChrome(
  header: ReportHeader,
  shortTitle: string,
): Pick<TDocumentDefinitions, 'header' | 'footer'> {
  return {
    header: (currentPage: number) =>
      currentPage === 1
        ? null
        : ({
            margin: [56, 22, 56, 0],
            columns: [
              {
                width: '*',
                text: `${shortTitle}\u3000|\u3000${header.enterpriseName}`,
                fontSize: 8,
                color: COLORS.muted,
              },
              {
                width: 'auto',
                text: `报告编号：${header.reportNumber}`,
                fontSize: 8,
                color: COLORS.muted,
                alignment: 'right',
              },
              {
                width: 34,
                ...confidentialityStamp(header.confidentiality, 8, {
                  paddingTop: () => 0,
                  paddingBottom: () => 0,
                }),
                margin: [8, -2, 0, 0],
              },
            ],
          } as Content),
    footer: (currentPage: number, pageCount: number, _pageSize?: ContextPageSize) =>
      ({
        margin: [56, 10, 56, 0],
        columns: [
          { text: `报告编号 ${header.reportNumber}`, fontSize: 7.5, color: COLORS.muted },
          {
            text: `第 ${currentPage} 页 / 共 ${pageCount} 页`,
            fontSize: 8,
            alignment: 'center',
            color: COLORS.ink,
          },
          {
            text: `${header.confidentiality}\u3000SHA-256 ${header.reportHash.slice(0, 16)}…`,
            fontSize: 7.5,
            color: COLORS.muted,
            alignment: 'right',
          },
        ],
      }) as Content,
  }
}

/** The boxed 保密 stamp (page header and cover): one accent-framed cell. */
function confidentialityStamp(
  text: string,
  fontSize: number,
  layout: Record<string, () => number>,
) {
  return {
    table: {
      body: [[{ text, fontSize, bold: true, color: COLORS.accent, alignment: 'center' as const }]],
    },
    layout: { hLineColor: () => COLORS.accent, vLineColor: () => COLORS.accent, ...layout },
  }
}

function cover(header: ReportHeader, facts: LabelValue[]): Content[] {
  return [
    {
      columns: [
        { text: '', width: '*' },
        {
          width: 40,
          ...confidentialityStamp(header.confidentiality, 12, {
            hLineWidth: () => 1.2,
            vLineWidth: () => 1.2,
          }),
        },
      ],
    } as Content,
    {
      text: `报告编号：${header.reportNumber}`,
      fontSize: 9.5,
      color: COLORS.muted,
      alignment: 'right',
      margin: [0, 6, 0, 0],
    },
    {
      text: header.title,
      fontSize: 26,
      bold: true,
      color: COLORS.navy,
      alignment: 'center',
      margin: [0, 64, 0, 10],
    },
    { text: header.subtitle, fontSize: 10.5, color: COLORS.muted, alignment: 'center' },
    {
      canvas: [
        { type: 'line', x1: 120, y1: 0, x2: 363, y2: 0, lineWidth: 1.5, lineColor: COLORS.navy },
      ],
      margin: [0, 22, 0, 22],
    },
    {
      text: header.enterpriseName,
      fontSize: 17,
      bold: true,
      alignment: 'center',
      color: COLORS.ink,
      margin: [0, 0, 0, 26],
    },
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 300,
          table: {
            widths: [80, '*'],
            body: facts.map((f) => [
              {
                text: f.label,
                style: 'th',
                alignment: 'right',
                border: [false, false, false, false],
              },
              { text: f.value, fontSize: 10, border: [false, false, false, true] },
            ]),
          },
          layout: {
            hLineColor: () => COLORS.rule,
            hLineWidth: () => 0.6,
            paddingTop: () => 4,
            paddingBottom: () => 4,
          },
        },
        { width: '*', text: '' },
      ],
    } as Content,
    {
      margin: [0, 28, 0, 0],
      columns: [
        { width: '*', text: '' },
        {
          width: 'auto',
          stack: [
            {
              qr: header.qrText,
              fit: 88,
              eccLevel: 'M',
              alignment: 'center',
              foreground: COLORS.ink,
            },
            {
              text: '扫码核验报告摘要（SHA-256）',
              style: 'small',
              alignment: 'center',
              margin: [0, 4, 0, 0],
            },
          ],
        },
        { width: '*', text: '' },
      ],
    } as Content,
    {
      text: header.reportHash,
      fontSize: 7,
      color: COLORS.muted,
      alignment: 'center',
      margin: [0, 4, 0, 0],
    },
    {
      text: `评测依据：${header.catalogue.title}（目录 ${header.catalogue.id}，摘要 ${header.catalogue.hash.slice(0, 16)}…）；等级规则：${header.ruleProfile.title}`,
      style: 'small',
      alignment: 'center',
      margin: [0, 18, 0, 0],
      pageBreak: 'after',
    },
  ]
}

export function levelBox(level: ReportLevel, label: string): Content {
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              {
                text: [
                  { text: `${label}：`, fontSize: 11, color: COLORS.ink },
                  { text: level.name, fontSize: 18, bold: true, color: COLORS.navy },
                  {
                    text: `\u3000\u3000总分 ${level.total} / 100`,
                    fontSize: 11,
                    color: COLORS.ink,
                  },
                  level.provisional
                    ? {
                        text: '\u3000（尚有未作答项，结果为暂定）',
                        fontSize: 9,
                        color: COLORS.accent,
                      }
                    : '',
                ],
              },
              level.gapText
                ? {
                    text: level.gapText,
                    fontSize: 10.5,
                    color: COLORS.accent,
                    margin: [0, 6, 0, 0],
                  }
                : { text: '已达到最高等级（四级）。', fontSize: 10.5, margin: [0, 6, 0, 0] },
            ],
          },
        ],
      ],
    },
    layout: 'dlBox',
    margin: [0, 2, 0, 8],
  } as Content
}

export function conditionsTable(level: ReportLevel): Content {
  if (level.conditions.length === 0) return { text: '' }
  return table(
    ['*', 70, 70, 60],
    ['条件', '现状', '要求', '是否满足'],
    level.conditions.map((c) => [
      td(c.label),
      td(c.have, { alignment: 'center' }),
      td(c.need, { alignment: 'center' }),
      td(c.met ? '满足' : '未满足', {
        alignment: 'center',
        color: c.met ? COLORS.good : COLORS.bad,
        bold: true,
      }),
    ]),
  )
}

export function sceneTable(scenes: ReportSceneRow[]): Content {
  return table(
    [34, 58, 56, 42, '*'],
    ['编号', '所属领域', '场景', '等级', '该等级描述（原文）'],
    scenes.map((s) => [
      td(s.id),
      td(s.group),
      td(s.constrained ? { text: [s.name, { text: ' ●', color: COLORS.accent }] } : s.name),
      td(s.levelName, {
        alignment: 'center',
        bold: true,
        color: s.level >= 2 ? COLORS.navy : s.judged ? COLORS.ink : COLORS.muted,
      }),
      td(s.description),
    ]),
  )
}

function evidenceSection(evidence: ReportEvidence[]): Content[] {
  if (evidence.length === 0) return [{ text: '本次评测未登记佐证材料。', style: 'td' }]
  return [
    table(
      [40, '*', 46, 190],
      ['对应指标', '材料名称', '大小', 'SHA-256'],
      evidence.map((e) => [
        td(e.itemId),
        td(e.name),
        td(e.sizeText, { alignment: 'right' }),
        { text: e.sha256, style: 'mono' } as TableCell,
      ]),
    ),
    { text: '材料以 SHA-256 摘要登记；任何一个字节改动都会使摘要不符。', style: 'note' },
  ]
}

function signatureSection(header: ReportHeader, signatories: ReportSignatory[]): Content[] {
  const rows = signatories.filter((s) => s.name || s.agency)
  return [
    table(
      [80, 90, '*', 110],
      ['角色', '姓名', '所属机构', '签字 / 日期'],
      [
        ...rows.map((s) => [td(s.role), td(s.name), td(s.agency), td('')]),
        [td('企业确认'), td(''), td(header.enterpriseName), td('（盖章）')],
      ].map((r) => r.map((c) => ({ ...(c as object), margin: [0, 6, 0, 6] }) as TableCell)),
    ),
    {
      margin: [0, 12, 0, 0],
      columns: [
        { qr: header.qrText, fit: 78, eccLevel: 'M', width: 90 },
        {
          width: '*',
          stack: [
            { text: '电子签名与核验', bold: true, fontSize: 9.5, margin: [0, 0, 0, 3] },
            {
              text: '本报告以 PDF 电子签名（CMS/PAdES，签名证书为评测人员证书）签署，可在任一支持签名的 PDF 阅读器或用 pdfsig 核验；文件任何改动都会使签名失效。',
              style: 'td',
            },
            { text: `报告摘要 SHA-256：${header.reportHash}`, style: 'mono', margin: [0, 4, 0, 0] },
            {
              text: `报告编号：${header.reportNumber}\u3000出具日期：${header.issuedOn}`,
              style: 'small',
              margin: [0, 2, 0, 0],
            },
          ],
        },
      ],
    } as Content,
  ]
}

export function radarBlock(
  svg: string,
  rows: { name: string; cells: string[] }[],
  headers: string[],
): Content {
  return {
    columns: [
      { svg, width: 270 },
      {
        width: '*',
        margin: [6, 30, 0, 0],
        ...(table(
          headers.map((_, i) => (i === 0 ? '*' : 'auto')),
          headers,
          rows.map((r) => [td(r.name), ...r.cells.map((c) => td(c, { alignment: 'right' }))]),
        ) as object),
      },
    ],
    columnGap: 8,
  } as Content
}

export function diagnosisDocDefinition(
  model: DiagnosisReportModel,
  assets: DocAssets,
): TDocumentDefinitions {
  const h = model.header
  const content: Content[] = [
    ...cover(h, [
      { label: '企业名称', value: h.enterpriseName },
      ...model.enterprise.filter((r) =>
        ['试点行业', '所在县区', '评测日期', '评测人员'].includes(r.label),
      ),
      { label: '出具日期', value: h.issuedOn },
    ]),
    h1('一、企业基本情况'),
    keyValueTable(model.enterprise),
    ...(model.advice ? [] : [h1('二、现场调研情况')]),
    ...(model.advice ? [h2('现场调研情况')] : []),
    ...(model.survey
      ? [
          {
            text: [{ text: '调研日期：', bold: true }, model.survey.date],
            style: 'td',
            margin: [0, 0, 0, 6],
          } as Content,
          table(
            [90, '*', 120],
            ['姓名', '所属机构', '角色'],
            model.survey.people.map((p) => [td(p.name), td(p.agency), td(p.role)]),
          ),
          h2('调研情况'),
          {
            text: model.survey.observations || '（无记录）',
            fontSize: 10,
            lineHeight: 1.45,
          } as Content,
        ]
      : [{ text: '未记录现场调研情况。', style: 'td' } as Content]),
    ...(model.advice
      ? adviceChapters(model, model.advice, assets)
      : ([
          h1('三、数字化水平现状'),
          h2('（一）维度得分'),
          radarBlock(
            assets.radarSvg,
            model.dimensions.map((d) => ({ name: d.name, cells: [d.display, `${d.percent}%`] })),
            ['维度', '得分', '得分率'],
          ),
          {
            text: '注：数字化经营按 16 个场景的评定等级衡量，图中以场景平均等级 ÷ 4 折算。',
            style: 'note',
          },
          h2('（二）评分题得分（Q01–Q15）'),
          table(
            [30, 78, '*', 34, 34],
            ['题号', '指标', '评测内容与所选选项（原文）', '得分', '满分'],
            model.questions.map((q) => [
              td(q.id),
              td(q.indicator),
              td({
                stack: [
                  { text: `${q.text}（${q.type}）`, color: COLORS.muted },
                  ...(q.answered
                    ? q.chosen.map((o) => ({ text: `${o.key}. ${o.text}`, margin: [6, 1, 0, 0] }))
                    : [{ text: '未作答', color: COLORS.accent, margin: [6, 1, 0, 0] }]),
                ],
              } as Content),
              td(q.points, { alignment: 'right', bold: true }),
              td(q.max, { alignment: 'right' }),
            ]),
          ),
          h2('（三）场景等级（SC01–SC16）'),
          sceneTable(model.scenes),
          { text: '● 为约束性场景。', style: 'note' },
          h1('四、当前等级与差距'),
          levelBox(model.level, '当前数字化水平'),
          conditionsTable(model.level),
          h1('五、问题诊断'),
          model.problems.length === 0
            ? { text: `各场景均已达到目标等级（${model.targetLevelName}）。`, style: 'td' }
            : table(
                [34, 60, 50, '*'],
                [
                  '编号',
                  '场景',
                  '现状',
                  `与${model.targetLevelName}目标的差距：尚未达到的要求（原文）`,
                ],
                model.problems.map((p) => [
                  td(p.sceneId),
                  td(
                    p.constrained
                      ? { text: [p.name, { text: ' ●', color: COLORS.accent }] }
                      : p.name,
                  ),
                  td(p.currentName, { alignment: 'center' }),
                  td({
                    stack: [
                      { text: p.shortfall },
                      {
                        text: `现状：${p.currentDescription}`,
                        color: COLORS.muted,
                        margin: [0, 2, 0, 0],
                      },
                    ],
                  } as Content),
                ]),
              ),
          h1('六、改造建议（建议实施内容）'),
          {
            text: `目标：整体达到${model.targetLevelName}。下表按优先级列出低于目标等级的场景及下一步的建设方向。`,
            style: 'td',
            margin: [0, 0, 0, 6],
          },
          model.recommendations.length === 0
            ? { text: '无需改造建议。', style: 'td' }
            : table(
                [24, 58, 52, '*', 84],
                ['序', '场景', '提升路径', '建议实施内容（下一级要求原文）', '优先依据'],
                model.recommendations.map((r) => [
                  td(String(r.priority), { alignment: 'center', bold: true }),
                  td(
                    r.constrained
                      ? { text: [`${r.sceneId} ${r.name}`, { text: ' ●', color: COLORS.accent }] }
                      : `${r.sceneId} ${r.name}`,
                  ),
                  td(`${r.currentName} → ${r.nextName}`, { alignment: 'center' }),
                  td(r.direction),
                  td(r.reason, { color: COLORS.muted }),
                ]),
              ),
          { text: model.recommendationOrder, style: 'note' },
        ] as Content[])),
    h1(model.advice ? '八、佐证材料清单' : '七、佐证材料清单'),
    ...evidenceSection(model.evidence),
    h1(model.advice ? '九、签章' : '八、签章'),
    ...signatureSection(h, model.signatories),
  ]
  return base(h, '数字化水平诊断报告', content)
}

export function acceptanceDocDefinition(
  model: AcceptanceReportModel,
  assets: DocAssets,
): TDocumentDefinitions {
  const h = model.header
  const content: Content[] = [
    ...cover(h, [
      { label: '企业名称', value: h.enterpriseName },
      ...model.enterprise.filter((r) => ['试点行业', '所在县区', '试点批次'].includes(r.label)),
      { label: '改造前评测', value: model.before.assessedOn },
      { label: '验收评测', value: model.after.assessedOn },
      { label: '出具日期', value: h.issuedOn },
    ]),
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
                      text: model.verdict.passed ? '达标' : '未达标',
                      fontSize: 18,
                      bold: true,
                      color: model.verdict.passed ? COLORS.good : COLORS.bad,
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
    ...signatureSection(h, model.signatories),
  ]
  return base(h, '数字化改造验收评价', content)
}

function dossierSection(d: ReportDossier): Content[] {
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

function panelSection(p: ReportPanel): Content[] {
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

function base(h: ReportHeader, shortTitle: string, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [56, 52, 56, 48],
    info: {
      title: `${h.title} - ${h.enterpriseName}`,
      subject: `报告编号 ${h.reportNumber}; SHA-256 ${h.reportHash}`,
      author: 'dl-assessor',
      creator: 'dl-assessor',
      producer: 'dl-assessor (pdfmake)',
      keywords: h.reportNumber,
    },
    ...pageChrome(h, shortTitle),
    pageBreakBefore: (node) =>
      keepHeadingsWithContent(node as Parameters<typeof keepHeadingsWithContent>[0]),
    content,
    styles: STYLES,
    defaultStyle: { fontSize: 10, lineHeight: 1.4, color: COLORS.ink },
  }
}

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
    ...cover(h, [
      { label: '企业名称', value: h.enterpriseName },
      ...model.enterprise.filter((x) => ['试点行业', '所在县区', '试点批次'].includes(x.label)),
      {
        label: '原评测签名',
        value: `${model.signed.signedOn}（密钥 ${model.signed.signerKeyShort}）`,
      },
      { label: '复核日期', value: r.assessedOn },
      { label: '出具日期', value: h.issuedOn },
    ]),
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
    ...signatureSection(h, model.signatories),
  ]
  return base(h, '数字化水平复核', content)
}

export function reportDocDefinition(model: ReportModel, assets: DocAssets): TDocumentDefinitions {
  switch (model.kind) {
    case 'diagnosis':
      return diagnosisDocDefinition(model, assets)
    case 'acceptance':
      return acceptanceDocDefinition(model, assets)
    case 'recheck':
      return recheckDocDefinition(model, assets)
  }
}
