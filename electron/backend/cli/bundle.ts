/**
 * `npm run assess -- bundle ASSESSMENT.json --evidence DIR_OR_FILE [--evidence …] --key KEYFILE
 *    --pass-env VAR -o OUT.dlbundle [--before DIAGNOSIS.dlbundle] [--supersedes OLD.dlbundle --reason TEXT]
 *    [--record-id ID] [--json]`
 * Signs the assessment and its evidence into a `.dlbundle` (design.md §5). A correction names
 * the bundle it replaces (--supersedes) and says why (--reason); the new bundle keeps the record
 * id and takes the next version. An acceptance names the signed diagnosis it compares against
 * (--before, required for an acceptance: verified, same USCC, assessed before it; issue 11 item 1).
 */
import { existsSync } from 'node:fs'
import type { BundleManifest } from '../../../shared/domain/bundle/types'
import { KeyError, unlockOnFirstSign } from '../crypto/keys'
import { BundleError, buildBundle, readEvidencePaths, readManifest } from '../bundle/build'
import { CliError, type CliCommand } from './cli-error'
import {
  MAX_BUNDLE_FILE_BYTES,
  MAX_JSON_BYTES,
  readInputBytes,
  readInputText,
  writeOutput,
} from './cli-files'
import { loadKeyFileOrFail } from './keys'
import { one, parseFlags, passphraseFrom, required } from './parse-flags'
import { parseAssessmentFile } from '../../../shared/domain/assessment-file'
import { BUILT_IN } from '../../../shared/domain/reference'
import { citationFor, readSignedDiagnosis, SignedDiagnosisError } from '../bundle/signed-diagnosis'

/**
 * manifest.diagnosis of an acceptance from --before (issue 11 item 1); undefined for another
 * kind without --before. An assessment that does not parse is left to buildBundle to name.
 */
function citedDiagnosis(assessment: Record<string, unknown>, beforePath: string | undefined) {
  const parsed = parseAssessmentFile(JSON.stringify(assessment), BUILT_IN)
  if (!parsed.ok) return undefined
  if (!beforePath) {
    if (parsed.value.kind === 'acceptance')
      throw new CliError(
        '--before: 验收评测须以 --before DIAGNOSIS.dlbundle 给出所对照的已签名诊断签名包 / an acceptance must cite its signed diagnosis bundle',
      )
    return undefined
  }
  const bytes = readInputBytes('--before', beforePath, MAX_BUNDLE_FILE_BYTES)
  try {
    return citationFor(readSignedDiagnosis(bytes, '--before', BUILT_IN), parsed.value, '--before')
  } catch (e) {
    if (e instanceof SignedDiagnosisError) throw new CliError(e.message)
    throw e
  }
}

const USAGE =
  'usage: npm run assess -- bundle ASSESSMENT.json [--evidence DIR_OR_FILE]… --key KEYFILE --pass-env VAR -o OUT.dlbundle [--before DIAGNOSIS.dlbundle] [--supersedes OLD.dlbundle --reason TEXT]'

/** The manifest of the bundle a correction replaces (--supersedes), its ids checked. */
function supersededManifest(path: string): BundleManifest {
  const bytes = readInputBytes('--supersedes', path, MAX_BUNDLE_FILE_BYTES)
  let m: Partial<BundleManifest> | null
  try {
    m = readManifest(bytes) as Partial<BundleManifest> | null
  } catch (e) {
    throw new CliError(`--supersedes: ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (
    !m ||
    typeof m !== 'object' ||
    typeof m.bundleId !== 'string' ||
    typeof m.recordId !== 'string' ||
    !Number.isSafeInteger(m.version)
  )
    throw new CliError(`--supersedes: ${path}: the manifest has no bundle id, record id or version`)
  return m as BundleManifest
}

export const bundleCommand: CliCommand = {
  usage: USAGE,
  summary: '签名打包 / sign an assessment + evidence into a .dlbundle',
  async run(args, io) {
    const p = parseFlags(
      args,
      {
        '--evidence': 'value',
        '--key': 'value',
        '--pass-env': 'value',
        '--out': 'value',
        '--supersedes': 'value',
        '--reason': 'value',
        '--record-id': 'value',
        '--before': 'value',
        '--json': 'bool',
      },
      { '-o': '--out', '-e': '--evidence' },
      USAGE,
    )
    const [assessmentPath, ...extra] = p.positional
    if (!assessmentPath)
      throw new CliError(`ASSESSMENT.json: required (the assessment file to sign); ${USAGE}`)
    if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'; ${USAGE}`)
    const out = required(p, '--out', USAGE)
    const keyFile = loadKeyFileOrFail(required(p, '--key', USAGE))
    const pass = passphraseFrom(p, io.env, USAGE)
    const text = readInputText('', assessmentPath, MAX_JSON_BYTES)
    let assessment: unknown
    try {
      assessment = JSON.parse(text)
    } catch (e) {
      throw new CliError(
        `${assessmentPath}: file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    if (!assessment || typeof assessment !== 'object' || Array.isArray(assessment))
      throw new CliError(`${assessmentPath}: expected a JSON object`)
    const supersedesPath = one(p, '--supersedes')
    const reason = one(p, '--reason')
    if (supersedesPath && !reason?.trim())
      throw new CliError('--reason: a correction (--supersedes) must give a reason')
    if (reason && !supersedesPath) throw new CliError('--reason: only with --supersedes')
    const diagnosis = citedDiagnosis(assessment as Record<string, unknown>, one(p, '--before'))
    if (existsSync(out))
      throw new CliError(`-o: ${out} already exists; signed bundles are never overwritten`)
    try {
      // the key is opened once the assessment and the evidence have been accepted
      const signer = unlockOnFirstSign(keyFile, pass)
      const recordId = one(p, '--record-id')
      const built = buildBundle({
        assessment: assessment as Record<string, unknown>,
        evidence: readEvidencePaths(p.flags.get('--evidence') ?? []),
        signer,
        ...(diagnosis ? { diagnosis } : {}),
        now: new Date(),
        ...(recordId ? { recordId } : {}),
        ...(supersedesPath
          ? {
              supersedes: { manifest: supersededManifest(supersedesPath), reason: reason! },
            }
          : {}),
      })
      writeOutput('-o', out, built.bytes, { exclusive: true })
      const m = built.manifest
      if (p.bools.has('--json'))
        io.stdout.write(
          JSON.stringify({
            file: out,
            bundleId: m.bundleId,
            recordId: m.recordId,
            version: m.version,
            manifestSha256: built.manifestSha256,
            keyId: m.assessorKey.keyId,
            evidence: m.evidence.length,
            bytes: built.bytes.length,
          }) + '\n',
        )
      else
        io.stdout.write(
          `已签名 / signed: ${out}\n  bundle ${m.bundleId} v${m.version} (record ${m.recordId})\n  ${m.evidence.length} evidence file(s), ${built.bytes.length} bytes, ${m.assessorKey.algorithm} key ${m.assessorKey.keyId}\n`,
        )
      return 0
    } catch (e) {
      if (e instanceof KeyError || e instanceof BundleError) throw new CliError(e.message)
      if (e instanceof Error && /^(version|supersedes|evidence)/.test(e.message))
        throw new CliError(e.message)
      throw e
    }
  },
}
