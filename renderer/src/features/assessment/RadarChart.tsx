import { RadarChart as ERadar } from 'echarts/charts'
import { TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([ERadar, TooltipComponent, SVGRenderer])

export interface RadarAxis {
  name: string
  /** 0–100 (percent of the axis maximum) */
  value: number
}

/** A small radar (echarts, SVG renderer) of the percentages per axis. */
export function RadarChart({ axes, height = 230 }: { axes: RadarAxis[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    if (!el.current) return
    chart.current = echarts.init(el.current, null, { renderer: 'svg' })
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => chart.current?.resize())
    ro?.observe(el.current)
    return () => {
      ro?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption({
      animationDuration: 250,
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${Number(v).toFixed(0)}%` },
      radar: {
        indicator: axes.map((a) => ({ name: a.name, max: 100 })),
        radius: '56%',
        splitNumber: 4,
        axisName: {
          color: '#4b5565',
          fontSize: 10,
          // long names (产品生命周期数字化) wrap instead of running off the panel
          formatter: (name?: string) =>
            name && name.length > 5
              ? `${name.slice(0, Math.ceil(name.length / 2))}\n${name.slice(Math.ceil(name.length / 2))}`
              : (name ?? ''),
        },
        splitArea: { areaStyle: { color: ['#fbfcfe', '#f3f6fb'] } },
        axisLine: { lineStyle: { color: '#d9dee7' } },
        splitLine: { lineStyle: { color: '#d9dee7' } },
      },
      series: [
        {
          type: 'radar',
          symbolSize: 4,
          data: [{ value: axes.map((a) => Math.round(a.value)), name: '得分率' }],
          areaStyle: { color: 'rgba(22,119,255,0.22)' },
          lineStyle: { color: '#1677ff', width: 2 },
          itemStyle: { color: '#1677ff' },
        },
      ],
    })
  }, [axes])

  return <div ref={el} style={{ width: '100%', height }} data-testid="radar" />
}
