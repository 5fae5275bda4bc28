/** The cover page of every report. */
import type { Content } from 'pdfmake/interfaces'
import type { LabelValue, ReportHeader } from '../../../../shared/domain/report/types'
import { confidentialityStamp } from './chrome'
import { COLORS } from './theme'

export interface CoverHeadline {
  label: string
  value: string
  color?: string
}

/**
 * The cover: number, title, enterprise, the headline (total, level and, for an acceptance, the
 * verdict), the facts table, the QR code and the report hash; the signature box at the bottom
 * (coverSignatureBox). Kept on one page for long enterprise names (the name shrinks).
 */
export function cover(
  header: ReportHeader,
  facts: LabelValue[],
  headline: CoverHeadline[],
  signatureBox: Content,
): Content[] {
  const nameLength = [...header.enterpriseName].length
  return [
    {
      columns: [
        { text: '', width: '*' },
        {
          width: 40,
          ...confidentialityStamp(header.confidentiality, 12, {
            hLineWidth: () => 1.2,
            vLineWidth: () => 1.2,
          }),
        },
      ],
    } as Content,
    {
      text: `报告编号：${header.reportNumber}`,
      fontSize: 9.5,
      color: COLORS.muted,
      alignment: 'right',
      margin: [0, 6, 0, 0],
    },
    {
      text: header.title,
      fontSize: 24,
      bold: true,
      color: COLORS.navy,
      alignment: 'center',
      margin: [0, 22, 0, 6],
    },
    { text: header.subtitle, fontSize: 10.5, color: COLORS.muted, alignment: 'center' },
    {
      canvas: [
        { type: 'line', x1: 120, y1: 0, x2: 363, y2: 0, lineWidth: 1.5, lineColor: COLORS.navy },
      ],
      margin: [0, 10, 0, 10],
    },
    {
      text: header.enterpriseName,
      fontSize: nameLength > 40 ? 12.5 : nameLength > 24 ? 14.5 : 17,
      bold: true,
      alignment: 'center',
      color: COLORS.ink,
      margin: [0, 0, 0, 10],
    },
    headlineBox(header, headline),
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 340,
          table: {
            widths: [76, '*'],
            body: facts.map((f) => [
              {
                text: f.label,
                style: 'th',
                alignment: 'right',
                border: [false, false, false, false],
              },
              { text: f.value, fontSize: 9.5, border: [false, false, false, true] },
            ]),
          },
          layout: {
            hLineColor: () => COLORS.rule,
            hLineWidth: () => 0.6,
            paddingTop: () => 2.5,
            paddingBottom: () => 2.5,
          },
        },
        { width: '*', text: '' },
      ],
    } as Content,
    {
      margin: [0, 10, 0, 0],
      columns: [
        { width: '*', text: '' },
        {
          width: 'auto',
          qr: header.qrText,
          fit: 76,
          eccLevel: 'M',
          foreground: COLORS.ink,
        },
        {
          width: 250,
          margin: [10, 6, 0, 0],
          stack: [
            { text: '扫码核验报告（报告编号与摘要）', style: 'small' },
            { text: `报告摘要 SHA-256：`, style: 'small', margin: [0, 4, 0, 0] },
            { text: header.reportHash, fontSize: 7, color: COLORS.muted },
            {
              text: `评测依据：目录 ${header.catalogue.id}（摘要 ${header.catalogue.hash.slice(0, 12)}…），等级规则 ${header.ruleProfile.id}`,
              style: 'small',
              margin: [0, 4, 0, 0],
            },
          ],
        },
        { width: '*', text: '' },
      ],
    } as Content,
    { ...(signatureBox as object), pageBreak: 'after' } as Content,
  ]
}

function headlineBox(header: ReportHeader, headline: CoverHeadline[]): Content {
  const cells = headline.map((x) => ({
    stack: [
      { text: x.label, fontSize: 8.5, color: COLORS.muted, alignment: 'center' },
      {
        text: x.value,
        fontSize: 15,
        bold: true,
        color: x.color ?? COLORS.navy,
        alignment: 'center',
      },
    ],
  }))
  return {
    margin: [40, 0, 40, 10],
    table: {
      widths: headline.map(() => '*'),
      body: [
        cells,
        ...(header.formal
          ? []
          : [
              [
                {
                  text: `草稿：${header.draftReasons.join('；')}。不作为正式报告使用。`,
                  colSpan: headline.length,
                  fontSize: 8.5,
                  color: COLORS.bad,
                  alignment: 'center',
                },
                ...headline.slice(1).map(() => ({ text: '' })),
              ],
            ]),
      ],
    },
    layout: 'dlBox',
  } as Content
}
