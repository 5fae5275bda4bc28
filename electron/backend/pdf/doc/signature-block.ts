/**
 * The visible signature (issue 11 item 6): a box on the cover, at a fixed place, whose rectangle
 * is the widget of the PDF signature field (pdf-signer.ts passes SIGNATURE_WIDGET_RECT), with the
 * signer's CN and O as the certificate states them, the signing time and the certificate's
 * SHA-256 fingerprint; the assessor named in the assessment beside it (both with their roles
 * when they differ). Unsigned: 「未签名」 and no claim of a signature. A draft: never signed.
 * The 签章 chapter repeats the same facts under the table of the people involved.
 */
import type { Content, TableCell } from 'pdfmake/interfaces'
import type { ReportHeader, ReportSignatory } from '../../../../shared/domain/report/types'
import { COLORS, table, td } from './theme'

/** What the printed block says about the signature that will be applied. */
export interface VisibleSignature {
  /** CN and O of the certificate subject, verbatim. */
  signerName: string
  signerOrg: string
  /** ISO-8601; the same instant goes into the CMS signingTime. */
  signingTime: string
  /** SHA-256 of the certificate DER, colon-separated hex (as OpenSSL prints it). */
  fingerprint256: string
  selfIssued: boolean
}

/** The cover box, in pdfmake coordinates (origin top left, points; A4 595.28 × 841.89). */
export const SIGNATURE_BOX = { x: 56, y: 684, width: 483.28, height: 106 }
const A4_HEIGHT = 841.89

/** The same rectangle in PDF user space [x1 y1 x2 y2] (origin bottom left), for the field. */
export const SIGNATURE_WIDGET_RECT: [number, number, number, number] = [
  SIGNATURE_BOX.x,
  Math.round((A4_HEIGHT - SIGNATURE_BOX.y - SIGNATURE_BOX.height) * 100) / 100,
  Math.round((SIGNATURE_BOX.x + SIGNATURE_BOX.width) * 100) / 100,
  Math.round((A4_HEIGHT - SIGNATURE_BOX.y) * 100) / 100,
]

/** 2025-10-10 14:03:05 (UTC+8): the signing time in China Standard Time, as printed. */
export function cstTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`
}

function assessorOf(signatories: ReportSignatory[]): ReportSignatory | undefined {
  return signatories.find((s) => s.name)
}

/** Lines of the e-signature facts (cover box and 签章 chapter). */
export function signatureLines(
  h: ReportHeader,
  signatories: ReportSignatory[],
  sig: VisibleSignature | null,
): { status: string; color: string; lines: string[] } {
  const a = assessorOf(signatories)
  const assessor = a ? `${a.name}${a.agency ? `（${a.agency}）` : ''}` : '—'
  if (!h.formal)
    return {
      status: '草稿 · 不可签名',
      color: COLORS.bad,
      lines: [
        `本报告为草稿，不能签名，不作为正式报告使用。原因：${h.draftReasons.join('；')}。`,
        `${a?.role ?? '评测人员'}（评测记录）：${assessor}`,
      ],
    }
  if (!sig)
    return {
      status: '未签名',
      color: COLORS.accent,
      lines: [
        '本报告未经电子签名：无法证明出具人，也无法发现改动。正式使用前须由评测人员以其证书签署。',
        `${a?.role ?? '评测人员'}（评测记录）：${assessor}`,
      ],
    }
  const same = a !== undefined && sig.signerName === a.name
  const signer = `${sig.signerName}${sig.signerOrg ? `（${sig.signerOrg}）` : ''}`
  return {
    status: '已电子签名',
    color: COLORS.good,
    lines: [
      ...(same
        ? [`签署人（证书）：${signer}，即${a!.role}`]
        : [`签署人（证书）：${signer}`, `${a?.role ?? '评测人员'}（评测记录）：${assessor}`]),
      `签名时间：${cstTime(sig.signingTime)}${sig.selfIssued ? '\u3000证书：自签发' : ''}`,
      `证书指纹 SHA-256：${sig.fingerprint256}`,
    ],
  }
}

/** The box on the cover (absolutely positioned; the signature field's widget covers it). */
export function coverSignatureBox(
  h: ReportHeader,
  signatories: ReportSignatory[],
  sig: VisibleSignature | null,
): Content {
  const s = signatureLines(h, signatories, sig)
  return {
    absolutePosition: { x: SIGNATURE_BOX.x, y: SIGNATURE_BOX.y },
    table: {
      widths: [SIGNATURE_BOX.width - 20],
      heights: [SIGNATURE_BOX.height - 16],
      body: [
        [
          {
            stack: [
              {
                text: [
                  { text: '电子签名\u3000', bold: true, fontSize: 10, color: COLORS.ink },
                  { text: s.status, bold: true, fontSize: 12, color: s.color },
                ],
                lineHeight: 1.1,
              },
              ...s.lines.map((l) => ({
                text: l,
                fontSize: 8,
                color: COLORS.ink,
                margin: [0, 2, 0, 0],
              })),
            ],
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 1,
      vLineWidth: () => 1,
      hLineColor: () => s.color,
      vLineColor: () => s.color,
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 6,
      paddingBottom: () => 6,
    },
  } as Content
}

/** The 签章 chapter: the people, then the e-signature facts; kept on one page together. */
export function signatureSection(
  h: ReportHeader,
  signatories: ReportSignatory[],
  sig: VisibleSignature | null,
): Content[] {
  const rows = signatories.filter((s) => s.name || s.agency)
  const s = signatureLines(h, signatories, sig)
  return [
    {
      unbreakable: true,
      stack: [
        table(
          [80, 90, '*', 110],
          ['角色', '姓名', '所属机构', '签字 / 日期'],
          [
            ...rows.map((r) => [td(r.role), td(r.name), td(r.agency), td('')]),
            [td('企业确认'), td(''), td(h.enterpriseName), td('（盖章）')],
          ].map((r) => r.map((c) => ({ ...(c as object), margin: [0, 6, 0, 6] }) as TableCell)),
        ),
        {
          margin: [0, 12, 0, 0],
          columns: [
            { qr: h.qrText, fit: 78, eccLevel: 'M', width: 90 },
            {
              width: '*',
              stack: [
                {
                  text: [
                    { text: '电子签名与核验\u3000', bold: true, fontSize: 9.5 },
                    { text: s.status, bold: true, fontSize: 9.5, color: s.color },
                  ],
                  margin: [0, 0, 0, 3],
                },
                ...s.lines.map((l) => ({ text: l, style: 'td' })),
                {
                  text: sig
                    ? '签名为 PDF 电子签名（CMS/PAdES），可在任一支持签名的 PDF 阅读器、用 pdfsig 或 `npm run assess -- verify-report` 核验；文件任何改动都会使签名失效。'
                    : '报告数据（report.json）与评测数据已嵌入本文件，可用 `npm run assess -- verify-report` 重新计分核对。',
                  style: 'small',
                  margin: [0, 3, 0, 0],
                },
                {
                  text: `报告摘要 SHA-256：${h.reportHash}`,
                  style: 'mono',
                  margin: [0, 4, 0, 0],
                },
                {
                  text: `报告编号：${h.reportNumber}\u3000出具日期：${h.issuedOn}`,
                  style: 'small',
                  margin: [0, 2, 0, 0],
                },
              ],
            },
          ],
        },
      ],
    } as Content,
  ]
}
