/**
 * Document metadata of a report PDF (issue 11 item 7): PDF/A-3b identification (pdfkit writes
 * the pdfaid XMP entries and the sRGB output intent for `subset`), the document info that pdfkit
 * also writes as XMP dc:title / dc:creator / dc:description, and the embedded files — report.json
 * first, then the signed data it lists — as PDF/A-3 associated files (AFRelationship Data).
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { canonicalJson } from '../../../../shared/domain/canonical-json'
import { sha256Hex } from '../../../../shared/domain/hash'
import { REPORT_DATA_NAME, type ReportFile } from '../../../../shared/domain/report/report-data'
import type { ReportHeader } from '../../../../shared/domain/report/types'

export type EmbeddedFile = ReportFile

export const PDFA_SUBSET = 'PDF/A-3b'

/** report.json: the canonical JSON of the report data; its SHA-256 is the report hash. */
export function reportDataFile(h: ReportHeader): ReportFile {
  return {
    name: REPORT_DATA_NAME,
    bytes: new TextEncoder().encode(canonicalJson(h.data)),
    mime: 'application/json',
    description: `报告数据（sme-dl-report/v1）；其 SHA-256 即报告摘要 ${h.reportHash}`,
  }
}

/** Checks that the files are exactly those report.json lists (name, SHA-256, size), in order. */
export function checkFiles(h: ReportHeader, files: readonly ReportFile[]): void {
  const want = h.data.attachments
  const names = files.map((f) => f.name).join(', ')
  if (want.length !== files.length)
    throw new Error(
      `attachments: report.json lists ${want.map((a) => a.name).join(', ')}; given ${names}`,
    )
  want.forEach((a, i) => {
    const f = files[i]!
    if (f.name !== a.name || f.bytes.length !== a.size || sha256Hex(f.bytes) !== a.sha256)
      throw new Error(`attachments: ${f.name} is not the file report.json lists as ${a.name}`)
  })
}

/** The assessor named in the report (first signatory with a name), for the XMP author. */
export function authorOf(signatories: readonly { name: string; agency: string }[]): string {
  const a = signatories.find((s) => s.name)
  return a ? `${a.name}${a.agency ? `（${a.agency}）` : ''}` : 'dl-assessor'
}

export function metadataOf(
  h: ReportHeader,
  files: readonly ReportFile[],
  author: string,
): Pick<TDocumentDefinitions, 'info' | 'version' | 'subset' | 'files' | 'language'> {
  checkFiles(h, files)
  const created = new Date(`${h.issuedOn}T00:00:00Z`)
  const all = [reportDataFile(h), ...files]
  return {
    version: '1.7',
    subset: PDFA_SUBSET,
    language: 'zh-CN',
    info: {
      title: `${h.title}${h.formal ? '' : '（草稿）'} - ${h.enterpriseName}`,
      author,
      subject: `报告编号 ${h.reportNumber}; 报告摘要 SHA-256 ${h.reportHash}`,
      creator: 'dl-assessor',
      producer: 'dl-assessor (pdfmake)',
      keywords: h.reportNumber,
    },
    files: Object.fromEntries(
      all.map((f) => [
        f.name,
        {
          src: `data:${f.mime};base64,${Buffer.from(f.bytes).toString('base64')}`,
          name: f.name,
          description: f.description,
          relationship: 'Data',
          creationDate: created,
          modifiedDate: created,
        },
      ]),
    ) as TDocumentDefinitions['files'],
  }
}
