/**
 * An HTML rendering of the 诊断报告 model, for the bench only: the same content printed to PDF
 * by headless Chromium, to compare with pdfmake. Same font files (via @font-face file:// URLs),
 * same sections and tables, the same radar SVG; the QR code is left out (Chromium has no
 * built-in QR element; the hash is printed as text).
 */
import { pathToFileURL } from 'node:url'
import type { DiagnosisReportModel } from '../../shared/domain/report/types'

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

export function diagnosisHtml(
  m: DiagnosisReportModel,
  radarSvg: string,
  fonts: { regular: string; bold: string },
): string {
  const h = m.header
  const kv = m.enterprise.map((r) => [esc(r.label), esc(r.value)])
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(h.title)}</title>
<style>
@font-face{font-family:NotoSansSC;src:url(${pathToFileURL(fonts.regular).href});font-weight:400}
@font-face{font-family:NotoSansSC;src:url(${pathToFileURL(fonts.bold).href});font-weight:700}
@page{size:A4;margin:52pt 56pt 48pt 56pt}
body{font-family:NotoSansSC;font-size:10pt;line-height:1.4;color:#1f2d3d}
h1{font-size:15pt;color:#0b3d91;margin:16pt 0 8pt}
h2{font-size:11.5pt;margin:10pt 0 5pt}
table{border-collapse:collapse;width:100%;font-size:8.5pt}
th{background:#e6edf7;text-align:left;padding:3.5pt 5pt;border-bottom:0.8pt solid #8fa3bf}
td{padding:3.5pt 5pt;border-bottom:0.4pt solid #c9d4e3;vertical-align:top}
tr{page-break-inside:avoid}
.cover{page-break-after:always;text-align:center}
.cover .t{font-size:26pt;font-weight:700;color:#0b3d91;margin-top:64pt}
.box{border:1pt solid #0b3d91;background:#f3f6fb;padding:8pt 10pt}
.muted{color:#5b6b7f;font-size:8pt}
</style></head><body>
<div class="cover"><div class="muted" style="text-align:right">${esc(h.confidentiality)}&#12288;报告编号：${esc(h.reportNumber)}</div>
<div class="t">${esc(h.title)}</div><p class="muted">${esc(h.subtitle)}</p>
<p style="font-size:17pt;font-weight:700">${esc(h.enterpriseName)}</p>
<p class="muted">报告摘要 SHA-256：${esc(h.reportHash)}</p></div>
<h1>一、企业基本情况</h1>${table(['项目', '内容'], kv)}
<h1>二、现场调研情况</h1>${
    m.survey
      ? `<p>调研日期：${esc(m.survey.date)}</p>${table(
          ['姓名', '所属机构', '角色'],
          m.survey.people.map((p) => [esc(p.name), esc(p.agency), esc(p.role)]),
        )}<h2>调研情况</h2><p>${esc(m.survey.observations)}</p>`
      : '<p>未记录现场调研情况。</p>'
  }
<h1>三、数字化水平现状</h1><h2>（一）维度得分</h2><div style="display:flex;gap:8pt"><div style="width:270pt">${radarSvg}</div>${table(
    ['维度', '得分', '得分率'],
    m.dimensions.map((d) => [esc(d.name), esc(d.display), `${d.percent}%`]),
  )}</div>
<h2>（二）评分题得分（Q01–Q15）</h2>${table(
    ['题号', '指标', '评测内容与所选选项（原文）', '得分', '满分'],
    m.questions.map((q) => [
      q.id,
      esc(q.indicator),
      `<div class="muted">${esc(q.text)}（${q.type}）</div>${q.answered ? q.chosen.map((o) => `<div>${esc(`${o.key}. ${o.text}`)}</div>`).join('') : '<div>未作答</div>'}`,
      `<b>${q.points}</b>`,
      q.max,
    ]),
  )}
<h2>（三）场景等级（SC01–SC16）</h2>${table(
    ['编号', '所属领域', '场景', '等级', '该等级描述（原文）'],
    m.scenes.map((s) => [
      s.id,
      esc(s.group),
      esc(s.name) + (s.constrained ? ' ●' : ''),
      `<b>${esc(s.levelName)}</b>`,
      esc(s.description),
    ]),
  )}
<h1>四、当前等级与差距</h1><div class="box">当前数字化水平：<b style="font-size:18pt;color:#0b3d91">${esc(m.level.name)}</b>&#12288;总分 ${esc(m.level.total)} / 100<div style="color:#d4380d">${esc(m.level.gapText ?? '已达到最高等级（四级）。')}</div></div>
${table(
  ['条件', '现状', '要求', '是否满足'],
  m.level.conditions.map((c) => [
    esc(c.label),
    esc(c.have),
    esc(c.need),
    c.met ? '满足' : '未满足',
  ]),
)}
<h1>五、问题诊断</h1>${table(
    ['编号', '场景', '现状', '尚未达到的要求（原文）'],
    m.problems.map((p) => [
      p.sceneId,
      esc(p.name),
      esc(p.currentName),
      `${esc(p.shortfall)}<div class="muted">现状：${esc(p.currentDescription)}</div>`,
    ]),
  )}
<h1>六、改造建议（建议实施内容）</h1>${table(
    ['序', '场景', '提升路径', '建议实施内容（下一级要求原文）', '优先依据'],
    m.recommendations.map((r) => [
      String(r.priority),
      esc(`${r.sceneId} ${r.name}`),
      `${r.currentName} → ${r.nextName}`,
      esc(r.direction),
      esc(r.reason),
    ]),
  )}<p class="muted">${esc(m.recommendationOrder)}</p>
<h1>七、佐证材料清单</h1>${table(
    ['对应指标', '材料名称', '大小', 'SHA-256'],
    m.evidence.map((e) => [
      e.itemId,
      esc(e.name),
      e.sizeText,
      `<span style="font-size:7.5pt">${e.sha256}</span>`,
    ]),
  )}
<h1>八、签章</h1>${table(
    ['角色', '姓名', '所属机构', '签字 / 日期'],
    m.signatories.map((s) => [esc(s.role), esc(s.name), esc(s.agency), '']),
  )}
</body></html>`
}
