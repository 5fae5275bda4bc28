/**
 * The 诊断报告 chapters. With the assessor's 诊断建议 (issue 13) chapters 二 to 七 are built
 * around it (advice-chapters.ts); without, the catalogue-based 现状 / 问题 / 建议 chapters.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import type { DiagnosisReportModel } from '../../../../shared/domain/report/types'
import { conditionsTable, evidenceSection, levelBox, radarBlock, sceneTable } from './blocks'
import { base } from './chrome'
import { cover } from './cover'
import { coverSignatureBox, signatureSection } from './signature-block'
import { longText } from './long-text'
import { COLORS, type DocAssets, h1, h2, keyValueTable, table, td } from './theme'
import { authorOf } from './metadata'
import { adviceChapters } from './advice-chapters'

export function diagnosisDocDefinition(
  model: DiagnosisReportModel,
  assets: DocAssets,
): TDocumentDefinitions {
  const h = model.header
  const content: Content[] = [
    ...cover(
      h,
      [
        { label: '企业名称', value: h.enterpriseName },
        ...model.enterprise.filter((r) =>
          ['试点行业', '所在县区', '评测日期', '评测人员'].includes(r.label),
        ),
        { label: '出具日期', value: h.issuedOn },
      ],
      [
        { label: '总分', value: `${model.level.total} / 100` },
        { label: '数字化水平等级', value: model.level.name },
      ],
      coverSignatureBox(h, model.signatories, assets.signature ?? null),
    ),
    h1('一、企业基本情况'),
    keyValueTable(model.enterprise),
    model.advice ? h2('现场调研情况') : h1('二、现场调研情况'),
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
          longText(model.survey.observations || '（无记录）', { fontSize: 10, lineHeight: 1.45 }),
        ]
      : [{ text: '未记录现场调研情况。', style: 'td' } as Content]),
    ...(model.advice
      ? adviceChapters(model, model.advice, assets)
      : catalogueChapters(model, assets)),
    h1(model.advice ? '八、佐证材料清单' : '七、佐证材料清单'),
    ...evidenceSection(model.evidence),
    h1(model.advice ? '九、签章' : '八、签章'),
    ...signatureSection(h, model.signatories, assets.signature ?? null),
  ]
  return base(h, '数字化水平诊断报告', content, assets.files ?? [], authorOf(model.signatories))
}

/** Chapters 三 to 六 of a 诊断报告 without a 诊断建议: catalogue texts only. */
function catalogueChapters(model: DiagnosisReportModel, assets: DocAssets): Content[] {
  return [
    h1('三、数字化水平现状'),
    h2('（一）维度得分'),
    radarBlock(
      assets.radarSvg,
      model.dimensions.map((d) => ({ name: d.name, cells: [d.display, `${d.percent}%`] })),
      ['维度', '得分', '得分率'],
      '注：数字化经营按 16 个场景的评定等级衡量，图中以场景平均等级 ÷ 4 折算。',
    ),
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
          ['编号', '场景', '现状', `与${model.targetLevelName}目标的差距：尚未达到的要求（原文）`],
          model.problems.map((p) => [
            td(p.sceneId),
            td(p.constrained ? { text: [p.name, { text: ' ●', color: COLORS.accent }] } : p.name),
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
  ]
}
