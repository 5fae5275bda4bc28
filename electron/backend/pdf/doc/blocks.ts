/** Blocks shared by the chapters: level box, conditions, scene table, evidence, radar chart. */
import type { Content, TableCell } from 'pdfmake/interfaces'
import type {
  ReportEvidence,
  ReportLevel,
  ReportSceneRow,
} from '../../../../shared/domain/report/types'
import { COLORS, table, td } from './theme'

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

export function evidenceSection(evidence: ReportEvidence[]): Content[] {
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

/** The radar chart with its table, and its note when given, never split across pages. */
export function radarBlock(
  svg: string,
  rows: { name: string; cells: string[] }[],
  headers: string[],
  note?: string,
): Content {
  const chart = {
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
  }
  return {
    unbreakable: true,
    stack: [chart, ...(note ? [{ text: note, style: 'note' }] : [])],
  } as Content
}
