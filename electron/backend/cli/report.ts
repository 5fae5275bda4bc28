/**
 * `npm run assess -- report FILE -o OUT.pdf …`: the 诊断报告 or 验收评价 of an
 * `sme-dl-assessment/v1` file as a PDF, signed (PAdES) when a certificate is given.
 *
 *   --p12 P12 --pass-env VAR          sign with the assessor's .p12/.pfx (password from $VAR)
 *   --self-signed "张三/鹤壁市某评测机构" sign with a new self-issued certificate (CN/O);
 *                                     add --save-p12 PATH --pass-env VAR to keep it
 *   --kind diagnosis|acceptance       default: acceptance for an acceptance file, else diagnosis
 *   --before FILE2                    the diagnosis before the retrofit (acceptance only)
 *   --investment YUAN                 actual investment (实际投入), yuan with up to 2 decimals
 *   --diagnosis-cost YUAN             actual diagnosis cost (optional)
 *   --issued-on YYYY-MM-DD            date printed on the report (default: today, local)
 *   --number NO                       report number (default: derived from the content hash)
 * Without --p12 / --self-signed the PDF is unsigned and the command says so.
 */
import { isCalendarDate, resolveFile } from '../../../shared/domain/assessment-file'
import { localDate } from '../../../shared/domain/dates'
import { hasUnsafeDisplayChars } from '../../../shared/domain/text/display'
import { buildAcceptanceReport, buildDiagnosisReport } from '../../../shared/domain/report'
import type { ReportModel } from '../../../shared/domain/report/types'
import { HEBI_2024 } from '../../../shared/domain/subsidy'
import {
  CredentialError,
  createSelfIssued,
  describeCertificate,
  exportP12,
  loadP12,
  type SigningCredential,
} from '../pdf/certificates'
import { pageCount, renderReportPdf } from '../pdf/report-pdf'

export { pageCount }
import { CliError, type CliCommand, type CliIo } from './cli-error'
import { MAX_KEY_BYTES, readInputBytes, writeOutput } from './cli-files'
import { one, parseFlags, passphraseFrom, required, type ParsedFlags } from './parse-flags'
import { ruleProfilesOf } from './rule-profile-flags'
import { readAssessmentFile } from './score'

const USAGE =
  'usage: npm run assess -- report FILE -o OUT.pdf [--p12 P12 --pass-env VAR | --self-signed "CN/O" [--save-p12 PATH --pass-env VAR]] [--kind diagnosis|acceptance --before FILE2 --investment YUAN] [--rule-profile FILE.json… [--server-key PEM]]'

/** '1234567.8' → 123456780 fen; exact decimal parsing, never floats. */
export function parseYuan(flag: string, text: string): number {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''))
  if (!m)
    throw new CliError(`${flag}: must be an amount in yuan with up to 2 decimals, got '${text}'`)
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

async function credentialFrom(
  p: ParsedFlags,
  io: CliIo,
): Promise<{ credential: SigningCredential; note: string } | null> {
  const p12 = one(p, '--p12')
  const self = one(p, '--self-signed')
  if (p12 && self) throw new CliError('--p12 and --self-signed: give one of them, not both')
  if (p12) {
    const pass = passphraseFrom(p, io.env, USAGE)
    const bytes = readInputBytes('--p12', p12, MAX_KEY_BYTES)
    try {
      const credential = loadP12(bytes, pass)
      return { credential, note: `signed with ${p12}` }
    } catch (e) {
      if (e instanceof CredentialError) throw new CliError(`--p12: ${e.message}`)
      throw e
    }
  }
  if (self) {
    const [cn, org] = self.split('/').map((s) => s.trim())
    if (!cn) throw new CliError('--self-signed: expected "CN/O", e.g. "张三/鹤壁市某评测机构"')
    if (hasUnsafeDisplayChars(self) || self.length > 128)
      throw new CliError('--self-signed: at most 128 characters, no control or bidi characters')
    const credential = await createSelfIssued({ commonName: cn, organization: org || undefined })
    const save = one(p, '--save-p12')
    if (save) {
      const pass = passphraseFrom(p, io.env, USAGE)
      writeOutput('--save-p12', save, exportP12(credential, pass, cn), { exclusive: true })
      return { credential, note: `signed with a new self-issued certificate, saved to ${save}` }
    }
    return {
      credential,
      note: 'signed with a new self-issued certificate (not saved: add --save-p12 PATH --pass-env VAR to keep it)',
    }
  }
  if (one(p, '--save-p12')) throw new CliError('--save-p12: only with --self-signed')
  return null
}

