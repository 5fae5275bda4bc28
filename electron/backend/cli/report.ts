/**
 * `npm run assess -- report FILE -o OUT.pdf …`: the 诊断报告 or 验收评价 of an
 * `sme-dl-assessment/v1` file as a PDF/A-3b with the report data and the assessment embedded,
 * signed (PAdES) when a certificate is given.
 *
 *   --p12 P12 --pass-env VAR          sign with the assessor's .p12/.pfx (password from $VAR)
 *   --self-signed "张三/鹤壁市某评测机构" sign with a new self-issued certificate (CN/O);
 *                                     add --save-p12 PATH --pass-env VAR to keep it
 *   --kind diagnosis|acceptance       must be the file's kind (default: the file's kind)
 *   --before DIAGNOSIS.dlbundle       acceptance: the SIGNED diagnosis before the retrofit
 *                                     (verified; same USCC; assessed earlier; cited by its
 *                                     manifest SHA-256 and report number)
 *   --investment YUAN                 actual investment (实际投入), yuan with up to 2 decimals
 *   --diagnosis-cost YUAN             actual diagnosis cost; without it the line is 待核定
 *   --issued-on YYYY-MM-DD            出具日期, between the assessment date and today (default today)
 *   --number NO                       report number (default: derived from the report data)
 *   --central URL                     the QR code holds URL/v1/reports/<number>?sha256=<hash>
 * An incomplete assessment renders as a 草稿 (watermark, DRAFT- number) and cannot be signed.
 * Without --p12 / --self-signed the PDF is unsigned and says 「未签名」.
 */
import { isCalendarDate, resolveFile } from '../../../shared/domain/assessment-file'
import { localDate } from '../../../shared/domain/dates'
import { hasUnsafeDisplayChars } from '../../../shared/domain/text/display'
import {
  assessmentAttachment,
  buildAcceptanceReport,
  buildDiagnosisReport,
  type ReportFile,
} from '../../../shared/domain/report'
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
import { readSignedDiagnosis, SignedDiagnosisError } from '../bundle/signed-diagnosis'
import { ReportInputError } from '../../../shared/domain/report/errors'

export { pageCount }
import { CliError, type CliCommand, type CliIo } from './cli-error'
import { MAX_BUNDLE_FILE_BYTES, MAX_KEY_BYTES, readInputBytes, writeOutput } from './cli-files'
import { one, parseFlags, passphraseFrom, required, type ParsedFlags } from './parse-flags'
import { ruleProfilesOf } from './rule-profile-flags'
import { readAssessmentFile } from './score'

const USAGE =
  'usage: npm run assess -- report FILE -o OUT.pdf [--p12 P12 --pass-env VAR | --self-signed "CN/O" [--save-p12 PATH --pass-env VAR]] [--kind diagnosis|acceptance --before DIAGNOSIS.dlbundle --investment YUAN [--diagnosis-cost YUAN]] [--issued-on YYYY-MM-DD] [--number NO] [--central URL] [--rule-profile FILE.json… [--server-key PEM]]'

/** Report builder input paths → the flag (or file field) a user fixes. */
const FLAG_OF: Record<string, string> = {
  issuedOn: '--issued-on',
  before: '--before',
  kind: '--kind',
  reportNumber: '--number',
  investmentFen: '--investment',
  diagnosisCostFen: '--diagnosis-cost',
  enterprise: 'enterprise.batch',
  assessedOn: 'assessedOn',
}

/** A builder's ReportInputError as a CliError naming the flag (the field is data, not text). */
function asCliError(e: unknown): CliError {
  if (e instanceof CliError) return e
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e)
  if (!(e instanceof ReportInputError)) return new CliError(message)
  const flag = FLAG_OF[e.field] ?? FLAG_OF[e.field.split('.')[0]!]
  const text = message.startsWith(`${e.field}:`)
    ? message.slice(e.field.length + 1).trim()
    : message
  return new CliError(flag ? `${flag}: ${text}` : message)
}

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
  usage: USAGE,
  summary:
    '诊断报告 / 验收评价 as a (signed) PDF/A: report FILE -o OUT.pdf [--p12 P12 --pass-env VAR]',
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
        '--central': 'value',
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
    const today = localDate(new Date())
    const issuedOn = one(p, '--issued-on') ?? today
    if (!isCalendarDate(issuedOn))
      throw new CliError(`--issued-on: must be a calendar date YYYY-MM-DD, got '${issuedOn}'`)
    const central = one(p, '--central')
    if (central !== undefined && !/^https?:\/\/[^\s/]+/.test(central))
      throw new CliError(`--central: must be an http(s) URL, got '${central}'`)
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
    if (!kindFlag && file.kind === 'recheck')
      throw new CliError(
        "--kind: a 复核 file gives a 复核报告 only against its signed original (the app's 复核 screen)",
      )
    const kind = kindFlag ?? (file.kind as 'diagnosis' | 'acceptance')
    const { pinned, profile } = resolveFile(file, registry)
    const common = {
      pinned,
      profile,
      issuedOn,
      today,
      reportNumber: number,
      ...(central ? { verifyBaseUrl: central } : {}),
    }

    let model: ReportModel
    let files: ReportFile[]
    try {
      if (kind === 'diagnosis') {
        if (one(p, '--before')) throw new CliError('--before: only with --kind acceptance')
        files = [assessmentAttachment(file)]
        model = buildDiagnosisReport({ ...common, file, files })
      } else {
        const beforePath = one(p, '--before')
        if (!beforePath)
          throw new CliError(
            `--before: required for an acceptance report (the signed diagnosis bundle, .dlbundle); ${USAGE}`,
          )
        const investment = one(p, '--investment')
        if (investment === undefined)
          throw new CliError('--investment: required for an acceptance report (实际投入, yuan)')
        const cost = one(p, '--diagnosis-cost')
        const investmentFen = parseYuan('--investment', investment)
        const diagnosisCostFen =
          cost === undefined ? undefined : parseYuan('--diagnosis-cost', cost)
        const bytes = readInputBytes('--before', beforePath, MAX_BUNDLE_FILE_BYTES)
        const diagnosis = readSignedDiagnosis(bytes, '--before', registry)
        files = [assessmentAttachment(file), ...diagnosis.files]
        model = buildAcceptanceReport({
          ...common,
          before: diagnosis.file,
          after: file,
          diagnosis: diagnosis.citation,
          files,
          policy: HEBI_2024,
          investmentFen,
          diagnosisCostFen,
        })
      }
    } catch (e) {
      if (e instanceof SignedDiagnosisError) throw new CliError(e.message)
      throw asCliError(e)
    }

    const h = model.header
    const wantsSignature = one(p, '--p12') !== undefined || one(p, '--self-signed') !== undefined
    if (wantsSignature && !h.formal)
      throw new CliError(
        `${one(p, '--p12') !== undefined ? '--p12' : '--self-signed'}: 草稿不能签名：${h.draftReasons.join('；')}`,
      )
    const signing = await credentialFrom(p, io)
    const pdf = await renderReportPdf(model, { credential: signing?.credential, files })
    writeOutput('-o', out, pdf)
    io.stdout.write(
      `wrote ${out}: ${h.formal ? '' : '草稿 '}${kind === 'diagnosis' ? '诊断报告' : '验收评价'} ${h.reportNumber}, ${pageCount(pdf)} pages, ${pdf.length} bytes\n` +
        `report SHA-256 ${h.reportHash}\n`,
    )
    if (!h.formal) io.stdout.write(`DRAFT: ${h.draftReasons.join('; ')}\n`)
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
