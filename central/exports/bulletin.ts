/**
 * 通报 (.xlsx, exceljs): the pilot's progress per county or per service provider, as the plan's
 * 监测通报 asks (定期对各县区、服务商数字化改造整体进度和目标任务完成情况进行通报). Without a name:
 * one row per county/provider, the targets and every enterprise; with a name: that one group.
 */
import ExcelJS from 'exceljs'
import {
  groupCounts,
  groupName,
  groupsBy,
  targetProgress,
} from '../../shared/domain/pilot/progress'
import type { ProgressGroupCounts } from '../../shared/domain/pilot/progress'
import { HEBI_2024_PLAN } from '../../shared/domain/pilot/targets'
import { consoleFail } from '../../shared/console/errors'
import { levelName } from '../../shared/domain/levels/rule-profiles'
import { beijingTime } from '../../shared/domain/integrity/common'
import type { CentralContext } from '../ingest'
import { openSignalCounts } from '../console/enterprises'
import { currentHeads, enterpriseStates } from '../console/state'
import type { ExportFile } from './types'

const GROUP_TITLES = { county: '县区', provider: '服务商' } as const

function pct(n: number, d: number): string {
  return d ? `${((n / d) * 100).toFixed(1)}%` : '—'
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true }
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }
  row.alignment = { vertical: 'middle', wrapText: true }
}

function title(ws: ExcelJS.Worksheet, text: string, cols: number): void {
  ws.addRow([text]).font = { bold: true, size: 14 }
  ws.mergeCells(1, 1, 1, cols)
}

export async function bulletinWorkbook(
  ctx: CentralContext,
  q: { by: 'county' | 'provider'; name?: string | undefined },
): Promise<ExportFile> {
  const all = enterpriseStates(await currentHeads(ctx.db))
  const open = await openSignalCounts(ctx.db)
  const groupTitle = GROUP_TITLES[q.by]
  const inGroup = q.name ? all.filter((e) => groupName(e, q.by) === q.name) : all
  if (q.name && inGroup.length === 0)
    throw consoleFail.notFound(`没有${groupTitle}「${q.name}」的评测结果`, 'name')
  const now = ctx.now()
  const stamp = beijingTime(now.toISOString())
  const wb = new ExcelJS.Workbook()
  wb.creator = 'dl-assessor central'
  wb.created = now

  const groups: ProgressGroupCounts[] = q.name
    ? [groupCounts(q.name, inGroup)]
    : [...groupsBy(all, q.by), groupCounts('合计', all)]
  const heads = [
    groupTitle,
    '企业数',
    '已诊断',
    '已验收',
    '验收达二级及以上',
    '达标率',
    '验收四级',
    '专精特新企业',
    '未处理诚信信号',
  ]
  const ws = wb.addWorksheet(`按${groupTitle}`)
  title(
    ws,
    `${HEBI_2024_PLAN.title} · ${q.name ?? `各${groupTitle}`}进度通报（数据时间 ${stamp}，北京时间）`,
    heads.length,
  )
  styleHeader(ws.addRow(heads))
  for (const g of groups) {
    const members = g.name === '合计' ? all : all.filter((e) => groupName(e, q.by) === g.name)
    const signals = members.reduce((n, e) => n + (open.get(e.key) ?? 0), 0)
    const row = ws.addRow([
      g.name,
      g.enterprises,
      g.diagnosed,
      g.accepted,
      g.acceptedAtLeast2,
      pct(g.acceptedAtLeast2, g.accepted),
      g.acceptedLevel4,
      g.zjtx,
      signals,
    ])
    if (g.name === '合计') row.font = { bold: true }
  }
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 14))

  const wt = wb.addWorksheet('目标完成情况')
  title(wt, `对照试点方案目标（${HEBI_2024_PLAN.source}）`, 5)
  styleHeader(wt.addRow(['目标', '方案原文', '目标值', '当前', '说明']))
  for (const t of targetProgress(HEBI_2024_PLAN, inGroup))
    wt.addRow([
      t.title,
      t.clause,
      `${t.target}${t.unit}`,
      t.current === null ? t.basis : `${t.current}${t.unit}（${t.basis}）`,
      t.note,
    ])
  wt.columns.forEach((c, i) => (c.width = [24, 36, 10, 22, 48][i] ?? 16))

  const we = wb.addWorksheet('企业明细')
  title(we, `企业明细（${inGroup.length} 家）`, 10)
  styleHeader(
    we.addRow([
      '企业名称',
      '统一社会信用代码',
      '县区',
      '试点行业',
      '批次',
      '服务商',
      '诊断等级',
      '验收等级',
      '专精特新',
      '未处理诚信信号',
    ]),
  )
  const zjtx: Record<string, string> = {
    provincial: '省级专精特新',
    little_giant: '国家级“小巨人”',
    innovative: '创新型',
    none: '无',
  }
  for (const e of [...inGroup].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')))
    we.addRow([
      e.name,
      e.uscc ?? '',
      e.county ?? '',
      e.industry ?? '',
      e.batch === null ? '' : `第${e.batch}批`,
      e.provider ?? '',
      e.diagnosisLevel === null ? '' : levelName(e.diagnosisLevel as 0 | 1 | 2 | 3 | 4),
      e.acceptanceLevel === null ? '' : levelName(e.acceptanceLevel as 0 | 1 | 2 | 3 | 4),
      e.zjtx ? (zjtx[e.zjtx] ?? e.zjtx) : '',
      open.get(e.key) ?? 0,
    ])
  we.columns.forEach((c, i) => (c.width = [34, 22, 12, 20, 8, 24, 10, 10, 14, 14][i] ?? 14))

  const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
  const day = stamp.slice(0, 10).replace(/-/g, '')
  return {
    fileName: `${q.name ?? `各${groupTitle}`}进度通报-${day}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes,
  }
}