export const reportCommand: CliCommand = {
  summary:
    '诊断报告 / 验收评价 as a (signed) PDF: report FILE -o OUT.pdf [--p12 P12 --pass-env VAR]',
  async run(args, io) {
    const p = parseFlags(
      args,
      {
        '-o': 'value',
        '--p12': 'value',
        '--pass-env': 'value',
        '--self-signed': 'value',
        '--save-p12': 'value',
        '--kind': 'value',
        '--before': 'value',
        '--investment': 'value',
        '--diagnosis-cost': 'value',
        '--issued-on': 'value',
        '--number': 'value',
        '--rule-profile': 'value',
        '--server-key': 'value',
      },
      { '--out': '-o', '--output': '-o' },
      USAGE,
    )
    const [path, ...extra] = p.positional
    if (!path) throw new CliError(`FILE: missing; ${USAGE}`)
    if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'; ${USAGE}`)
    const out = required(p, '-o', USAGE)
    if (!out.toLowerCase().endsWith('.pdf'))
      throw new CliError(`-o: the output file must end in .pdf, got '${out}'`)
    const issuedOn = one(p, '--issued-on') ?? localDate(new Date())
    if (!isCalendarDate(issuedOn))
      throw new CliError(`--issued-on: must be a calendar date YYYY-MM-DD, got '${issuedOn}'`)
    const number = one(p, '--number')
    if (
      number !== undefined &&
      (!number.trim() || number.length > 64 || hasUnsafeDisplayChars(number))
    )
      throw new CliError('--number: 1 to 64 characters, no control or bidi characters')

    const registry = ruleProfilesOf(
      p.flags.get('--rule-profile') ?? [],
      one(p, '--server-key'),
      USAGE,
    )
    const file = await readAssessmentFile(path, registry)
    const kindFlag = one(p, '--kind')
    if (kindFlag && kindFlag !== 'diagnosis' && kindFlag !== 'acceptance') {
      throw new CliError(`--kind: must be diagnosis or acceptance, got '${kindFlag}'`)
    }
    const kind = kindFlag ?? (file.kind === 'acceptance' ? 'acceptance' : 'diagnosis')
    const { pinned, profile } = resolveFile(file, registry)

    let model: ReportModel
    try {
      if (kind === 'diagnosis') {
        if (one(p, '--before')) throw new CliError('--before: only with --kind acceptance')
        model = buildDiagnosisReport({ file, pinned, profile, issuedOn, reportNumber: number })
      } else {
        const beforePath = one(p, '--before')
        if (!beforePath)
          throw new CliError(
            `--before: required for an acceptance report (the diagnosis before the retrofit); ${USAGE}`,
          )
        const investment = one(p, '--investment')
        if (investment === undefined)
          throw new CliError('--investment: required for an acceptance report (实际投入, yuan)')
        const cost = one(p, '--diagnosis-cost')
        const before = await readAssessmentFile(beforePath, registry, '--before')
        model = buildAcceptanceReport({
          before,
          after: file,
          pinned,
          profile,
          policy: HEBI_2024,
          investmentFen: parseYuan('--investment', investment),
          diagnosisCostFen: cost === undefined ? undefined : parseYuan('--diagnosis-cost', cost),
          issuedOn,
          reportNumber: number,
        })
      }
    } catch (e) {
      if (e instanceof CliError) throw e
      throw new CliError(e instanceof Error ? e.message.split('\n')[0]! : String(e))
    }

    const signing = await credentialFrom(p, io)
    const pdf = await renderReportPdf(model, { credential: signing?.credential })
    writeOutput('-o', out, pdf)
    const h = model.header
    io.stdout.write(
      `wrote ${out}: ${kind === 'diagnosis' ? '诊断报告' : '验收评价'} ${h.reportNumber}, ${pageCount(pdf)} pages, ${pdf.length} bytes\n` +
        `report SHA-256 ${h.reportHash}\n`,
    )
    if (signing) {
      const c = describeCertificate(signing.credential.certificate)
      io.stdout.write(
        `${signing.note}; signer: ${c.subject}; valid until ${c.validTo.slice(0, 10)}\n`,
      )
    } else {
      io.stdout.write('NOT signed: no --p12 or --self-signed given\n')
    }
    return 0
  },
}
