/**
 * `npm run assess -- verify-report FILE.pdf [--json] [--rule-profile FILE.json… [--server-key PEM]]`
 * Checks a report PDF from the file alone (electron/backend/report/verify-report.ts): the PAdES
 * signature and certificate, report.json and the embedded data, the re-score, and that the pages
 * print what report.json says. Exit 0: valid. Exit 2: invalid, the first reason on one line
 * naming what failed (every reason with --json).
 */
import { verifyReportPdf } from '../report/verify-report'
import { CliError, type CliCommand } from './cli-error'
import { one, parseFlags } from './parse-flags'
import { ruleProfilesOf } from './rule-profile-flags'
import { readInputBytes } from './cli-files'

/** A report PDF larger than this is not one of ours (reports are a few MiB). */
const MAX_REPORT_PDF_BYTES = 512 * 1024 * 1024

const USAGE =
  'usage: npm run assess -- verify-report FILE.pdf [--json] [--rule-profile FILE.json… [--server-key PEM]]'

export const verifyReportCommand: CliCommand = {
  usage: USAGE,
  summary: '核验报告 PDF / verify a report PDF (signature, embedded data, re-score, print)',
  async run(args, io) {
    const p = parseFlags(
      args,
      { '--json': 'bool', '--rule-profile': 'value', '--server-key': 'value' },
      {},
      USAGE,
    )
    const [file, ...extra] = p.positional
    if (!file) throw new CliError(`FILE.pdf: required (the report to verify); ${USAGE}`)
    if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'; ${USAGE}`)
    const bytes = readInputBytes('FILE.pdf', file, MAX_REPORT_PDF_BYTES)
    const registry = ruleProfilesOf(
      p.flags.get('--rule-profile') ?? [],
      one(p, '--server-key'),
      USAGE,
    )
    const v = await verifyReportPdf(bytes, registry)
    if (p.bools.has('--json')) {
      io.stdout.write(JSON.stringify(v) + '\n')
      return v.valid ? 0 : 2
    }
    if (!v.valid) {
      const more =
        v.problems.length > 1 ? ` (+${v.problems.length - 1} more; --json lists all)` : ''
      io.stderr.write(`invalid: ${v.problems[0]}${more}\n`)
      return 2
    }
    const s = v.signer!
    io.stdout.write(
      `valid: ${v.kind} report ${v.number}, total ${v.total}, level ${v.level}${v.verdict ? `, verdict ${v.verdict}` : ''}\n` +
        `report SHA-256 ${v.reportSha256}\n` +
        `signed by ${s.subject} at ${s.signingTime}; certificate SHA-256 ${s.fingerprint256}${s.selfIssued ? ' (self-issued: check the fingerprint with the assessor)' : ''}\n`,
    )
    return 0
  },
}
