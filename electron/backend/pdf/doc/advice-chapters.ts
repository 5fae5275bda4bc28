/**
 * The 诊断报告 rebuilt around the 诊断建议 (issue 13 item 6), as pdfmake content: 评测结果 (with
 * the counts of 约束性 and 指导性 scenes per level), 问题诊断 (the assessor's findings and the
 * per-item notes), 改造路径, 预期成效, 投资与补助测算 and 实施计划 (a bar per step over the weeks).
 * Pure: the model's display texts in, content out.
 */
import type { Content, TableCell } from 'pdfmake/interfaces'
import type { ReportAdvice } from '../../../../shared/domain/report/advice-report'
import type { DiagnosisReportModel } from '../../../../shared/domain/report/types'
import { conditionsTable, levelBox, radarBlock, sceneTable } from './blocks'
import { COLORS, type DocAssets, h1, h2, table, td } from './theme'

const dot = () => ({ text: ' ●', color: COLORS.accent })

function para(text: string, extra: Record<string, unknown> = {}): Content {
  return { text, style: 'td', margin: [0, 0, 0, 6], ...extra } as Content
}

/** A draft notice: why the report is not a formal diagnosis yet. */
export function adviceDraftNotice(reasons: readonly string[]): Content[] {
  if (!reasons.length) return []
  return [
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                {
                  text: '本报告为草稿，尚不能作为正式诊断报告：',
                  bold: true,
                  color: COLORS.accent,
                },
                ...reasons.map((r) => ({ text: `· ${r}`, margin: [6, 2, 0, 0] })),
              ],
              fontSize: 9,
            },
          ],
        ],
      },
      layout: 'dlBox',
      margin: [0, 0, 0, 8],
    } as Content,
  ]
}

function sceneCounts(a: ReportAdvice): Content {
  return table(
    [46, 80, 80, '*'],
    ['等级', '约束性场景达到', '指导性场景达到', '该等级的判定要求'],
    a.sceneCounts.map((r) => [
      td(r.name, { alignment: 'center', bold: true }),
      td(r.constrained, { alignment: 'center' }),
      td(r.guiding, { alignment: 'center' }),
      td(r.need, { color: COLORS.muted }),
    ]),
  )
}

function findingsTable(a: ReportAdvice): Content {
  if (!a.findings.length) return para(`各场景均已达到目标等级（${a.targetName}），无需逐项诊断。`)
  return table(
    [58, '*'],
    ['场景', '诊断发现'],
    a.findings.map((f) => {
      const line = (label: string, text: string) =>
        text
          ? { text: [{ text: `${label}：`, bold: true }, text], margin: [0, 0, 0, 2] }
          : {
              text: [
                { text: `${label}：`, bold: true },
                { text: '（未填写）', color: COLORS.accent },
              ],
              margin: [0, 0, 0, 2],
            }
      return [
        td({
          stack: [
            { text: [`${f.sceneId} ${f.name}`, ...(f.constrained ? [dot()] : [])], bold: true },
            { text: f.currentName, color: COLORS.muted },
          ],
        } as Content),
        td({
          stack: [
            line('现状', f.statusQuo),
            line('痛点问题', f.painPoints),
            line('需求', f.needs),
            ...(f.siteNote
              ? [
                  {
                    text: [{ text: '现场核查情况：', bold: true }, f.siteNote],
                    margin: [0, 0, 0, 2],
                  },
                ]
              : []),
            ...(f.shortfall
              ? [
                  {
                    text: `与下一级要求的差距（原文）：${f.shortfall}`,
                    color: COLORS.muted,
                    margin: [0, 2, 0, 0],
                  },
                ]
              : []),
          ],
        } as Content),
      ]
    }),
  )
}

function pathTable(a: ReportAdvice): Content {
  const path = a.path ?? []
  return table(
    [18, 72, 64, '*', 80],
    ['序', '改造项目', '提升与成效', '改造措施与产品', '投入'],
    path.map((r) => [
      td(String(r.no), { alignment: 'center', bold: true }),
      td({
        stack: [
          { text: [`${r.item} ${r.name}`, ...(r.constrained ? [dot()] : [])], bold: true },
          ...(r.state ? [{ text: r.state, color: COLORS.good }] : []),
        ],
      } as Content),
      td({
        stack: [{ text: r.change }, { text: r.gain, color: COLORS.navy, bold: true }],
      } as Content),
      td({
        stack: [
          ...r.measures.map((m) => ({
            stack: [
              {
                text: [
                  { text: m.title, bold: true },
                  { text: `（${m.source}，${m.weeks}）`, color: COLORS.muted },
                ],
              },
              ...(m.text ? [{ text: m.text }] : []),
              { text: `投入：${m.investment}`, color: COLORS.navy },
            ],
            margin: [0, 0, 0, 3],
          })),
          ...(r.products.length
            ? [{ text: [{ text: '产品：', bold: true }, r.products.join('；')] }]
            : []),
        ],
      } as Content),
      td(r.subtotal, { alignment: 'right' }),
    ]),
  )
}

function outcome(a: ReportAdvice): Content[] {
  const o = a.outcome
  if (!o) return [para('尚未采纳改造方案。')]
  return [
    para(o.text, { color: o.meets ? COLORS.ink : COLORS.bad }),
    table(
      ['*', 120, 120],
      ['指标', '现状', '改造后（预期）'],
      o.rows.map((r) => [
        td(r.label),
        td(r.before, { alignment: 'center' }),
        td(r.after, { alignment: 'center', bold: true, color: COLORS.navy }),
      ]),
    ),
  ]
}

