/**
 * The dimension radar as SVG, rendered server-side by ECharts (no DOM): echarts.init(null, null,
 * { renderer: 'svg', ssr: true }) + renderToSVGString(). pdfmake embeds it with `{ svg }`; the
 * labels are text in the font of the PDF, so pdftotext finds them.
 */
import * as echarts from 'echarts'
import type { ReportDimensionScore } from '../../../shared/domain/report/types'
import { FONT_FAMILY } from './printer'

export interface RadarSeries {
  name: string
  dimensions: ReportDimensionScore[]
  color: string
}

export function renderRadarSvg(
  series: RadarSeries[],
  opts: { width?: number; height?: number } = {},
): string {
  const width = opts.width ?? 460
  const height = opts.height ?? 300
  const first = series[0]
  if (!first) throw new Error('radar: no series')
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      legend:
        series.length > 1
          ? {
              bottom: 0,
              data: series.map((s) => s.name),
              textStyle: { fontFamily: FONT_FAMILY, fontSize: 11 },
            }
          : undefined,
      radar: {
        center: ['50%', series.length > 1 ? '46%' : '52%'],
        radius: series.length > 1 ? '60%' : '66%',
        splitNumber: 4,
        indicator: first.dimensions.map((d) => ({
          name: series.length > 1 ? d.name : `${d.name}\n${d.percent}%`,
          max: 100,
        })),
        axisName: { color: '#1f2d3d', fontFamily: FONT_FAMILY, fontSize: 11, lineHeight: 15 },
        splitArea: { areaStyle: { color: ['#f7f9fc', '#eef3f9'] } },
        splitLine: { lineStyle: { color: '#c9d4e3' } },
        axisLine: { lineStyle: { color: '#c9d4e3' } },
      },
      series: [
        {
          type: 'radar',
          symbolSize: 5,
          data: series.map((s) => ({
            name: s.name,
            value: s.dimensions.map((d) => d.percent),
            lineStyle: { color: s.color, width: 2 },
            itemStyle: { color: s.color },
            areaStyle: { color: s.color, opacity: 0.18 },
          })),
        },
      ],
    })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
