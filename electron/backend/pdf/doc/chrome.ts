/**
 * Page chrome and document frame: header (report number, 保密), footer (page x / y, hash), the
 * 「草稿」 watermark of a draft on every page, headings kept with what follows, and the metadata:
 * PDF/A-3b, XMP title/author/subject (pdfkit writes the XMP from `info`), embedded files.
 */
import type { Content, ContextPageSize, TDocumentDefinitions } from 'pdfmake/interfaces'
import type { ReportHeader } from '../../../../shared/domain/report/types'
import { COLORS, STYLES } from './theme'
import { metadataOf, type EmbeddedFile } from './metadata'

export function keepHeadingsWithContent(node: {
  headlineLevel?: number
  startPosition: { verticalRatio?: number }
}): boolean {
  const ratio = node.startPosition.verticalRatio ?? 0
  return (node.headlineLevel === 1 && ratio > 0.82) || (node.headlineLevel === 2 && ratio > 0.88)
}

/** The header's enterprise name: long names are cut so the report number always fits. */
export function headerName(name: string, max = 22): string {
  const chars = [...name]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : name
}

function pageChrome(
  header: ReportHeader,
  shortTitle: string,
): Pick<TDocumentDefinitions, 'header' | 'footer'> {
  return {
    header: (currentPage: number) =>
      currentPage === 1
        ? null
        : ({
            margin: [56, 22, 56, 0],
            columns: [
              {
                width: '*',
                text: `${shortTitle}${header.formal ? '' : '（草稿）'}\u3000|\u3000${headerName(header.enterpriseName)}`,
                fontSize: 8,
                color: COLORS.muted,
              },
              {
                width: 'auto',
                text: `报告编号：${header.reportNumber}`,
                // never broken at its hyphens: pdfmake then gave the column the width of the
                // longest piece and the number's last character went to a line the header hides
                noWrap: true,
                fontSize: 8,
                color: COLORS.muted,
                alignment: 'right',
              },
              {
                width: 34,
                ...confidentialityStamp(header.confidentiality, 8, {
                  paddingTop: () => 0,
                  paddingBottom: () => 0,
                }),
                margin: [8, -2, 0, 0],
              },
            ],
          } as Content),
    footer: (currentPage: number, pageCount: number, _pageSize?: ContextPageSize) =>
      ({
        margin: [56, 10, 56, 0],
        columns: [
          { text: `报告编号 ${header.reportNumber}`, fontSize: 7.5, color: COLORS.muted },
          {
            text: `第 ${currentPage} 页 / 共 ${pageCount} 页`,
            fontSize: 8,
            alignment: 'center',
            color: COLORS.ink,
          },
          {
            text: `${header.confidentiality}\u3000SHA-256 ${header.reportHash.slice(0, 16)}…`,
            fontSize: 7.5,
            color: COLORS.muted,
            alignment: 'right',
          },
        ],
      }) as Content,
  }
}

/** The boxed 保密 stamp (page header and cover): one accent-framed cell. */
export function confidentialityStamp(
  text: string,
  fontSize: number,
  layout: Record<string, () => number>,
) {
  return {
    table: {
      body: [[{ text, fontSize, bold: true, color: COLORS.accent, alignment: 'center' as const }]],
    },
    layout: { hLineColor: () => COLORS.accent, vLineColor: () => COLORS.accent, ...layout },
  }
}

/** 「草稿」 across every page of a draft (pdfmake draws the watermark on each page). */
export function draftWatermark(h: ReportHeader): TDocumentDefinitions['watermark'] {
  return h.formal
    ? undefined
    : { text: '草稿', color: COLORS.bad, opacity: 0.13, bold: true, fontSize: 150, angle: -40 }
}

export function base(
  h: ReportHeader,
  shortTitle: string,
  content: Content[],
  files: readonly EmbeddedFile[],
  author: string,
): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [56, 52, 56, 48],
    ...metadataOf(h, files, author),
    ...pageChrome(h, shortTitle),
    watermark: draftWatermark(h),
    pageBreakBefore: (node) =>
      keepHeadingsWithContent(node as Parameters<typeof keepHeadingsWithContent>[0]),
    content,
    styles: STYLES,
    defaultStyle: { fontSize: 10, lineHeight: 1.4, color: COLORS.ink },
  }
}