function investment(a: ReportAdvice): Content[] {
  const i = a.investment
  if (!i) return [para('尚未采纳改造方案。')]
  const rows: TableCell[][] = [
    [td('投入估算合计（评测人员估算）'), td(i.estimated, { alignment: 'right', bold: true })],
    [td('投入测算区间（未估算的措施按措施库参考费用补足）'), td(i.range, { alignment: 'right' })],
    [td('估算情况'), td(i.estimatedCount, { alignment: 'right' })],
  ]
  if (i.subsidy)
    rows.push([
      td(`预计补助（${i.subsidy.policy}，${i.subsidy.batch}）`),
      td(i.subsidy.amount, { alignment: 'right', bold: true, color: COLORS.navy }),
    ])
  return [
    table(['*', 150], ['项目', '金额'], rows),
    ...(i.subsidy
      ? [
          h2('补助测算依据'),
          ...i.subsidy.steps.map((s) => ({ text: `· ${s}`, style: 'td' }) as Content),
        ]
      : []),
    { text: i.note, style: 'note' },
  ]
}

const BAR_WIDTH = 190

/** One bar per step over the weeks of the plan (SVG rectangles only; no text in the SVG). */
function bar(start: number, end: number, total: number): Content {
  const scale = total > 0 ? BAR_WIDTH / total : 0
  const x = Math.round(start * scale * 10) / 10
  const w = Math.max(end > start ? 2 : 0, Math.round((end - start) * scale * 10) / 10)
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BAR_WIDTH}" height="10" viewBox="0 0 ${BAR_WIDTH} 10">` +
    `<rect x="0" y="4.5" width="${BAR_WIDTH}" height="1" fill="${COLORS.rule}"/>` +
    (w > 0 ? `<rect x="${x}" y="1" width="${w}" height="8" rx="1.5" fill="${COLORS.navy}"/>` : '') +
    `</svg>`
  return { svg, width: BAR_WIDTH } as Content
}

function timeline(a: ReportAdvice): Content[] {
  const t = a.timeline
  if (!t) return [para('尚未采纳改造方案。')]
  return [
    para(t.text),
    table(
      [18, '*', 62, BAR_WIDTH + 10],
      ['序', '改造项目', '周次', `进度（共 ${t.totalWeeks} 周）`],
      t.rows.map((r) => [
        td(String(r.no), { alignment: 'center' }),
        td(`${r.item} ${r.name}`),
        td(r.text, { alignment: 'center' }),
        td(bar(r.startWeek, r.endWeek, t.totalWeeks)),
      ]),
    ),
  ]
}

/**
 * Chapters 二 to 七 of the 诊断报告 with a 诊断建议: 评测结果, 问题诊断, 改造路径, 预期成效,
 * 投资与补助测算, 实施计划. (一 企业基本情况 before them, the evidence list and signatures after.)
 */
export function adviceChapters(
  model: DiagnosisReportModel,
  a: ReportAdvice,
  assets: Pick<DocAssets, 'radarSvg'>,
): Content[] {
  return [
    h1('二、评测结果'),
    levelBox(model.level, '当前数字化水平'),
    conditionsTable(model.level),
    h2('（一）维度得分'),
    radarBlock(
      assets.radarSvg,
      model.dimensions.map((d) => ({ name: d.name, cells: [d.display, `${d.percent}%`] })),
      ['维度', '得分', '得分率'],
    ),
    h2('（二）场景等级：约束性与指导性场景'),
    sceneCounts(a),
    sceneTable(model.scenes),
    { text: '● 为约束性场景，其余为指导性场景。', style: 'note' },
    h2('（三）评分题得分（Q01–Q15）'),
    table(
      [30, 78, '*', 34, 34],
      ['题号', '指标', '所选选项（原文）', '得分', '满分'],
      model.questions.map((q) => [
        td(q.id),
        td(q.indicator),
        td({
          stack: q.answered
            ? q.chosen.map((o) => ({ text: `${o.key}. ${o.text}` }))
            : [{ text: '未作答', color: COLORS.accent }],
        } as Content),
        td(q.points, { alignment: 'right', bold: true }),
        td(q.max, { alignment: 'right' }),
      ]),
    ),
    h1('三、问题诊断'),
    ...adviceDraftNotice(a.draftReasons),
    para(
      `目标等级：${a.targetName}。下表为低于目标等级的场景的现场诊断发现（现状、痛点问题、需求）与现场核查情况。`,
    ),
    findingsTable(a),
    ...(a.questionNotes.length
      ? [
          h2('评分题现场核查情况'),
          table(
            [30, 78, '*'],
            ['题号', '指标', '现场核查情况'],
            a.questionNotes.map((n) => [td(n.id), td(n.name), td(n.note)]),
          ),
        ]
      : []),
    h1('四、改造路径'),
    ...(a.path
      ? [
          para(
            `按评分规则逐项计算的最小改造路径（一企一策）：共 ${a.path.length} 项，所列各项缺一不可；措施来自${a.measuresLibrary}，经评测人员确认和调整。`,
          ),
          pathTable(a),
          {
            text: '● 为约束性场景。投入为评测人员估算；标「参考」的为措施库参考费用。',
            style: 'note',
          },
        ]
      : [para('尚未采纳改造方案（一企一策），本报告为草稿。', { color: COLORS.accent })]),
    h1('五、预期成效'),
    ...outcome(a),
    h1('六、投资与补助测算'),
    ...investment(a),
    h1('七、实施计划'),
    ...timeline(a),
  ]
}
