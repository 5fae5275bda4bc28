/**
 * ReportModel → PDF bytes (optionally signed): radar SVG (echarts SSR) + doc definition +
 * pdfmake printer + PAdES signature. The one entry the CLI, the service and the bench use.
 */
import type { ReportModel } from '../../../shared/domain/report/types'
import type { SigningCredential } from './certificates'
import { reportDocDefinition } from './doc-definition'
import { type SignPdfOptions, signPdf } from './pdf-signer'
import { renderPdf } from './printer'
import { renderRadarSvg } from './radar-chart'

export interface RenderReportOptions {
  /** Sign with this credential; unsigned when absent. */
  credential?: SigningCredential
  signOptions?: SignPdfOptions
  fontDir?: string
}

export function radarFor(model: ReportModel): string {
  if (model.kind === 'diagnosis') {
    return renderRadarSvg([{ name: '本次评测', dimensions: model.dimensions, color: '#0b3d91' }])
  }
  if (model.kind === 'recheck') {
    return renderRadarSvg([
      { name: '原评测', dimensions: model.original.dimensions, color: '#8c8c8c' },
      { name: '复核', dimensions: model.recheck.dimensions, color: '#0b3d91' },
    ])
  }
  return renderRadarSvg([
    { name: model.before.reportLabel, dimensions: model.before.dimensions, color: '#8c8c8c' },
    { name: model.after.reportLabel, dimensions: model.after.dimensions, color: '#0b3d91' },
  ])
}

export async function renderReportPdf(
  model: ReportModel,
  opts: RenderReportOptions = {},
): Promise<Buffer> {
  const dd = reportDocDefinition(model, { radarSvg: radarFor(model) })
  const pdf = await renderPdf(dd, { fontDir: opts.fontDir })
  return opts.credential ? signPdf(pdf, opts.credential, opts.signOptions) : pdf
}

/** Page count from the page tree root (/Type /Pages … /Count n) of a pdfkit-written PDF. */
export function pageCount(pdf: Uint8Array): number {
  const m = /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'))
  return m ? Number(m[1]) : 0
}
