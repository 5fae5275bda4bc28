/** Colours, table layouts, text styles and the small building blocks every chapter uses. */
import type {
  Content,
  CustomTableLayout,
  TDocumentDefinitions,
  TableCell,
} from 'pdfmake/interfaces'
import type { ReportFile } from '../../../../shared/domain/report/report-data'
import type { LabelValue } from '../../../../shared/domain/report/types'
import type { VisibleSignature } from './signature-block'

export const COLORS = {
  navy: '#0b3d91',
  ink: '#1f2d3d',
  muted: '#5b6b7f',
  rule: '#c9d4e3',
  headFill: '#e6edf7',
  zebra: '#f7f9fc',
  accent: '#d4380d',
  good: '#237804',
  bad: '#a8071a',
  constrained: '#fff1e6',
}

/** Named table layouts (registered with pdfmake by printer.ts). */
export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  dlTable: {
    fillColor: (row: number) => (row === 0 ? COLORS.headFill : row % 2 === 0 ? COLORS.zebra : null),
    hLineWidth: (i: number, node) =>
      i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.4,
    vLineWidth: () => 0,
    hLineColor: (i: number) => (i <= 1 ? '#8fa3bf' : COLORS.rule),
    paddingLeft: () => 5,
    paddingRight: () => 5,
    paddingTop: () => 3.5,
    paddingBottom: () => 3.5,
  },
  dlKeyValue: {
    fillColor: (_row: number, _node, col: number) => (col % 2 === 0 ? COLORS.headFill : null),
    hLineWidth: () => 0.4,
    vLineWidth: () => 0.4,
    hLineColor: () => COLORS.rule,
    vLineColor: () => COLORS.rule,
    paddingLeft: () => 6,
    paddingRight: () => 6,
    paddingTop: () => 4,
    paddingBottom: () => 4,
  },
  dlBox: {
    hLineWidth: () => 1,
    vLineWidth: () => 1,
    hLineColor: () => COLORS.navy,
    vLineColor: () => COLORS.navy,
    fillColor: () => '#f3f6fb',
    paddingLeft: () => 10,
    paddingRight: () => 10,
    paddingTop: () => 8,
    paddingBottom: () => 8,
  },
}

export interface DocAssets {
  /** Radar chart SVG (radar-chart.ts). */
  radarSvg: string
  /** The signature that will be applied (printed in the visible block); null = unsigned. */
  signature?: VisibleSignature | null
  /** The files report.json lists, embedded next to it (default: none, for layout tests). */
  files?: ReportFile[]
}

export const STYLES: TDocumentDefinitions['styles'] = {
  h1: { fontSize: 15, bold: true, color: COLORS.navy, margin: [0, 16, 0, 8] },
  h2: { fontSize: 11.5, bold: true, color: COLORS.ink, margin: [0, 10, 0, 5] },
  th: { bold: true, fontSize: 8.5, color: COLORS.ink },
  td: { fontSize: 8.5, color: COLORS.ink, lineHeight: 1.3 },
  small: { fontSize: 8, color: COLORS.muted },
  mono: { fontSize: 7.5, color: COLORS.ink },
  note: { fontSize: 8.5, color: COLORS.muted, italics: false, margin: [0, 4, 0, 0] },
}

export const th = (text: string): TableCell => ({ text, style: 'th' })
export const td = (text: string | Content, extra: Record<string, unknown> = {}): TableCell =>
  (typeof text === 'string'
    ? { text, style: 'td', ...extra }
    : { stack: [text], style: 'td', ...extra }) as TableCell

export function table(
  widths: (string | number)[],
  header: string[],
  rows: TableCell[][],
  layout = 'dlTable',
): Content {
  return {
    table: { headerRows: 1, dontBreakRows: true, widths, body: [header.map(th), ...rows] },
    layout,
  } as Content
}

/**
 * Label–value pairs, two to a row. A value with a run pdfmake cannot break (a SHA-256, a key id)
 * longer than a half row holds gets the whole row: pdfmake would otherwise widen its column past
 * the page's right margin (seen with the acceptance report's cited 签名包摘要, 2026-12-07).
 */
export function keyValueTable(rows: LabelValue[]): Content {
  const body: TableCell[][] = []
  let left: LabelValue | undefined
  const flush = (b?: LabelValue): void => {
    if (!left) return
    body.push([
      { text: left.label, style: 'th' },
      { text: left.value, style: 'td' },
      { text: b?.label ?? '', style: 'th' },
      { text: b?.value ?? '', style: 'td' },
    ])
    left = undefined
  }
  for (const r of rows) {
    if (longestUnbreakableRun(r.value) > HALF_ROW_RUN) {
      flush()
      body.push([
        { text: r.label, style: 'th' },
        { text: r.value, style: 'td', colSpan: 3 },
        {},
        {},
      ])
    } else if (left) flush(r)
    else left = r
  }
  flush()
  return { table: { widths: [70, '*', 70, '*'], body }, layout: 'dlKeyValue' } as Content
}

/** Digits and Latin letters a half row's value column holds (about 159 pt at the td size). */
const HALF_ROW_RUN = 28

/** Length of the longest run without a space, hyphen or CJK character (where pdfmake breaks). */
export function longestUnbreakableRun(text: string): number {
  let longest = 0
  for (const run of text.split(/[\s\-\u2e80-\u9fff\uff00-\uffef]+/))
    longest = Math.max(longest, [...run].length)
  return longest
}

/** A chapter heading; also a bookmark (PDF outline) entry. */
export function h1(text: string): Content {
  return { text, style: 'h1', headlineLevel: 1, outline: true } as Content
}
export function h2(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2 }
}

/**
 * Keeps headings with what follows: a section heading that would start in the bottom 18 % of a
 * page (a sub-heading: 12 %) moves to the next page instead of standing alone.
 */
