/**
 * ReportModel → PDF bytes (optionally signed): radar SVG (echarts SSR) + doc definition +
 * pdfmake printer + PAdES signature. The one entry the CLI, the service and the bench use.
 */
import { X509Certificate } from 'node:crypto'
import type { ReportFile } from '../../../shared/domain/report/report-data'
import type { ReportModel } from '../../../shared/domain/report/types'
import type { SigningCredential } from './certificates'
import { reportDocDefinition } from './doc-definition'
import { SIGNATURE_WIDGET_RECT, type VisibleSignature } from './doc/signature-block'
import { type SignPdfOptions, signPdf } from './pdf-signer'
import { renderPdf } from './printer'
import { renderRadarSvg } from './radar-chart'

export interface RenderReportOptions {
  /** Sign with this credential; unsigned when absent. A draft is never signed. */
  credential?: SigningCredential
  signOptions?: SignPdfOptions
  /** The files report.json lists (model.header.data.attachments), embedded next to it. */
  files: ReportFile[]
  fontDir?: string
}

/** Raised when a draft is asked to be signed; `reasons` are the model's draft reasons. */
export class DraftSigningError extends Error {
  constructor(readonly reasons: string[]) {
    super(`sign: 草稿不能签名（${reasons.join('；')}）`)
    this.name = 'DraftSigningError'
  }
}

/** CN and O as the certificate subject states them, its SHA-256 fingerprint. */
export function visibleSignature(
  credential: SigningCredential,
  signingTime: Date,
): VisibleSignature {
  const x = new X509Certificate(credential.certificate)
  const field = (name: string): string =>
    x.subject
      .split('\n')
      .find((l) => l.startsWith(`${name}=`))
      ?.slice(name.length + 1) ?? ''
  return {
    signerName: field('CN'),
    signerOrg: field('O'),
    signingTime: signingTime.toISOString(),
    fingerprint256: x.fingerprint256,
    selfIssued: x.subject === x.issuer,
  }
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
  opts: RenderReportOptions,
): Promise<Buffer> {
  if (opts.credential && !model.header.formal)
    throw new DraftSigningError(model.header.draftReasons)
  // Whole seconds: the CMS signingTime (UTCTime) has no fractions, the printed time must match.
  const signingTime = new Date(
    Math.floor((opts.signOptions?.signingTime ?? new Date()).getTime() / 1000) * 1000,
  )
  const signature = opts.credential ? visibleSignature(opts.credential, signingTime) : null
  const dd = reportDocDefinition(model, { radarSvg: radarFor(model), signature, files: opts.files })
  const pdf = await renderPdf(dd, { fontDir: opts.fontDir })
  return opts.credential
    ? signPdf(pdf, opts.credential, {
        ...opts.signOptions,
        signingTime,
        widgetRect: SIGNATURE_WIDGET_RECT,
      })
    : pdf
}

/** Page count from the page tree root (/Type /Pages … /Count n) of a pdfkit-written PDF. */
export function pageCount(pdf: Uint8Array): number {
  const m = /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'))
  return m ? Number(m[1]) : 0
}
