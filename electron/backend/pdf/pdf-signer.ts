/**
 * Signs a finished PDF (PAdES-style: an incremental update with a signature field whose
 * /Contents holds a detached CMS over the /ByteRange).
 *
 * @signpdf/placeholder-plain appends the placeholder, @signpdf/signpdf fills the byte range and
 * calls our pkijs signer (cms-signer.ts). The placeholder writes its text fields through
 * `Buffer.from(string)` (UTF-8) after converting non-ASCII to UTF-16 bytes, which corrupts
 * them, so Reason/Name/Location/ContactInfo are kept ASCII here; the signer's Chinese name is
 * in the certificate, where every reader shows it.
 */
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { SignPdf } from '@signpdf/signpdf'
import { SUBFILTER_ADOBE_PKCS7_DETACHED, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import type { SigningCredential } from './certificates'
import { PkijsCmsSigner } from './cms-signer'

export type SignatureSubFilter = 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached'

export interface SignPdfOptions {
  /** ASCII only (see above). */
  reason?: string
  location?: string
  contactInfo?: string
  name?: string
  signingTime?: Date
  /** Default ETSI.CAdES.detached (the CMS carries signingCertificateV2). */
  subFilter?: SignatureSubFilter
  /** Bytes reserved for the CMS; default 16384 (room for a CA chain). */
  signatureLength?: number
  /** The signature field's widget [x1 y1 x2 y2] on page 1 (the visible block); default none. */
  widgetRect?: [number, number, number, number]
}

function ascii(field: string, value: string | undefined, fallback: string): string {
  const v = value ?? fallback
  if (!/^[\x20-\x7e]*$/.test(v)) throw new Error(`${field} must be printable ASCII`)
  return v
}

export async function signPdf(
  pdf: Uint8Array,
  credential: SigningCredential,
  opts: SignPdfOptions = {},
): Promise<Buffer> {
  const signingTime = opts.signingTime ?? new Date()
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: Buffer.from(pdf),
    reason: ascii('reason', opts.reason, 'dl-assessor report (MIIT 2024 SME digital level)'),
    contactInfo: ascii('contactInfo', opts.contactInfo, ''),
    name: ascii('name', opts.name, 'dl-assessor'),
    location: ascii('location', opts.location, 'Hebi, CN'),
    signingTime,
    signatureLength: opts.signatureLength ?? 16384,
    subFilter:
      opts.subFilter === 'adbe.pkcs7.detached'
        ? SUBFILTER_ADOBE_PKCS7_DETACHED
        : SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'dl-assessor',
    widgetRect: opts.widgetRect ?? [0, 0, 0, 0],
  })
  return new SignPdf().sign(
    fixStartXref(withPlaceholder),
    new PkijsCmsSigner(credential),
    signingTime,
  )
}

/**
 * placeholder-plain 3.3 writes the incremental update's `startxref` one byte early (it points
 * at the newline before `xref`); qpdf --check warns "extraneous whitespace seen before xref".
 * Fix the offset before signing (the trailer is inside the signed byte range).
 */
export function fixStartXref(pdf: Buffer): Buffer {
  const tail = pdf.lastIndexOf('startxref')
  if (tail < 0) return pdf
  const m = /^startxref\s+(\d+)/.exec(pdf.subarray(tail, tail + 40).toString('latin1'))
  if (!m) return pdf
  const offset = Number(m[1])
  let at = offset
  while (at < pdf.length && (pdf[at] === 0x0a || pdf[at] === 0x0d || pdf[at] === 0x20)) at++
  if (at === offset || pdf.subarray(at, at + 4).toString('latin1') !== 'xref') return pdf
  const numberStart = tail + m[0].length - m[1]!.length
  return Buffer.concat([
    pdf.subarray(0, numberStart),
    Buffer.from(String(at)),
    pdf.subarray(numberStart + m[1]!.length),
  ])
}
